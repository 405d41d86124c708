import { GraphQLError } from 'graphql';
import { forbidden } from '../auth/callers.js';
import type { Connection } from '../connections/registry.js';
import { ErrorCode } from '../errors.js';
import type { Resolvers } from '../generated/graphql.js';
import type { GatewayContext } from '../graphql/context.js';
import {
  CONNECTION_ID,
  CONNECTION_ID_RULE,
  whatBreaksConnectionId,
} from '../graphql/user-errors.js';

/**
 * A connection the caller may use, by id. A caller limited to some
 * connections gets FORBIDDEN for any other id, whether or not it exists,
 * so that it cannot learn which other connections the gateway serves; a
 * caller of every connection gets NOT_FOUND for an unknown id.
 */
export function connectionById(
  context: GatewayContext,
  id: string,
): Connection {
  const { caller, registry } = context;
  // An id that breaks the rule of connection ids names none, and is not
  // shown: it is most often a token pasted into the wrong argument.
  if (!CONNECTION_ID.test(id)) {
    const broken = `connection ids are ${CONNECTION_ID_RULE}, and this one is ${whatBreaksConnectionId(id)}`;
    if (!caller.allows(id)) {
      throw forbidden(
        `Caller '${caller.name}' may not use a connection of that id (${broken}); \`connections\` lists the ones it may.`,
      );
    }
    throw new GraphQLError(
      `No connection has that id (${broken}); \`connections\` lists the ones you may use.`,
      { extensions: { code: ErrorCode.NOT_FOUND } },
    );
  }
  if (!caller.allows(id)) {
    throw forbidden(
      `Caller '${caller.name}' may not use connection '${id}'; \`connections\` lists the ones it may.`,
    );
  }
  const connection = registry.get(id);
  if (connection) {
    context.stats.connections.add(connection.id);
    return connection;
  }
  // Null alone would hide a typo; the error says what to do instead.
  throw new GraphQLError(
    `No connection has the id '${id}'; \`connections\` lists the ones you may use.`,
    { extensions: { code: ErrorCode.NOT_FOUND } },
  );
}

/** The connections the caller may use, in the registry's order. */
export function visibleConnections(context: GatewayContext): Connection[] {
  return context.registry
    .list()
    .filter((connection) => context.caller.allows(connection.id));
}

export const queryResolvers: Resolvers = {
  Query: {
    connections: (_parent, _args, context) => {
      const visible = visibleConnections(context);
      for (const { id } of visible) context.stats.connections.add(id);
      return visible;
    },
    connection: (_parent, { id }, context) => connectionById(context, id),
  },
};
