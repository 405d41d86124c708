import assert from 'node:assert/strict';
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

/** Keys asked of Redis per SCAN step: large enough to be few round trips. */
const SCAN_COUNT = 1_000;

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

/**
 * Deletes every entry whose key (as the response cache names it) starts
 * with `prefix`, and says how many it deleted. Neither keyv nor its
 * stores can do this, so it goes to the store below keyv, naming keys as
 * keyv and @keyv/redis 5 write them: keyv puts `igw:` before the key, and
 * @keyv/redis its own `igw::` before that, so the response cache's key
 * `2.16:acme:…` is `igw:2.16:acme:…` in memory and `igw::igw:2.16:acme:…`
 * in Redis. Both prefixes come from the libraries' own functions rather
 * than being written out here, so that a change of format in either
 * cannot leave entries behind unnoticed.
 */
export async function deleteByPrefix(
  keyv: CacheKeyv,
  prefix: string,
): Promise<number> {
  const store: unknown = keyv.store;
  const stored = keyv._getKeyPrefix(prefix);

  if (store instanceof LRUCache) {
    // Collected first: deleting while lru-cache walks its list could skip
    // entries. The walk is over at most `maxEntries` keys in memory.
    const lru = store as LRUCache<string, object>;
    const doomed: string[] = [];
    for (const key of lru.keys()) {
      if (key.startsWith(stored)) doomed.push(key);
    }
    for (const key of doomed) lru.delete(key);
    return doomed.length;
  }

  assert(store instanceof KeyvRedis, 'deleteByPrefix: an unknown store');
  return deleteFromRedis(store, store.createKeyPrefix(stored, store.namespace));
}

/**
 * SCAN, never KEYS: KEYS blocks a shared Redis for as long as it walks
 * every key, while SCAN walks in steps other clients' commands run
 * between. Keys are unlinked one by one, which the client pipelines, so
 * that no command names keys of two cluster slots.
 */
async function deleteFromRedis(
  redis: KeyvRedis<unknown>,
  rawPrefix: string,
): Promise<number> {
  const match = `${rawPrefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let deleted = 0;
  for (const node of await redis.getMasterNodes()) {
    let cursor = '0';
    do {
      const step = await node.scan(cursor, { MATCH: match, COUNT: SCAN_COUNT });
      cursor = step.cursor;
      const counts = await Promise.all(
        step.keys.map((key) => node.unlink(key)),
      );
      deleted += counts.reduce((sum, count) => sum + count, 0);
    } while (cursor !== '0');
  }
  return deleted;
}
