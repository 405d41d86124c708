import type {
  IntercomConnectionResolvers,
  Resolvers,
} from '../generated/graphql.js';
import { describeHealth } from '../connections/health.js';
import { connectionById } from './query.js';
import { regionEnum } from './values.js';

const IntercomConnection: IntercomConnectionResolvers = {
  id: (connection) => connection.id,
  region: (connection) => regionEnum(connection.region),
  status: async (connection) => (await connection.health.get()).status,
  statusMessage: async (connection) =>
    describeHealth(await connection.health.get(), connection.id),
  checkedAt: async (connection) =>
    new Date((await connection.health.get()).checkedAt).toISOString(),
  tokenRegion: async (connection) => {
    const health = await connection.health.get();
    return health.status === 'WRONG_REGION'
      ? regionEnum(health.tokenRegion)
      : null;
  },
  missingScopes: async (connection) => {
    const health = await connection.health.get();
    return health.status === 'MISSING_SCOPE' ? health.missing : null;
  },
  workspace: (connection) => ({ connection }),
};

export const connectionResolvers: Resolvers = {
  IntercomConnection,
  Mutation: {
    checkConnection: async (_parent, { id }, { registry }) => {
      const connection = connectionById(registry, id);
      await connection.health.get({ fresh: true });
      return connection;
    },
  },
};
