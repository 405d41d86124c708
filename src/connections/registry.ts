import type { Dispatcher } from 'undici';
import type { ResponseCache } from '../cache/response-cache.js';
import { IntercomApi, type CacheTtlSeconds } from '../intercom/api.js';
import { IntercomClient, type IntercomCall } from '../intercom/client.js';
import type { Region } from '../intercom/regions.js';

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
}

export interface RegistryOptions {
  connections: readonly ConnectionSettings[];
  /** Base URL per region; a connection only ever talks to its own. */
  regionUrls: Readonly<Record<Region, string>>;
  timeoutMs: number;
  cache: ResponseCache;
  ttlSeconds: CacheTtlSeconds;
  dispatcher: Dispatcher;
  onCall?: (call: IntercomCall) => void;
}

/**
 * The connections the gateway serves, built once at start: each holds its
 * own client, so nothing per request rebuilds clients or their sockets.
 */
export class ConnectionRegistry {
  readonly #byId: ReadonlyMap<string, Connection>;

  constructor(options: RegistryOptions) {
    const byId = new Map<string, Connection>();
    for (const settings of options.connections) {
      const client = new IntercomClient({
        connectionId: settings.id,
        region: settings.region,
        baseUrl: options.regionUrls[settings.region],
        token: settings.token,
        timeoutMs: options.timeoutMs,
        dispatcher: options.dispatcher,
        ...(options.onCall ? { onCall: options.onCall } : {}),
      });
      const api = new IntercomApi({
        client,
        token: settings.token,
        cache: options.cache,
        ttlSeconds: options.ttlSeconds,
      });
      byId.set(settings.id, { id: settings.id, region: settings.region, api });
    }
    this.#byId = byId;
  }

  get(id: string): Connection | undefined {
    return this.#byId.get(id);
  }

  list(): Connection[] {
    return [...this.#byId.values()];
  }
}
