import assert from 'node:assert/strict';
import type { Dispatcher } from 'undici';
import { connectionScope } from '../cache/keys.js';
import type { SharedRedis } from '../cache/redis.js';
import type { ResponseCache } from '../cache/response-cache.js';
import { IntercomApi, type CacheTtlSeconds } from '../intercom/api.js';
import {
  IntercomClient,
  type CallOptions,
  type CallStats,
  type IntercomCall,
  type QueryParams,
} from '../intercom/client.js';
import type { IntercomSettings } from '../config/index.js';
import { IntercomBudget } from '../intercom/budget.js';
import { IntercomError } from '../intercom/errors.js';
import type { IntercomMe } from '../intercom/models.js';
import {
  INTERCOM_WINDOW_SECONDS,
  REGIONS,
  type Region,
} from '../intercom/regions.js';
import type { StoreWriter } from '../store/connection-store.js';
import { checkHealth, HealthMonitor, type Health } from './health.js';

/** A connection as the operator configured or added it. */
export interface ConnectionSettings {
  id: string;
  region: Region;
  token: string;
}

/**
 * Where a connection is defined: the configuration file, which only an
 * edit and a restart change, or the store, which the admin mutations do.
 */
export type ConnectionSource = 'config' | 'store';

/** A live connection: its settings (less the token) and its Intercom reads. */
export interface Connection {
  readonly id: string;
  readonly region: Region;
  readonly source: ConnectionSource;
  readonly api: IntercomApi;
  /** Whether Intercom accepts the connection, checked now and then. */
  readonly health: HealthMonitor;
}

export interface RegistryOptions {
  /** The connections of the configuration file. */
  connections: readonly ConnectionSettings[];
  /** Base URL per region; a connection only ever talks to its own. */
  regionUrls: Readonly<Record<Region, string>>;
  intercom: IntercomSettings;
  cache: ResponseCache;
  /**
   * The Redis of `cache.url`, when it names one: each connection's rate
   * budget is then shared there by every replica serving it.
   */
  redis?: SharedRedis | undefined;
  ttlSeconds: CacheTtlSeconds;
  /**
   * A benchmark's baseline (the `naive` key): nothing cached, whatever
   * `ttlSeconds` says, and loaders without batching.
   */
  naive?: boolean | undefined;
  dispatcher: Dispatcher;
  /**
   * Where connections added at run time are kept; absent when the
   * configuration has no `store`, and then none can be added.
   */
  store?: StoreWriter | undefined;
  onCall?: (call: IntercomCall, options: CallOptions) => void;
  /** Told when a connection's checked status changes. */
  onHealthChange?: (
    connectionId: string,
    health: Health,
    before?: Health,
  ) => void;
  /** Told when a connection is added or removed after start. */
  onChange?: (change: 'added' | 'removed', connection: Connection) => void;
}

/** What testing a token found, with the workspace it opens if it opens one. */
export interface TokenTest {
  health: Health;
  /** From `GET /me`, which answers even when a scope is missing. */
  workspace: { id: string; name: string } | undefined;
}

export interface TokenTestOptions {
  region: Region;
  token: string;
  /** Named in the messages of Intercom's errors; a label by default. */
  connectionId?: string;
  /** The operation that asked, charged for the test's calls. */
  stats?: CallStats | undefined;
}

/** Naive mode's times to live: every read goes to Intercom. */
const NO_CACHING: CacheTtlSeconds = { workspace: 0, directory: 0, records: 0 };

/** How long a connection's health check is reused. */
const HEALTH_TTL_MS = 30_000;

/** Probes of other regions allowed per window: a few checks' worth. */
const PROBES_PER_WINDOW = 10;

/** What Intercom's errors name while a token under test has no id yet. */
const TOKEN_TEST_LABEL = 'token test';

/** A connection with what the registry alone may know of it. */
interface Entry {
  connection: Connection;
  /** Prefix of the connection's cache keys; holds no token. */
  cacheScope: string;
}

/**
 * The connections the gateway serves. Each holds its own client, so
 * nothing per request rebuilds clients or their sockets. Those of the
 * configuration are built at start; those of the store are added at start
 * and at run time, and removed at run time. Tokens stay inside the
 * clients made here; nothing a resolver can reach holds one.
 */
export class ConnectionRegistry {
  /**
   * For the admin mutations, which persist what they add and remove. It
   * cannot list tokens, so resolvers still reach none.
   */
  readonly store: StoreWriter | undefined;
  /** Whether requests get naive loaders: one call per row, no batching. */
  readonly naive: boolean;
  readonly #options: RegistryOptions;
  readonly #byId = new Map<string, Entry>();

  constructor(options: RegistryOptions) {
    this.#options = options;
    this.store = options.store;
    this.naive = options.naive ?? false;
    for (const settings of options.connections) {
      this.#open(settings, 'config');
    }
  }

  get(id: string): Connection | undefined {
    return this.#byId.get(id)?.connection;
  }

  /** Every connection: the configuration's in its order, then the added. */
  list(): Connection[] {
    return [...this.#byId.values()].map((entry) => entry.connection);
  }

  /** Serves a connection from now on; its id must not be in use. */
  add(settings: ConnectionSettings, source: ConnectionSource): Connection {
    const connection = this.#open(settings, source);
    this.#options.onChange?.('added', connection);
    return connection;
  }

  /**
   * Stops serving a connection and drops its cached answers, so that a
   * connection added later under the same id and token starts afresh.
   * Undefined for an unknown id. Queries already running keep the
   * connection they hold until they end.
   */
  async remove(
    id: string,
  ): Promise<
    { connection: Connection; droppedCacheEntries: number } | undefined
  > {
    const entry = this.#byId.get(id);
    if (!entry) return undefined;
    this.#byId.delete(id);
    this.#options.onChange?.('removed', entry.connection);
    const droppedCacheEntries = await this.#options.cache.dropScope(
      entry.cacheScope,
    );
    return { connection: entry.connection, droppedCacheEntries };
  }

