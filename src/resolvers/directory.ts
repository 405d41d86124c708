import type {
  AdminResolvers,
  CompanyResolvers,
  Resolvers,
  TagResolvers,
  TeamResolvers,
} from '../generated/graphql.js';
import type { Connection } from '../connections/registry.js';
import type { GatewayContext } from '../graphql/context.js';
import { scoped } from '../graphql/parents.js';
import { fromUnix } from '../graphql/scalars.js';
import { isMissing, roleOf } from './values.js';

const Admin: AdminResolvers = {
  id: ({ record }) => record.id,
  name: ({ record }) => record.name,
  email: ({ record }) => record.email || null,
  jobTitle: ({ record }) => record.job_title ?? null,
  awayModeEnabled: ({ record }) => record.away_mode_enabled ?? null,
  awayModeReassign: ({ record }) => record.away_mode_reassign ?? null,
  hasInboxSeat: ({ record }) => record.has_inbox_seat ?? null,
  avatar: ({ record }) => record.avatar ?? null,
  teams: ({ connection, record }, _args, context) =>
    teamsById(connection, record.team_ids, context),
  role: ({ record }) => roleOf(record),
  awayStatusReason: async ({ connection, record }, _args, context) => {
    const id = record.away_status_reason_id;
    if (id === null || id === undefined) return null;
    const reasons = await context
      .loadersFor(connection)
      .settings.awayStatusReasons();
    return reasons.find((reason) => reason.id === String(id)) ?? null;
  },
  primaryTeams: ({ connection, record }, _args, context) =>
    teamsById(
      connection,
      record.team_priority_level?.primary_team_ids,
      context,
    ),
  secondaryTeams: ({ connection, record }, _args, context) =>
    teamsById(
      connection,
      record.team_priority_level?.secondary_team_ids,
      context,
    ),
};

const Team: TeamResolvers = {
  id: ({ record }) => record.id,
  name: ({ record }) => record.name,
  admins: ({ connection, record }, _args, context) =>
    adminsById(connection, record.admin_ids, context),
  primaryAdmins: ({ connection, record }, _args, context) =>
    adminsById(
      connection,
      record.admin_priority_level?.primary_admin_ids,
      context,
    ),
  secondaryAdmins: ({ connection, record }, _args, context) =>
    adminsById(
      connection,
      record.admin_priority_level?.secondary_admin_ids,
      context,
    ),
};

async function teamsById(
  connection: Connection,
  ids: readonly number[] | null | undefined,
  context: GatewayContext,
) {
  const teams = await context.loadersFor(connection).team.loadMany(ids ?? []);
  return presentOnly(teams).map((team) => scoped(connection, team));
}

async function adminsById(
  connection: Connection,
  ids: readonly number[] | null | undefined,
  context: GatewayContext,
) {
  const admins = await context.loadersFor(connection).admin.loadMany(ids ?? []);
  return presentOnly(admins).map((admin) => scoped(connection, admin));
}

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
