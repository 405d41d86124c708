import { GraphQLError } from 'graphql';
import { forbidden } from '../auth/callers.js';
import {
  describeMissing,
  missingScopes,
  type Health,
} from '../connections/health.js';
import type {
  ConnectionSource,
  TokenTest as FoundTokenTest,
} from '../connections/registry.js';
import { ErrorCode } from '../errors.js';
import type {
  Region as GraphQLRegion,
  Resolvers,
  TokenTest,
} from '../generated/graphql.js';
import type { GatewayContext } from '../graphql/context.js';
import {
  badInput,
  CONNECTION_ID,
  CONNECTION_ID_RULE,
  whatBreaksConnectionId,
} from '../graphql/user-errors.js';
import { isRegion, type Region } from '../intercom/regions.js';
import type { StoreWriter } from '../store/connection-store.js';
import { regionEnum } from './values.js';

/**
 * The configuration's rule for tokens: one word of printable ASCII. A
 * token with a space or a line break would fail only later, in the
 * `Authorization` header, with a less useful error.
 */
const TOKEN = /^[\x21-\x7e]+$/;

/** Far above any Intercom token's length; bounds what reaches Intercom. */
const MAX_TOKEN_LENGTH = 1_024;

/**
 * The admin mutations run before anything else in them, so a caller that
 * is not an admin learns nothing and costs no Intercom call.
 */
function requireAdmin(context: GatewayContext, mutation: string): void {
  const { caller } = context;
  if (caller.admin) return;
  throw forbidden(
    `Caller '${caller.name}' may not use \`${mutation}\`: it is for callers configured with \`admin: true\` in \`clients\`.`,
  );
}

function storeOf(context: GatewayContext): StoreWriter {
  const { store } = context.registry;
  if (store) return store;
  throw badInput(
    'This gateway has no `store` in its configuration, so it cannot keep connections added at run time; add `store: { path, encryptionKey }` to the configuration and restart it, or add the connection to `connections` there.',
  );
}

/**
 * Checks a new connection's id without echoing it when it is wrong: a
 * token pasted into the wrong argument must not come back in the error.
 */
function checkNewId(id: string): void {
  if (CONNECTION_ID.test(id)) return;
  throw badInput(
    `Expected \`id\` to be ${CONNECTION_ID_RULE}, got ${whatBreaksConnectionId(id)}.`,
    'id',
  );
}

/** Says what is wrong with a token, never what the token is. */
function checkToken(token: string): void {
  if (token.length <= MAX_TOKEN_LENGTH && TOKEN.test(token)) return;
  const got =
    token === ''
      ? 'an empty string'
      : token.length > MAX_TOKEN_LENGTH
        ? `${token.length} characters`
        : 'one with a space, a line break or another control character (is there a trailing newline?)';
  throw badInput(
    `Expected \`token\` to be an Intercom access token, one word of at most ${MAX_TOKEN_LENGTH} printable characters, got ${got}.`,
    'token',
  );
}

function regionOf(region: GraphQLRegion): Region {
  return region.toLowerCase() as Region;
}

/** What a test found, in words an operator can act on. */
function describeTest(
  { health, workspace }: FoundTokenTest,
  region: Region,
): string {
  const host = `Intercom's ${region.toUpperCase()} host`;
  const named = workspace ? ` for workspace '${workspace.name}'` : '';
  switch (health.status) {
    case 'ACTIVE':
      return `${host} accepts the token${named}.`;
    case 'INVALID_TOKEN': {
      // The error's message names a connection, which a token under test
      // is not yet; Intercom's code says what happened well enough.
      const { intercomCode, status } = health.error;
      const what =
        intercomCode === 'token_revoked'
          ? 'it has been revoked'
          : intercomCode === 'token_expired'
            ? 'it has expired'
            : 'it is wrong, revoked or expired';
      const detail = intercomCode
        ? `HTTP ${status ?? 401}, ${intercomCode}`
        : `HTTP ${status ?? 401}`;
      return `${host} rejects the token: ${what} (${detail}). Use a valid access token from Intercom's Developer Hub.`;
    }
    case 'WRONG_REGION':
      return `The token belongs to a workspace in the ${health.tokenRegion.toUpperCase()} region, not ${region.toUpperCase()}; use region ${health.tokenRegion.toUpperCase()}.`;
    case 'MISSING_SCOPE':
      return `${host} accepts the token${named}, but not for everything. ${describeMissing(health, 'The token')}`;
    case 'RATE_LIMITED':
      return `Intercom's rate limit for the token's workspace is spent; it resets in about ${health.retryAfterSeconds} s. Test again then.`;
    case 'UNREACHABLE':
      return `${health.error.message}. Check regions.${region} in the configuration and the network path to it.`;
  }
}