  /**
   * Checks a token as a connection's health check would, with the same
   * regions and the same search of other regions, and keeps nothing: the
   * clients are made for this test alone, with budgets of their own, so
   * a test never spends or waits on a served connection's budget.
   */
  async testToken(options: TokenTestOptions): Promise<TokenTest> {
    const settings: ConnectionSettings = {
      id: options.connectionId ?? TOKEN_TEST_LABEL,
      region: options.region,
      token: options.token,
    };
    const client = new WorkspaceRecordingClient(
      clientOptions(settings, settings.region, 'test', this.#options),
    );
    const health = await checkHealth({
      connectionId: settings.id,
      region: settings.region,
      client,
      otherRegions: otherRegionClients(settings, this.#options),
      deadlineMs: this.#options.intercom.deadlineMs,
      stats: options.stats,
    });
    return { health, workspace: client.workspace };
  }

  #open(settings: ConnectionSettings, source: ConnectionSource): Connection {
    assert(
      !this.#byId.has(settings.id),
      `connection id '${settings.id}' is already in use`,
    );
    const connection = openConnection(settings, source, this.#options);
    this.#byId.set(settings.id, {
      connection,
      cacheScope: connectionScope(settings.id, settings.token),
    });
    return connection;
  }
}

/**
 * What a client is for: a connection's reads; a probe of another region,
 * which is a question, not a read (one try, and a budget of its own so it
 * never delays the connection's reads); or a token under test, which
 * retries like a health check but spends a small budget of its own.
 */
type ClientUse = 'reads' | 'probe' | 'test';

function clientOptions(
  settings: ConnectionSettings,
  region: Region,
  use: ClientUse,
  options: RegistryOptions,
) {
  const { intercom } = options;
  return {
    connectionId: settings.id,
    region,
    baseUrl: options.regionUrls[region],
    token: settings.token,
    timeoutMs: intercom.timeoutMs,
    retries: use === 'probe' ? 0 : intercom.retries,
    budget: new IntercomBudget({
      connectionId: settings.id,
      requestsPerWindow:
        use === 'reads' ? intercom.requestsPerWindow : PROBES_PER_WINDOW,
      windowSeconds: INTERCOM_WINDOW_SECONDS,
      maxConcurrency: intercom.maxConcurrency,
      // A connection's reads share one budget across replicas; probes and
      // token tests keep small budgets of this process's own.
      shared:
        use === 'reads' && options.redis
          ? {
              redis: options.redis,
              key: connectionScope(settings.id, settings.token),
            }
          : undefined,
    }),
    dispatcher: options.dispatcher,
    ...(options.onCall ? { onCall: options.onCall } : {}),
  };
}

/** The token on every other region's host, unless the operator said no. */
function otherRegionClients(
  settings: ConnectionSettings,
  options: RegistryOptions,
) {
  if (!options.intercom.findTokenRegion) return [];
  return REGIONS.filter((r) => r !== settings.region).map((region) => ({
    region,
    client: new IntercomClient(
      clientOptions(settings, region, 'probe', options),
    ),
  }));
}

function openConnection(
  settings: ConnectionSettings,
  source: ConnectionSource,
  options: RegistryOptions,
): Connection {
  const client = new IntercomClient(
    clientOptions(settings, settings.region, 'reads', options),
  );
  const otherRegions = otherRegionClients(settings, options);
  const health = new HealthMonitor({
    check: (stats) =>
      checkHealth({
        connectionId: settings.id,
        region: settings.region,
        client,
        otherRegions,
        deadlineMs: options.intercom.deadlineMs,
        stats,
      }),
    ttlMs: HEALTH_TTL_MS,
    onChange: (found, before) => {
      options.onHealthChange?.(settings.id, found, before);
    },
  });
  const api = new IntercomApi({
    client,
    token: settings.token,
    cache: options.cache,
    ttlSeconds: options.naive ? NO_CACHING : options.ttlSeconds,
    explainUnauthorized: async (error) => {
      const found = await health.get();
      return found.status === 'WRONG_REGION'
        ? wrongRegion(error, settings.id, found.tokenRegion)
        : error;
    },
  });
  return { id: settings.id, region: settings.region, source, api, health };
}

/**
 * A client that keeps the workspace its `GET /me` named. A health check
 * reports the workspace's name only when every read works, and never its
 * id; an operator testing a token wants both, and even when a scope is
 * missing, without paying for a second `GET /me`.
 */
class WorkspaceRecordingClient extends IntercomClient {
  workspace: { id: string; name: string } | undefined;

  override async get<T>(
    path: string,
    query?: QueryParams,
    options?: CallOptions,
  ): Promise<T> {
    const answer = await super.get<T>(path, query, options);
    const app = path === '/me' ? (answer as IntercomMe).app : undefined;
    if (app) this.workspace = { id: app.id_code, name: app.name };
    return answer;
  }
}

function wrongRegion(
  error: IntercomError,
  connectionId: string,
  tokenRegion: Region,
): IntercomError {
  return new IntercomError(
    `${error.message}: the token belongs to a workspace in the ${tokenRegion.toUpperCase()} region; set connection '${connectionId}' to region ${tokenRegion}`,
    {
      code: error.code,
      connectionId,
      ...(error.status ? { status: error.status } : {}),
      ...(error.intercomCode ? { intercomCode: error.intercomCode } : {}),
      ...(error.requestId ? { requestId: error.requestId } : {}),
      cause: error,
    },
  );
}
