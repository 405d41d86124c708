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

/** Keyv's serialised entries: the store only ever holds strings. */
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
  const store =
    options.store === 'memory'
      ? new LRUCache<string, string>({ max: options.maxEntries })
      : new KeyvRedis(options.url, {
          throwOnConnectError: true,
          throwOnErrors: true,
          connectionTimeout: REDIS_CONNECT_TIMEOUT_MS,
        });
  return new Keyv<unknown>({
    store,
    namespace: 'igw',
    throwOnErrors: true,
  });
}
