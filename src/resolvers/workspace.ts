import type {
  AdminFilter,
  Resolvers,
  WorkspaceResolvers,
} from '../generated/graphql.js';
import { contactSearch, conversationSearch } from '../graphql/filters.js';
import { DEFAULT_PAGE_SIZES, readPage } from '../graphql/pagination.js';
import { ErrorCode } from '../errors.js';
import type { GatewayContext } from '../graphql/context.js';
import { scoped, type WorkspaceParent } from '../graphql/parents.js';
import { IntercomError } from '../intercom/errors.js';
import {
  COMPANY_PAGE_SIZE,
  LOG_POSITION,
  type PageRequest,
} from '../intercom/api.js';
import type { CallOptions } from '../intercom/client.js';
import type { Connection } from '../connections/registry.js';
import type {
  IntercomActivityLog,
  IntercomAdmin,
  IntercomApp,
} from '../intercom/models.js';
import { fromUnix } from '../graphql/scalars.js';
import {
  badInput,
  checkConversationId,
  checkId,
} from '../graphql/user-errors.js';
import { appRegion, roleOf } from './values.js';

/** The workspace behind a connection, from the operation's `GET /me`. */
export async function app(
  { connection }: WorkspaceParent,
  context: GatewayContext,
): Promise<IntercomApp> {
  const me = await context.loadersFor(connection).me();
  if (!me.app) {
    throw new IntercomError(
      `Intercom's answer to GET /me for connection '${connection.id}' names no workspace`,
      { code: ErrorCode.UPSTREAM_UNAVAILABLE, connectionId: connection.id },
    );
  }
  return me.app;
}

const Workspace: WorkspaceResolvers = {
  companies: ({ connection }, { first, after }, { call }) =>
    readPage({
      identity: { connectionId: connection.id, list: 'companies', filter: {} },
      args: { first, after },
      defaultFirst: DEFAULT_PAGE_SIZES.companies,
      maxFirst: COMPANY_PAGE_SIZE,
      fetch: (page) => connection.api.companiesPage(page, call),
      // Companies page by number: a cursor's position is a page number.
      validPosition: (page) => /^[1-9]\d{0,6}$/.test(page),
      toNode: (company) => scoped(connection, company),
    }),
  company: async ({ connection }, { id }, context) =>
    scoped(
      connection,
      await context.loadersFor(connection).company.load(checkId(id, 'id')),
    ),
  activityLogs: ({ connection }, args, { call }) => {
    const bounds = activityBounds(args.createdAfter, args.createdBefore);
    const types = eventTypes(args.eventTypes);
    return readPage({
      identity: {
        connectionId: connection.id,
        list: 'activityLogs',
        filter: { ...bounds.range, types: args.eventTypes ?? null },
      },
      args: { first: args.first, after: args.after },
      defaultFirst: DEFAULT_PAGE_SIZES.activityLogs,
      ...(types
        ? typesRefusedAsInput(logSearch(connection, call, bounds, types))
        : {
            fetch: (page: PageRequest) =>
              connection.api.activityLogsPage(page, bounds.range, call),
            // Intercom filters the log by whole seconds, bounds included:
            // the exact bounds are applied here.
            keep: (entry: IntercomActivityLog) => bounds.keep(entry.created_at),
          }),
      toNode: (entry) => scoped(connection, entry),
    });
  },
  segments: ({ connection }, _args, context) =>
    context.loadersFor(connection).segments(),
  dataAttributes: async ({ connection }, { model }, { call }) => {
    if (model === 'CONVERSATION') {
      const list = await connection.api.conversationAttributes(call);
      return list.data.map((record) => ({ model, record }));
    }
    const name = model === 'CONTACT' ? 'contact' : 'company';
    const list = await connection.api.dataAttributes(name, call);
    return list.data.map((record) => ({ model, record }));
  },

  id: async (parent, _args, context) => (await app(parent, context)).id_code,
  name: async (parent, _args, context) => (await app(parent, context)).name,
  region: async (parent, _args, context) =>
    appRegion((await app(parent, context)).region, parent.connection.region),
  timezone: async (parent, _args, context) =>
    (await app(parent, context)).timezone ?? null,
  createdAt: async (parent, _args, context) =>
    fromUnix((await app(parent, context)).created_at),

  admins: async ({ connection }, { filter }, context) => {
    const matches = filter ? adminFilter(filter) : () => true;
    const admins = await context.loadersFor(connection).admins.all();
    return admins.filter(matches).map((admin) => scoped(connection, admin));
  },
  admin: async ({ connection }, { id }, context) =>
    scoped(
      connection,
      await context.loadersFor(connection).admin.load(checkId(id, 'id')),
    ),

  teams: async ({ connection }, _args, context) => {
    const teams = await context.loadersFor(connection).teams.all();
    return teams.map((team) => scoped(connection, team));
  },
  team: async ({ connection }, { id }, context) =>
    scoped(
      connection,
      await context.loadersFor(connection).team.load(checkId(id, 'id')),
    ),

  tags: async ({ connection }, _args, context) => {
    const tags = await context.loadersFor(connection).tags.all();
    return tags.map((tag) => scoped(connection, tag));
  },
  tag: async ({ connection }, { id }, context) =>
    scoped(
      connection,
      await context.loadersFor(connection).tag.load(checkId(id, 'id')),
    ),

  contacts: ({ connection }, { first, after, filter }, context) => {
    const { call } = context;
    const loaders = context.loadersFor(connection);
    const search = filter ? contactSearch(filter) : undefined;
    return readPage({
      identity: { connectionId: connection.id, list: 'contacts', filter },
      args: { first, after },
      defaultFirst: DEFAULT_PAGE_SIZES.contacts,
      fetch: (page) => connection.api.contactsPage(page, search?.query, call),
      ...(search?.keep ? { keep: search.keep } : {}),
      toNode: (contact) => {
        // Relations below this page that name the same contact reuse it.
        loaders.contact.prime(contact.id, contact);
        return scoped(connection, contact);
      },
    });
  },
  contact: async ({ connection }, { id }, context) =>
    scoped(
      connection,
      await context.loadersFor(connection).contact.load(checkId(id, 'id')),
    ),

  conversations: ({ connection }, { first, after, filter }, { call }) => {
    const search = filter ? conversationSearch(filter) : undefined;
    return readPage({
      identity: { connectionId: connection.id, list: 'conversations', filter },
      args: { first, after },
      defaultFirst: DEFAULT_PAGE_SIZES.conversations,
      fetch: (page) =>
        connection.api.conversationsPage(page, search?.query, call),
      ...(search?.keep ? { keep: search.keep } : {}),
      toNode: (conversation) => scoped(connection, conversation),
    });
  },
  conversation: async ({ connection }, { id }, context) =>
    scoped(
      connection,
      await context
        .loadersFor(connection)
        .conversation.load(checkConversationId(id, 'id')),
    ),
};

