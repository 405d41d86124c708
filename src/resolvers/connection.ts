import type {
  ConnectionStatus,
  IntercomConnectionResolvers,
  Resolvers,
} from '../generated/graphql.js';
import { IntercomError } from '../intercom/errors.js';
import type { GatewayContext } from '../graphql/context.js';
import type { Connection } from '../connections/registry.js';
import { regionEnum } from './values.js';

interface Health {
  status: ConnectionStatus;
  message: string;
}

/**
 * A connection's health, read from `GET /me` on its own region. It shares
 * the operation's `me` read with `workspace`, so asking for both costs one
 * call, and none while the answer is cached.
 */
async function health(
  connection: Connection,
  context: GatewayContext,
): Promise<Health> {
  try {
    const me = await context.loadersFor(connection).me();
    const name = me.app?.name ?? 'unnamed workspace';
    return {
      status: 'ACTIVE',
      message: `Intercom accepts the token for workspace '${name}'.`,
    };
  } catch (error: unknown) {
    if (!(error instanceof IntercomError)) throw error;
    switch (error.code) {
      case 'INTERCOM_UNAUTHORIZED':
        return {
          status: 'INVALID_TOKEN',
          message: `${error.message}. Replace the connection's token with a valid access token from Intercom's Developer Hub, for a workspace in the ${connection.region.toUpperCase()} region.`,
        };
      case 'FORBIDDEN':
        return {
          status: 'MISSING_SCOPE',
          message: `${error.message}. Grant the app the missing permission in Intercom's Developer Hub.`,
        };
      case 'RATE_LIMITED':
        return {
          status: 'RATE_LIMITED',
          message: `${error.message}. Wait for the limit to reset.`,
        };
      case 'NOT_FOUND':
      case 'BAD_USER_INPUT':
      case 'UPSTREAM_UNAVAILABLE':
        return {
          status: 'UNREACHABLE',
          message: `${error.message}. Check the region's host in the configuration and the network path to it.`,
        };
    }
  }
}

const IntercomConnection: IntercomConnectionResolvers = {
  id: (connection) => connection.id,
  region: (connection) => regionEnum(connection.region),
  status: async (connection, _args, context) =>
    (await health(connection, context)).status,
  statusMessage: async (connection, _args, context) =>
    (await health(connection, context)).message,
  workspace: (connection) => ({ connection }),
};

export const connectionResolvers: Resolvers = { IntercomConnection };
