import { GraphQLError } from 'graphql';
import type {
  Connection,
  ConnectionRegistry,
} from '../connections/registry.js';
import { ErrorCode } from '../errors.js';
import type { Resolvers } from '../generated/graphql.js';

/** A configured connection, or NOT_FOUND naming what to do instead. */
export function connectionById(
  registry: ConnectionRegistry,
  id: string,
): Connection {
  const connection = registry.get(id);
  if (connection) return connection;
  // Null alone would hide a typo; the error says what to do instead.
  throw new GraphQLError(
    `No connection has the id '${id.slice(0, 64)}'; \`connections\` lists the ones you may use.`,
    { extensions: { code: ErrorCode.NOT_FOUND } },
  );
}

export const queryResolvers: Resolvers = {
  Query: {
    connections: (_parent, _args, { registry }) => registry.list(),
    connection: (_parent, { id }, { registry }) => connectionById(registry, id),
  },
};
