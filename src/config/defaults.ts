import { DEFAULT_REGION_URLS, REGIONS } from '../intercom/regions.js';
import type { Region } from '../intercom/regions.js';
import { parseStoreKey, type ConfigFile } from './schema.js';
import type { GatewayConfig } from './types.js';

/** Every default of the configuration, in one place. */
export const DEFAULTS = {
  /**
   * Loopback: a gateway is reachable from other machines only when the
   * operator says so, and only with caller keys.
   */
  listenHost: '127.0.0.1',
  /**
   * Largest request body: the longest query the token limit allows is
   * far smaller, so this leaves room for variables and nothing more.
   */
  listenMaxBodyBytes: 262_144,
  /** Masked unless the operator grants a caller personal data. */
  clientPii: 'mask',
  clientAdmin: false,
  clientIntrospection: true,
  /**
   * Intercom calls a query may be estimated to cost: a 150-row page with
   * a relation read per row fits, a walk over every contact does not.
   */
  clientMaxCallsPerQuery: 500,
  /** The port the brief's examples use; PORT overrides it at start-up. */
  listenPort: 4000,
  /** One process with an in-memory cache is the embedded default. */
  cacheUrl: 'memory://',
  /**
   * Bounds the memory store's entries, so that many small answers (`/me`,
   * tags), whose keys weigh most, cannot hold more than this however small.
   */
  cacheMaxEntries: 50_000,
  /**
   * Bounds the memory the store's entries cost, as src/cache/store.ts
   * estimates it, to 64 MiB, a small container's share: `npm run bench`
   * (100,000 distinct answers written, V8's heap limited to 256 MiB as in
   * a small container) peaks at about 230 MB RSS with the defaults.
   */
  cacheMaxBytes: 67_108_864,
  /** Workspace settings change rarely. */
  workspaceTtlSeconds: 300,
  /** Admins, teams and tags change rarely too. */
  directoryTtlSeconds: 300,
  /** Contacts and conversations change often; a minute bounds staleness. */
  recordsTtlSeconds: 60,
  /** Intercom usually answers within a second; ten allows for slow pages. */
  intercomTimeoutMs: 10_000,
  /**
   * Longest a query may spend on Intercom, waits for rate-limit resets and
   * retries included; a little under common 30-second proxy timeouts.
   */
  intercomDeadlineMs: 25_000,
  /** Retries of a call after a 408, a 5xx or a network failure. */
  intercomRetries: 3,
  /** Calls to one workspace in flight at once, across all queries. */
  intercomMaxConcurrency: 10,
  /**
   * Intercom's default: 10,000 calls a minute per app, counted in
   * 10-second windows. Intercom's own headers lower it if the workspace
   * is allowed less.
   */
  intercomRequestsPerWindow: 1_666,
  /**
   * A token Intercom rejects is tried on the other regions' hosts to name
   * the region it belongs to. Those are Intercom's hosts unless `regions`
   * overrides them; an operator whose overrides are not to see other
   * connections' tokens turns this off.
   */
  intercomFindTokenRegion: true,
  /** Start-up and warnings an operator can act on; LOG_LEVEL overrides it. */
  logLevel: 'info',
  /** Batching and caching on; naive mode is only a benchmark's baseline. */
  naive: false,
} as const;

/** Fills in every default, turning the validated file into the config. */
export function resolveConfig(file: ConfigFile): GatewayConfig {
  const { listen, regions, cache, intercom, store } = file;
  const ttlSeconds = cache?.ttlSeconds;
  const cacheUrl = cache?.url ?? DEFAULTS.cacheUrl;

  return {
    listen: {
      host: listen?.host ?? DEFAULTS.listenHost,
      port: listen?.port ?? DEFAULTS.listenPort,
      maxBodyBytes: listen?.maxBodyBytes ?? DEFAULTS.listenMaxBodyBytes,
    },
    regions: Object.fromEntries(
      REGIONS.map((region) => [
        region,
        regions?.[region] ?? DEFAULT_REGION_URLS[region],
      ]),
    ) as Record<Region, string>,
    connections: (file.connections ?? []).map(({ id, region, token }) => ({
      id,
      region,
      token,
    })),
    cache: {
      url: cacheUrl,
      store: cacheUrl === 'memory://' ? 'memory' : 'redis',
      maxEntries: cache?.maxEntries ?? DEFAULTS.cacheMaxEntries,
      maxBytes: cache?.maxBytes ?? DEFAULTS.cacheMaxBytes,
      ttlSeconds: {
        workspace: ttlSeconds?.workspace ?? DEFAULTS.workspaceTtlSeconds,
        directory: ttlSeconds?.directory ?? DEFAULTS.directoryTtlSeconds,
        records: ttlSeconds?.records ?? DEFAULTS.recordsTtlSeconds,
      },
    },
    intercom: {
      timeoutMs: intercom?.timeoutMs ?? DEFAULTS.intercomTimeoutMs,
      deadlineMs: intercom?.deadlineMs ?? DEFAULTS.intercomDeadlineMs,
      retries: intercom?.retries ?? DEFAULTS.intercomRetries,
      maxConcurrency:
        intercom?.maxConcurrency ?? DEFAULTS.intercomMaxConcurrency,
      requestsPerWindow:
        intercom?.requestsPerWindow ?? DEFAULTS.intercomRequestsPerWindow,
      findTokenRegion:
        intercom?.findTokenRegion ?? DEFAULTS.intercomFindTokenRegion,
    },
    logLevel: file.logLevel ?? DEFAULTS.logLevel,
    naive: file.naive ?? DEFAULTS.naive,
    clients: (file.clients ?? []).map((client) => ({
      name: client.name,
      key: client.key,
      connections: client.connections.includes('*') ? '*' : client.connections,
      pii: client.pii ?? DEFAULTS.clientPii,
      admin: client.admin ?? DEFAULTS.clientAdmin,
      introspection: client.introspection ?? DEFAULTS.clientIntrospection,
      maxCallsPerQuery:
        client.maxCallsPerQuery ?? DEFAULTS.clientMaxCallsPerQuery,
    })),
    store: store
      ? {
          path: store.path,
          // Validated as a key already; parsing cannot fail here.
          encryptionKey: parseStoreKey(store.encryptionKey) ?? Buffer.alloc(0),
        }
      : undefined,
    audit: { file: file.audit?.file ?? undefined },
  };
}