function tokenTestAnswer(found: FoundTokenTest, region: Region): TokenTest {
  const { health, workspace } = found;
  return {
    region: regionEnum(region),
    status: health.status,
    message: describeTest(found, region),
    checkedAt: new Date(health.checkedAt).toISOString(),
    tokenRegion:
      health.status === 'WRONG_REGION' ? regionEnum(health.tokenRegion) : null,
    missingScopes:
      health.status === 'MISSING_SCOPE' ? missingScopes(health) : null,
    workspaceName: workspace?.name ?? null,
    workspaceId: workspace?.id ?? null,
  };
}

/**
 * The error of a token that cannot be kept: the code a query through such
 * a connection would fail with, and in `extensions` the test's status and
 * what explains it.
 */
function refusal(found: FoundTokenTest, region: Region, id: string) {
  const { health } = found;
  const message = `Connection '${id}' was not added: ${describeTest(found, region)}`;
  const upstream = (error: { status?: number; requestId?: string }) => ({
    ...(error.status ? { upstreamStatus: error.status } : {}),
    ...(error.requestId ? { requestId: error.requestId } : {}),
  });
  const extensions = ((): Record<string, unknown> => {
    switch (health.status) {
      case 'INVALID_TOKEN':
        return {
          code: ErrorCode.INTERCOM_UNAUTHORIZED,
          ...upstream(health.error),
          ...(health.error.intercomCode
            ? { intercomCode: health.error.intercomCode }
            : {}),
        };
      case 'WRONG_REGION':
        return {
          code: ErrorCode.INTERCOM_UNAUTHORIZED,
          tokenRegion: regionEnum(health.tokenRegion),
        };
      case 'RATE_LIMITED':
        return {
          code: ErrorCode.RATE_LIMITED,
          retryAfterSeconds: health.retryAfterSeconds,
        };
      case 'UNREACHABLE':
        return {
          code: ErrorCode.UPSTREAM_UNAVAILABLE,
          ...upstream(health.error),
        };
      case 'ACTIVE':
      case 'MISSING_SCOPE':
        throw new Error(`a ${health.status} token is kept, not refused`);
    }
  })();
  return new GraphQLError(message, {
    extensions: { ...extensions, status: health.status },
  });
}

/** Tokens worth keeping: Intercom accepts them, if not for everything. */
function keepable(health: Health): boolean {
  return health.status === 'ACTIVE' || health.status === 'MISSING_SCOPE';
}

function idInUse(context: GatewayContext, id: string): GraphQLError | null {
  const { registry } = context;
  const existing = registry.get(id);
  if (existing) {
    return badInput(
      `The id '${id}' is already used by a connection from ${sourceOf(existing.source)}; choose another id, or remove that connection first.`,
      'id',
    );
  }

  // The gateway tells ids apart by case, as callers' lists and the audit
  // log do, but people reading them would not: 'DEMO-EU' beside 'demo-eu'
  // is a mistake waiting to happen, so it is refused like a clash.
  const lower = id.toLowerCase();
  const served = registry
    .list()
    .find((connection) => connection.id.toLowerCase() === lower);
  const stored = registry.store
    ?.ids()
    .find((other) => other.toLowerCase() === lower);
  const similar = served?.id ?? stored;
  if (similar === undefined) return null;
  return badInput(
    `The id '${id}' differs only in letter case from the id '${similar}' of a connection from ${sourceOf(served?.source ?? 'store')}; choose an id that differs in more than case.`,
    'id',
  );
}

