import type {
  IntercomConnectionResolvers,
  Resolvers,
} from '../generated/graphql.js';
import { describeHealth, missingScopes } from '../connections/health.js';
import type { Connection } from '../connections/registry.js';
import type { Health } from '../connections/health.js';
import type { GatewayContext } from '../graphql/context.js';
import { connectionById } from './query.js';
import { regionEnum } from './values.js';

function healthOf(
  connection: Connection,
  { stats }: GatewayContext,
): Promise<Health> {
  return connection.health.get({ stats });
}

const IntercomConnection: IntercomConnectionResolvers = {
  id: (connection) => connection.id,
  region: (connection) => regionEnum(connection.region),
  status: async (connection, _args, context) =>
    (await healthOf(connection, context)).status,
  statusMessage: async (connection, _args, context) =>
    describeHealth(await healthOf(connection, context), connection.id),
  checkedAt: async (connection, _args, context) =>
    new Date((await healthOf(connection, context)).checkedAt).toISOString(),
  tokenRegion: async (connection, _args, context) => {
    const health = await healthOf(connection, context);
    return health.status === 'WRONG_REGION'
      ? regionEnum(health.tokenRegion)
      : null;
  },
  missingScopes: async (connection, _args, context) => {
    const health = await healthOf(connection, context);
    return health.status === 'MISSING_SCOPE' ? missingScopes(health) : null;
  },
  workspace: (connection) => ({ connection }),
};

export const connectionResolvers: Resolvers = {
  IntercomConnection,
  Mutation: {
    checkConnection: async (_parent, { id }, context) => {
      const connection = connectionById(context, id);
      await connection.health.get({ fresh: true, stats: context.stats });
      return connection;
    },
  },
};
