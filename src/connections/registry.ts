import type { Dispatcher } from 'undici';
import type { ResponseCache } from '../cache/response-cache.js';
import { IntercomApi, type CacheTtlSeconds } from '../intercom/api.js';
import { IntercomClient, type IntercomCall } from '../intercom/client.js';
import type { IntercomSettings } from '../config/index.js';
import { IntercomBudget } from '../intercom/budget.js';
import { IntercomError } from '../intercom/errors.js';
import {
  INTERCOM_WINDOW_SECONDS,
  REGIONS,
  type Region,
} from '../intercom/regions.js';
import { checkHealth, HealthMonitor, type Health } from './health.js';

/** A connection as the operator configured it. */
export interface ConnectionSettings {
  id: string;
  region: Region;
  token: string;
}

/** A live connection: its settings (less the token) and its Intercom reads. */
export interface Connection {
  readonly id: string;
  readonly region: Region;
  readonly api: IntercomApi;
  /** Whether Intercom accepts the connection, checked now and then. */
  readonly health: HealthMonitor;
}

export interface RegistryOptions {
  connections: readonly ConnectionSettings[];
  /** Base URL per region; a connection only ever talks to its own. */
  regionUrls: Readonly<Record<Region, string>>;
  intercom: IntercomSettings;
  cache: ResponseCache;
  ttlSeconds: CacheTtlSeconds;
  dispatcher: Dispatcher;
  onCall?: (call: IntercomCall) => void;
  /** Told when a connection's checked status changes. */
  onHealthChange?: (
    connectionId: string,
    health: Health,
    before?: Health,
  ) => void;
}

/** How long a connection's health check is reused. */
const HEALTH_TTL_MS = 30_000;

/** Probes of other regions allowed per window: a few checks' worth. */
const PROBES_PER_WINDOW = 10;

/**
 * The connections the gateway serves, built once at start: each holds its
 * own client, so nothing per request rebuilds clients or their sockets.
 * Tokens stay inside the clients made here; nothing a resolver can reach
 * holds one.
 */
export class ConnectionRegistry {
  readonly #byId: ReadonlyMap<string, Connection>;

  constructor(options: RegistryOptions) {
    this.#byId = new Map(
      options.connections.map((settings) => [
        settings.id,
        openConnection(settings, options),
      ]),
    );
  }

  get(id: string): Connection | undefined {
    return this.#byId.get(id);
  }

  list(): Connection[] {
    return [...this.#byId.values()];
  }
}

function openConnection(
  settings: ConnectionSettings,
  options: RegistryOptions,
): Connection {
  const { intercom } = options;
  const clientOn = (region: Region, probe: boolean) =>
    new IntercomClient({
      connectionId: settings.id,
      region,
      baseUrl: options.regionUrls[region],
      token: settings.token,
      timeoutMs: intercom.timeoutMs,
      // A probe of another region is a question, not a read: one try, and
      // a budget of its own so it never delays the connection's reads.
      retries: probe ? 0 : intercom.retries,
      budget: new IntercomBudget({
        connectionId: settings.id,
        requestsPerWindow: probe
          ? PROBES_PER_WINDOW
          : intercom.requestsPerWindow,
        windowSeconds: INTERCOM_WINDOW_SECONDS,
        maxConcurrency: intercom.maxConcurrency,
      }),
      dispatcher: options.dispatcher,
      ...(options.onCall ? { onCall: options.onCall } : {}),
    });

  const client = clientOn(settings.region, false);
  const otherRegions = intercom.findTokenRegion
    ? REGIONS.filter((r) => r !== settings.region).map((region) => ({
        region,
        client: clientOn(region, true),
      }))
    : [];
  const health = new HealthMonitor({
    check: (stats) =>
      checkHealth({
        connectionId: settings.id,
        region: settings.region,
        client,
        otherRegions,
        deadlineMs: intercom.deadlineMs,
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
    ttlSeconds: options.ttlSeconds,
    explainUnauthorized: async (error) => {
      const found = await health.get();
      return found.status === 'WRONG_REGION'
        ? wrongRegion(error, settings.id, found.tokenRegion)
        : error;
    },
  });
  return { id: settings.id, region: settings.region, api, health };
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