function sourceOf(source: ConnectionSource): string {
  return source === 'config'
    ? 'the configuration file'
    : 'the store (added with `addConnection`)';
}

export const adminResolvers: Resolvers = {
  IntercomConnection: {
    source: (connection) =>
      connection.source === 'config' ? 'CONFIG' : 'STORE',
  },
  Mutation: {
    testIntercomToken: async (_parent, args, context) => {
      requireAdmin(context, 'testIntercomToken');
      checkToken(args.token);

      const region = regionOf(args.region);
      const found = await context.registry.testToken({
        region,
        token: args.token,
        stats: context.stats,
      });
      return tokenTestAnswer(found, region);
    },

    addConnection: async (_parent, args, context) => {
      requireAdmin(context, 'addConnection');
      const store = storeOf(context);
      const { id, token } = args;
      checkNewId(id);
      checkToken(token);
      const inUse = idInUse(context, id);
      if (inUse) throw inUse;

      // Only a token Intercom accepts is kept: a wrong one would be a
      // connection that fails every query until someone removes it.
      const region = regionOf(args.region);
      const found = await context.registry.testToken({
        region,
        token,
        connectionId: id,
        stats: context.stats,
      });
      if (!keepable(found.health)) throw refusal(found, region, id);

      // The test awaited Intercom, so another request may have taken the
      // id meanwhile. From this check to the registry there is no await:
      // nothing can come between them.
      const takenMeanwhile = idInUse(context, id);
      if (takenMeanwhile) throw takenMeanwhile;
      const stored = store.add({
        id,
        region,
        token,
        addedBy: context.caller.name,
      });
      if (!stored) {
        throw badInput(
          `The store already holds a row with the id '${id}' that the gateway cannot read (the warning at start-up names it); \`removeConnection\` deletes it.`,
          'id',
        );
      }
      const connection = context.registry.add({ id, region, token }, 'store');
      context.stats.connections.add(id);
      return connection;
    },

    removeConnection: async (_parent, { id }, context) => {
      requireAdmin(context, 'removeConnection');
      // No connection has an id that breaks the rule; such a value is not
      // shown, as it is most often a token pasted into the wrong argument.
      if (!CONNECTION_ID.test(id)) {
        throw new GraphQLError(
          `No connection has that id: connection ids are ${CONNECTION_ID_RULE}, and it is ${whatBreaksConnectionId(id)}; \`connections\` lists them, with their \`source\`.`,
          { extensions: { code: ErrorCode.NOT_FOUND } },
        );
      }
      const connection = context.registry.get(id);
      if (connection?.source === 'config') {
        throw badInput(
          `Connection '${id}' comes from the configuration file; remove it there and restart the gateway.`,
          'id',
        );
      }

      // The store first: if the gateway stops between the two steps, the
      // connection is gone after the restart rather than back.
      const row = context.registry.store?.remove(id);
      const removed = connection
        ? await context.registry.remove(id)
        : undefined;
      // The audit line names the connection the mutation changed, as it
      // does for addConnection.
      if (removed || row) context.stats.connections.add(id);
      if (removed) {
        return {
          id,
          region: regionEnum(removed.connection.region),
          droppedCacheEntries: removed.droppedCacheEntries,
        };
      }
      // A row the gateway could not read at start is not served, but an
      // operator must still be able to delete it.
      if (row) {
        return {
          id,
          region: isRegion(row.region) ? regionEnum(row.region) : null,
          droppedCacheEntries: 0,
        };
      }
      throw new GraphQLError(
        `No connection has the id '${id}'; \`connections\` lists them, with their \`source\`.`,
        { extensions: { code: ErrorCode.NOT_FOUND } },
      );
    },
  },
};
