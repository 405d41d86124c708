import type { Resolvers } from '../generated/graphql.js';

export const queryResolvers: Resolvers = {
  Query: {
    connections: (_parent, _args, { registry }) => registry.list(),
    connection: (_parent, { id }, { registry }) => registry.get(id) ?? null,
  },
};
