import type {
  ActivityLogConnectionResolvers,
  ActivityLogResolvers,
  CompanyConnectionResolvers,
  Resolvers,
} from '../generated/graphql.js';
import { pageResolvers, requiredTotal } from '../graphql/pagination.js';
import { scoped } from '../graphql/parents.js';
import { requiredTime, isMissing } from './values.js';

const ActivityLog: ActivityLogResolvers = {
  id: ({ record }) => record.id,
  activityType: ({ record }) => record.activity_type,
  description: ({ record }) => record.activity_description ?? null,
  createdAt: ({ record, connection }) =>
    requiredTime(record.created_at, connection.id, 'an activity created_at'),
  // The log outlives the admins in it: one since deleted is null here,
  // not an error, and performedById still says who it was.
  performedBy: async ({ connection, record }, _args, context) => {
    const id = record.performed_by?.id;
    if (!id || record.performed_by?.type !== 'admin') return null;
    try {
      const admin = await context.loadersFor(connection).admin.load(id);
      return scoped(connection, admin);
    } catch (error: unknown) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
  performedById: ({ record }) => record.performed_by?.id ?? null,
  performedByEmail: ({ record }) => record.performed_by?.email ?? null,
  ip: ({ record }) => record.performed_by?.ip ?? null,
  metadata: ({ record }) => record.metadata ?? null,
};

const ActivityLogConnection: ActivityLogConnectionResolvers = pageResolvers();
const CompanyConnection: CompanyConnectionResolvers = {
  ...pageResolvers(),
  totalCount: requiredTotal,
};

export const activityResolvers: Resolvers = {
  ActivityLog,
  ActivityLogConnection,
  CompanyConnection,
};
