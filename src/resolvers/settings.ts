import type {
  AdminRoleCount,
  AwayStatusReasonResolvers,
  BrandResolvers,
  IpAllowlistResolvers,
  Resolvers,
  SecurityEventConnectionResolvers,
  SecurityEventResolvers,
  WorkspaceOverviewResolvers,
  WorkspaceResolvers,
} from '../generated/graphql.js';
import { ErrorCode } from '../errors.js';
import type { GatewayContext } from '../graphql/context.js';
import {
  DEFAULT_PAGE_SIZES,
  pageResolvers,
  readPage,
} from '../graphql/pagination.js';
import { scoped, type WorkspaceParent } from '../graphql/parents.js';
import { fromUnix } from '../graphql/scalars.js';
import {
  changeValues,
  securityCategory,
  securityEventTypes,
} from '../graphql/security-events.js';
import { badInput } from '../graphql/user-errors.js';
import { IntercomError } from '../intercom/errors.js';
import type { IntercomIpAllowlist } from '../intercom/models.js';
import { activityResolvers } from './activity.js';
import { roleOf } from './values.js';
import { activityBounds, app, logSearch } from './workspace.js';

const settingsOf = ({ connection }: WorkspaceParent, context: GatewayContext) =>
  context.loadersFor(connection).settings;

/**
 * Intercom's allowlist always says whether it is on; an answer that does
 * not is malformed and fails the fields that need it.
 */
function allowlistEnabled(
  allowlist: IntercomIpAllowlist,
  connectionId: string,
): boolean {
  if (typeof allowlist.enabled === 'boolean') return allowlist.enabled;
  throw new IntercomError(
    `Intercom's answer to GET /ip_allowlist for connection '${connectionId}' does not say whether it is enabled`,
    { code: ErrorCode.UPSTREAM_UNAVAILABLE, connectionId },
  );
}

/** The same fact on the workspace and in its overview, from `GET /me`. */
const identityVerification = async (
  parent: WorkspaceParent,
  _args: unknown,
  context: GatewayContext,
) => (await app(parent, context)).identity_verification ?? null;

const Workspace: WorkspaceResolvers = {
  identityVerification,
  ipAllowlist: async (parent, _args, context) => {
    const allowlist = await settingsOf(parent, context).ipAllowlist();
    allowlistEnabled(allowlist, parent.connection.id);
    return allowlist;
  },
  brands: (parent, _args, context) => settingsOf(parent, context).brands(),
  awayStatusReasons: (parent, _args, context) =>
    settingsOf(parent, context).awayStatusReasons(),
  activityLogEventTypes: (parent, _args, context) =>
    settingsOf(parent, context).activityLogEventTypes(),

  securityEvents: ({ connection }, args, { call }) => {
    const bounds = activityBounds(args.since, args.until, {
      start: 'since',
      end: 'until',
      startIncluded: true,
    });
    if (args.categories?.length === 0) {
      throw badInput(
        'Expected `categories` to name at least one category; leave it out for every category.',
        'categories',
      );
    }
    const eventTypes = securityEventTypes(args.categories);
    return readPage({
      identity: {
        connectionId: connection.id,
        list: 'securityEvents',
        filter: { ...bounds.range, eventTypes },
      },
      args: { first: args.first, after: args.after },
      defaultFirst: DEFAULT_PAGE_SIZES.securityEvents,
      ...logSearch(connection, call, bounds, eventTypes),
      toNode: (entry) => scoped(connection, entry),
    });
  },

  overview: (parent) => parent,
};

const WorkspaceOverview: WorkspaceOverviewResolvers = {
  identityVerification,
  ipAllowlistEnabled: async (parent, _args, context) =>
    allowlistEnabled(
      await settingsOf(parent, context).ipAllowlist(),
      parent.connection.id,
    ),
  ipAllowlistEntryCount: async (parent, _args, context) =>
    ((await settingsOf(parent, context).ipAllowlist()).ip_allowlist ?? [])
      .length,
  adminCount: async ({ connection }, _args, context) =>
    (await context.loadersFor(connection).admins.all()).length,
  adminsByRole: async ({ connection }, _args, context) => {
    const admins = await context.loadersFor(connection).admins.all();
    const counts = new Map<string | null, AdminRoleCount>();
    for (const admin of admins) {
      const role = roleOf(admin);
      const key = role?.id ?? null;
      const count = counts.get(key) ?? { role, adminCount: 0 };
      count.adminCount += 1;
      counts.set(key, count);
    }
    return [...counts.values()];
  },
  adminsWithInboxSeat: async ({ connection }, _args, context) =>
    (await context.loadersFor(connection).admins.all()).filter(
      (admin) => admin.has_inbox_seat === true,
    ).length,
  teamCount: async ({ connection }, _args, context) =>
    (await context.loadersFor(connection).teams.all()).length,
  tagCount: async ({ connection }, _args, context) =>
    (await context.loadersFor(connection).tags.all()).length,
  contactCount: (parent, _args, context) =>
    settingsOf(parent, context).contactCount(),
  openConversationCount: (parent, _args, context) =>
    settingsOf(parent, context).openConversationCount(),
  lastSecuritySettingsChangeAt: async (parent, _args, context) =>
    fromUnix(
      (await settingsOf(parent, context).lastSecuritySettingsChange())
        ?.created_at,
    ),
};

const IpAllowlist: IpAllowlistResolvers = {
  // Checked by `Workspace.ipAllowlist` before it gets here.
  enabled: (allowlist) => allowlist.enabled === true,
  entries: (allowlist) => allowlist.ip_allowlist ?? [],
};

const Brand: BrandResolvers = {
  id: (brand) => brand.id,
  name: (brand) => brand.name ?? null,
  isDefault: (brand) => brand.is_default ?? false,
  createdAt: (brand) => fromUnix(brand.created_at),
  updatedAt: (brand) => fromUnix(brand.updated_at),
  helpCenterId: (brand) => brand.help_center_id ?? null,
  defaultAddressSettingsId: (brand) =>
    brand.default_address_settings_id ?? null,
};

const AwayStatusReason: AwayStatusReasonResolvers = {
  id: (reason) => reason.id,
  label: (reason) => reason.label ?? null,
  emoji: (reason) => reason.emoji ?? null,
  order: (reason) => reason.order ?? null,
  deleted: (reason) => reason.deleted ?? false,
  createdAt: (reason) => fromUnix(reason.created_at),
  updatedAt: (reason) => fromUnix(reason.updated_at),
};

/** A security event is an activity log entry with a category. */
const SecurityEvent: SecurityEventResolvers = {
  ...(activityResolvers.ActivityLog as SecurityEventResolvers),
  category: ({ record, connection }) => {
    const category = securityCategory(record.activity_type);
    if (category) return category;
    // Filtered out before it gets here; kept as a check, not a guess.
    throw new IntercomError(
      `Intercom's activity search for connection '${connection.id}' returned a ${record.activity_type} entry, which no security category holds`,
      { code: ErrorCode.UPSTREAM_UNAVAILABLE, connectionId: connection.id },
    );
  },
  before: ({ record }) => changeValues(record.metadata).before,
  after: ({ record }) => changeValues(record.metadata).after,
};

const SecurityEventConnection: SecurityEventConnectionResolvers =
  pageResolvers();

export const settingsResolvers: Resolvers = {
  Workspace,
  WorkspaceOverview,
  IpAllowlist,
  Brand,
  AwayStatusReason,
  SecurityEvent,
  SecurityEventConnection,
};
