import assert from 'node:assert/strict';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { LRUCache } from 'lru-cache';
import { DEFAULTS } from '../config/defaults.js';
import type { SharedRedis } from './redis.js';
import { jsonLengthOf } from './sizes.js';

export interface CacheStoreOptions {
  store: 'memory' | 'redis';
  /** For Redis: `redis://host:port[/db]`, shared by every replica. */
  url: string;
  /** Most entries the in-memory store keeps before evicting the oldest. */
  maxEntries: number;
  /**
   * Most bytes of memory the in-memory store's entries may take, as
   * `entryBytes` estimates them, before the least recently used are
   * evicted; an entry estimated larger is not kept at all. Defaults to
   * `DEFAULTS.cacheMaxBytes`.
   */
  maxBytes?: number;
  /**
   * For Redis: the gateway's client (`openSharedRedis`), shared with the
   * rate budgets. Without it, the store opens a client of its own.
   */
  client?: SharedRedis | undefined;
}

/**
 * Bytes of a process's memory one in-memory entry costs per character of
 * its key and answer as JSON. Two parts, both measured on Node 20 with the
 * simulator's answers:
 *
 * - about 1.1 while the entry is cached: V8's heap grew by 0.88 bytes a
 *   character for contacts by id, 0.89 for pages of 50 contacts, 1.03 for
 *   pages of 20 conversations, 1.06 for conversations with their parts and
 *   1.08 for small answers such as `/me` and tags, whose keys weigh most
 *   (`heapUsed` after `global.gc()` around 40 million characters of
 *   distinct answers written through `ResponseCache.getOrLoad`);
 * - the rest after it is evicted: an evicted entry is garbage in V8's old
 *   space until a full collection, which V8 puts off as long as its heap
 *   limit allows. `bench/memory.ts` writes 100,000 distinct answers under
 *   a 256 MiB heap (as in a small container) and compares the peak RSS
 *   with that of the same reads kept by no cache; counting 4 a character
 *   keeps that difference within `cache.maxBytes` (52-62 MB over four
 *   runs at the default 64 MiB; 3.5 came to 56-71 MB, too close).
 *
 * The simulator's text is Latin-1, one byte a character in V8; text beyond
 * Latin-1 takes two, so a workspace written mostly in such scripts can
 * cost up to twice the estimate.
 */
export const MEMORY_BYTES_PER_JSON_CHAR = 4;

/**
 * The estimated memory of one in-memory entry, from its key and the
 * length of the JSON its answer was parsed from (or its JSON now, for an
 * answer not read from Intercom). Computed once, when the entry is
 * written; at least 1, as lru-cache requires.
 */
export function entryBytes(key: string, record: unknown): number {
  const value =
    typeof record === 'object' && record !== null && 'value' in record
      ? record.value
      : record;
  const chars = key.length + jsonLengthOf(value);
  return Math.max(1, Math.ceil(chars * MEMORY_BYTES_PER_JSON_CHAR));
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
 * an LRU bounded by entries and by estimated bytes, so a gateway with many
 * connections or large answers cannot grow without limit; Redis bounds
 * itself by its own `maxmemory` policy.
 *
 * Keyv throws on store failures here instead of swallowing them, so the
 * response cache can tell a miss from a broken store and fall back to
 * Intercom.
 */
export function openCacheStore(options: CacheStoreOptions): CacheKeyv {
  if (options.store === 'memory') {
    const maxBytes = options.maxBytes ?? DEFAULTS.cacheMaxBytes;
    const keyv = new Keyv<unknown>({
      // An entry estimated larger than the whole bound is not stored (and
      // any older one under its key goes): lru-cache's set skips it
      // without throwing, so the read that loaded it still answers.
      store: new LRUCache<string, object>({
        max: options.maxEntries,
        maxSize: maxBytes,
        maxEntrySize: maxBytes,
        sizeCalculation: (record, key) => entryBytes(key, record),
      }),
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
    store: new KeyvRedis(options.client ?? options.url, {
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