export const workspaceResolvers: Resolvers = { Workspace };

/** How a log field names its time range, and whether its start is kept. */
export interface BoundNames {
  start: string;
  end: string;
  /** Whether an entry created at the start itself is kept. */
  startIncluded: boolean;
}

const CREATED_BOUNDS: BoundNames = {
  start: 'createdAfter',
  end: 'createdBefore',
  startIncluded: false,
};

/**
 * A log's time range as Intercom takes it (whole seconds, both bounds
 * included) and the exact check of the caller's bounds; the end is never
 * included.
 */
export function activityBounds(
  start: string,
  end: string | null | undefined,
  names: BoundNames = CREATED_BOUNDS,
) {
  const startSeconds = Date.parse(start) / 1000;
  const endSeconds = end ? Date.parse(end) / 1000 : undefined;
  if (startSeconds < 0) {
    throw badInput(
      `Expected \`${names.start}\` at or after 1970-01-01T00:00:00Z, got ${start}.`,
      names.start,
    );
  }
  if (endSeconds !== undefined && endSeconds <= startSeconds) {
    throw badInput(
      `Expected \`${names.end}\` later than \`${names.start}\` (${start}), got ${end ?? ''}.`,
      names.end,
    );
  }
  return {
    range: {
      after: Math.floor(startSeconds),
      before: endSeconds === undefined ? undefined : Math.ceil(endSeconds),
    },
    keep: (createdAt: number) =>
      (names.startIncluded
        ? createdAt >= startSeconds
        : createdAt > startSeconds) &&
      (endSeconds === undefined || createdAt < endSeconds),
  };
}

/** The test of an admin against every field of the filter given. */
function adminFilter(filter: AdminFilter): (admin: IntercomAdmin) => boolean {
  const roleId =
    filter.roleId === null || filter.roleId === undefined
      ? undefined
      : checkId(filter.roleId, 'filter.roleId');
  const teamId =
    filter.teamId === null || filter.teamId === undefined
      ? undefined
      : checkId(filter.teamId, 'filter.teamId');
  // A flag left out or null matches every admin.
  const flag = (wanted: boolean | null | undefined, actual: boolean) =>
    wanted === null || wanted === undefined || wanted === actual;
  return (admin) =>
    (roleId === undefined || roleOf(admin)?.id === roleId) &&
    flag(filter.hasRole, roleOf(admin) !== null) &&
    flag(filter.hasInboxSeat, admin.has_inbox_seat ?? false) &&
    flag(filter.awayModeEnabled, admin.away_mode_enabled ?? false) &&
    (teamId === undefined ||
      (admin.team_ids ?? []).some((id) => String(id) === teamId));
}

/**
 * How a page of the log narrowed to `types` is read: through Intercom's
 * search, which filters by type; a cursor's position is a `LogPosition`.
 * Intercom's bounds are whole seconds; the exact bounds are applied here,
 * and an answer's stray types are dropped.
 */
export function logSearch(
  connection: Connection,
  call: CallOptions,
  bounds: ReturnType<typeof activityBounds>,
  types: readonly string[],
) {
  return {
    fetch: (page: PageRequest) =>
      connection.api.activityLogSearchPage(page, bounds.range, types, call),
    validPosition: (position: string) => LOG_POSITION.test(position),
    keep: (entry: IntercomActivityLog) =>
      bounds.keep(entry.created_at) && types.includes(entry.activity_type),
  };
}

/**
 * Intercom's search refuses activity types it does not know (HTTP 400);
 * they are the caller's, so the error names the argument, not the value,
 * which could be anything pasted there.
 */
function typesRefusedAsInput<
  T extends { fetch: (page: PageRequest) => Promise<unknown> },
>(search: T): T {
  return {
    ...search,
    fetch: (page: PageRequest) =>
      search.fetch(page).catch((error: unknown) => {
        if (
          error instanceof IntercomError &&
          error.code === ErrorCode.BAD_USER_INPUT
        ) {
          throw badInput(
            'Intercom refused `eventTypes`: it names an activity type Intercom does not know. `activityLogEventTypes` lists those it does.',
            'eventTypes',
          );
        }
        throw error;
      }),
  };
}

function eventTypes(types: readonly string[] | null | undefined) {
  if (types === null || types === undefined) return undefined;
  if (types.length === 0) {
    throw badInput(
      'Expected `eventTypes` to name at least one activity type; leave it out for every type.',
      'eventTypes',
    );
  }
  return [...new Set(types)];
}
