import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { LRUCache } from 'lru-cache';

export interface CacheStoreOptions {
  store: 'memory' | 'redis';
  /** For Redis: `redis://host:port[/db]`, shared by every replica. */
  url: string;
  /** Most entries the in-memory store keeps before evicting the oldest. */
  maxEntries: number;
}

/** How long a Redis connection attempt may take before it counts as down. */
const REDIS_CONNECT_TIMEOUT_MS = 2_000;

/** Prefix of every key, so the gateway can share a Redis with others. */
const NAMESPACE = 'igw';

/** The cache store, in memory or on Redis. */
export type CacheKeyv = Keyv<unknown>;

/**
 * Opens the cache store named by the configuration. The in-memory store is
 * an LRU bounded by entries, so a gateway with many connections cannot grow
 * without limit; Redis bounds itself by its own `maxmemory` policy.
 *
 * Keyv throws on store failures here instead of swallowing them, so the
 * response cache can tell a miss from a broken store and fall back to
 * Intercom.
 */
export function openCacheStore(options: CacheStoreOptions): CacheKeyv {
  if (options.store === 'memory') {
    const keyv = new Keyv<unknown>({
      store: new LRUCache<string, object>({ max: options.maxEntries }),
      namespace: NAMESPACE,
      throwOnErrors: true,
    });
    // In memory, entries are kept as objects rather than JSON text: reading
    // one costs no parse. The response cache freezes every value before it
    // is stored, so a reader cannot change what the next one gets.
    keyv.serialize = undefined;
    keyv.deserialize = undefined;
    return keyv;
  }
  return new Keyv<unknown>({
    store: new KeyvRedis(options.url, {
      throwOnConnectError: true,
      throwOnErrors: true,
      connectionTimeout: REDIS_CONNECT_TIMEOUT_MS,
    }),
    namespace: NAMESPACE,
    throwOnErrors: true,
  });
}
