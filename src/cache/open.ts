import type { CacheConfig } from '../config/index.js';
import { openSharedRedis, type SharedRedis } from './redis.js';
import type { ResponseCacheOptions } from './response-cache.js';
import { openCacheStore, type CacheKeyv } from './store.js';

/** What a gateway's response cache is made of: `new ResponseCache(keyv, logger, options)`. */
export interface CacheStores {
  /** The store named by `cache.url`. */
  keyv: CacheKeyv;
  /** On Redis, the fallback for while it is unreachable. */
  options: ResponseCacheOptions;
  /**
   * The gateway's Redis client when `cache.url` names Redis, for the rate
   * budgets to share; closing the response cache closes it.
   */
  redis: SharedRedis | undefined;
}

/**
 * Opens the stores the configuration names. In memory, one bounded LRU.
 * On Redis, one client that the rate budgets share, and a bounded LRU of
 * the configured bounds (`cache.maxEntries`, `cache.maxBytes`) as the
 * fallback for while Redis is unreachable.
 */
export async function openCacheStores(
  config: CacheConfig,
): Promise<CacheStores> {
  const memory = () =>
    openCacheStore({
      store: 'memory',
      url: 'memory://',
      maxEntries: config.maxEntries,
      maxBytes: config.maxBytes,
    });
  if (config.store === 'memory') {
    return { keyv: memory(), options: {}, redis: undefined };
  }
  const redis = await openSharedRedis(config.url);
  const keyv = openCacheStore({
    store: 'redis',
    url: config.url,
    maxEntries: config.maxEntries,
    maxBytes: config.maxBytes,
    client: redis,
  });
  return { keyv, options: { fallback: memory() }, redis };
}
