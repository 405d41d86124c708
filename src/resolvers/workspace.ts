import type { Resolvers, WorkspaceResolvers } from '../generated/graphql.js';
import { contactSearch, conversationSearch } from '../graphql/filters.js';
import { DEFAULT_PAGE_SIZES, readPage } from '../graphql/pagination.js';
import { ErrorCode } from '../errors.js';
import type { GatewayContext } from '../graphql/context.js';
import { scoped, type WorkspaceParent } from '../graphql/parents.js';
import { IntercomError } from '../intercom/errors.js';
import type { IntercomApp } from '../intercom/models.js';
import { fromUnix } from '../graphql/scalars.js';
import { checkId } from '../graphql/user-errors.js';
import { appRegion } from './values.js';

/** The workspace behind a connection, from the operation's `GET /me`. */
async function app(
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
  id: async (parent, _args, context) => (await app(parent, context)).id_code,
  name: async (parent, _args, context) => (await app(parent, context)).name,
  region: async (parent, _args, context) =>
    appRegion((await app(parent, context)).region, parent.connection.region),
  timezone: async (parent, _args, context) =>
    (await app(parent, context)).timezone ?? null,
  createdAt: async (parent, _args, context) =>
    fromUnix((await app(parent, context)).created_at),

  admins: async ({ connection }, _args, context) => {
    const admins = await context.loadersFor(connection).admins.all();
    return admins.map((admin) => scoped(connection, admin));
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
    const loaders = context.loadersFor(connection);
    const search = filter ? contactSearch(filter) : undefined;
    return readPage({
      identity: { connectionId: connection.id, list: 'contacts', filter },
      args: { first, after },
      defaultFirst: DEFAULT_PAGE_SIZES.contacts,
      fetch: (page) => connection.api.contactsPage(page, search?.query),
      ...(search ? { keep: search.keep } : {}),
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

  conversations: ({ connection }, { first, after, filter }) => {
    const search = filter ? conversationSearch(filter) : undefined;
    return readPage({
      identity: { connectionId: connection.id, list: 'conversations', filter },
      args: { first, after },
      defaultFirst: DEFAULT_PAGE_SIZES.conversations,
      fetch: (page) => connection.api.conversationsPage(page, search?.query),
      ...(search ? { keep: search.keep } : {}),
      toNode: (conversation) => scoped(connection, conversation),
    });
  },
  conversation: async ({ connection }, { id }, context) =>
    scoped(
      connection,
      await context.loadersFor(connection).conversation.load(checkId(id, 'id')),
    ),
};

export const workspaceResolvers: Resolvers = { Workspace };
