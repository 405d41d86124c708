import type {
  AdminResolvers,
  CompanyResolvers,
  Resolvers,
  TagResolvers,
  TeamResolvers,
} from '../generated/graphql.js';
import { scoped } from '../graphql/parents.js';
import { fromUnix } from '../graphql/scalars.js';
import { isMissing } from './values.js';

const Admin: AdminResolvers = {
  id: ({ record }) => record.id,
  name: ({ record }) => record.name,
  email: ({ record }) => record.email || null,
  jobTitle: ({ record }) => record.job_title ?? null,
  awayModeEnabled: ({ record }) => record.away_mode_enabled ?? null,
  awayModeReassign: ({ record }) => record.away_mode_reassign ?? null,
  hasInboxSeat: ({ record }) => record.has_inbox_seat ?? null,
  avatar: ({ record }) => record.avatar ?? null,
  teams: async ({ connection, record }, _args, context) => {
    const ids = record.team_ids ?? [];
    const teams = await context.loadersFor(connection).team.loadMany(ids);
    return presentOnly(teams).map((team) => scoped(connection, team));
  },
};

const Team: TeamResolvers = {
  id: ({ record }) => record.id,
  name: ({ record }) => record.name,
  admins: async ({ connection, record }, _args, context) => {
    const ids = record.admin_ids ?? [];
    const admins = await context.loadersFor(connection).admin.loadMany(ids);
    return presentOnly(admins).map((admin) => scoped(connection, admin));
  },
};

const Tag: TagResolvers = {
  id: ({ record }) => record.id,
  name: ({ record }) => record.name,
};

const Company: CompanyResolvers = {
  id: ({ record }) => record.id,
  companyId: ({ record }) => record.company_id ?? null,
  name: ({ record }) => record.name ?? null,
  website: ({ record }) => record.website ?? null,
  industry: ({ record }) => record.industry ?? null,
  size: ({ record }) => record.size ?? null,
  monthlySpend: ({ record }) => record.monthly_spend ?? null,
  sessionCount: ({ record }) => record.session_count ?? null,
  userCount: ({ record }) => record.user_count ?? null,
  plan: ({ record }) => record.plan?.name ?? null,
  createdAt: ({ record }) => fromUnix(record.created_at),
  updatedAt: ({ record }) => fromUnix(record.updated_at),
  remoteCreatedAt: ({ record }) => fromUnix(record.remote_created_at),
  lastRequestAt: ({ record }) => fromUnix(record.last_request_at),
  // Intercom embeds each tag's id and name in the company itself.
  tags: ({ connection, record }) =>
    (record.tags?.tags ?? []).map((tag) => scoped(connection, tag)),
  customAttributes: ({ record }) => record.custom_attributes ?? {},
};

/**
 * Members of a directory list that no longer exist are left out rather
 * than failing the list: the list is non-null and Intercom removes such
 * links itself soon after. Any other failure still fails the field.
 */
export function presentOnly<T>(results: (T | Error)[]): T[] {
  const present: T[] = [];
  for (const result of results) {
    if (isMissing(result)) continue;
    if (result instanceof Error) throw result;
    present.push(result);
  }
  return present;
}

export const directoryResolvers: Resolvers = { Admin, Team, Tag, Company };
