import { Writable } from 'node:stream';
import type { LRUCache } from 'lru-cache';
import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/cache/response-cache.js';
import { noteJsonLength } from '../../src/cache/sizes.js';
import {
  entryBytes,
  MEMORY_BYTES_PER_JSON_CHAR,
  openCacheStore,
} from '../../src/cache/store.js';
import { createLogger } from '../../src/logger.js';

const TTL_SECONDS = 60;

/** An answer whose JSON is about `chars` characters long. */
function answer(id: string, chars = 1_000) {
  return { type: 'contact', id, notes: 'n'.repeat(chars) };
}

/** A load that counts how often it runs. */
function counted<T>(make: () => T) {
  const load = () => {
    load.runs += 1;
    return Promise.resolve(make());
  };
  load.runs = 0;
  return load;
}

/** Log lines at warn or above, so a test can say none were written. */
function warnings() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('warn', destination) };
}

function open(options: { maxEntries: number; maxBytes: number }) {
  const keyv = openCacheStore({
    store: 'memory',
    url: 'memory://',
    ...options,
  });
  const { lines, logger } = warnings();
  const cache = new ResponseCache(keyv, logger);
  const lru = keyv.store as LRUCache<string, object>;
  return { cache, lru, warned: lines };
}

/**
 * The key the memory store keeps an entry under: keyv's `igw:` before the
 * response cache's key, which deleteByPrefix relies on.
 */
function stored(key: string): string {
  return `igw:${key}`;
}

/** What the store counts for an entry written now, as lru-cache sees it. */
function sizeOf(key: string, value: unknown): number {
  return entryBytes(stored(key), {
    value,
    expires: Date.now() + TTL_SECONDS * 1000,
  });
}

/** The sizes of every entry kept, from what the store holds. */
function keptSizes(lru: LRUCache<string, object>): number {
  let total = 0;
  for (const [key, record] of lru.entries()) total += entryBytes(key, record);
  return total;
}

describe('entryBytes', () => {
  it('counts the key and the answer as JSON, times the measured factor', () => {
    const value = answer('1', 100);
    const record = { value, expires: 1_800_000_000_000 };
    const chars = 'igw:k'.length + JSON.stringify(value).length;

    expect(entryBytes('igw:k', record)).toBe(
      Math.ceil(chars * MEMORY_BYTES_PER_JSON_CHAR),
    );
  });

  it('takes the length of the text an Intercom answer was parsed from', () => {
    const text = `  ${JSON.stringify(answer('2', 10))}  `;
    const value: unknown = JSON.parse(text);
    noteJsonLength(value, text.length);

    expect(entryBytes('igw:k', { value, expires: 1 })).toBe(
      Math.ceil(('igw:k'.length + text.length) * MEMORY_BYTES_PER_JSON_CHAR),
    );
  });
});

/** A read through the cache whose load answers `value`. */
function read(cache: ResponseCache, key: string, value: unknown) {
  return cache.getOrLoad(key, TTL_SECONDS, () => Promise.resolve(value));
}

describe('the memory store', () => {
  it('evicts the least recently used entries to stay within maxBytes', async () => {
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    // Every entry has the same size: room for four and a half.
    const size = sizeOf('a', answer('a'));
    const maxBytes = Math.floor(size * 4.5);
    const { cache, lru } = open({ maxEntries: 100, maxBytes });
    const kept = () => keys.filter((key) => lru.has(stored(key)));

    for (const key of keys.slice(0, 4)) {
      await read(cache, key, answer(key));
      expect(lru.calculatedSize).toBeLessThanOrEqual(maxBytes);
    }
    expect(kept()).toEqual(['a', 'b', 'c', 'd']);
    expect(lru.calculatedSize).toBe(4 * size);

    // Reading a makes b the least recently used.
    expect((await read(cache, 'a', answer('a'))).hit).toBe(true);
    await read(cache, 'e', answer('e'));
    expect(kept()).toEqual(['a', 'c', 'd', 'e']);
    await read(cache, 'f', answer('f'));
    expect(kept()).toEqual(['a', 'd', 'e', 'f']);

    expect(lru.calculatedSize).toBe(keptSizes(lru));
    expect(lru.calculatedSize).toBeLessThanOrEqual(maxBytes);
  });

  it('never holds more than maxBytes, whatever the sizes written', async () => {
    const maxBytes = 70_000;
    const { cache, lru } = open({ maxEntries: 1_000, maxBytes });

    for (let i = 0; i < 200; i += 1) {
      const chars = 100 + ((i * 7_919) % 6_000);
      await read(cache, `k${i}`, answer(`${i}`, chars));
      expect(lru.calculatedSize).toBeLessThanOrEqual(maxBytes);
      expect(lru.calculatedSize).toBe(keptSizes(lru));
    }
    expect(lru.size).toBeGreaterThan(1);
  });

  it('does not keep an entry over maxBytes, yet answers the read with it', async () => {
    const { cache, lru, warned } = open({ maxEntries: 100, maxBytes: 2_000 });
    await read(cache, 'small', answer('small', 100));
    const large = counted(() => answer('large', 5_000));

    const first = await cache.getOrLoad('large', TTL_SECONDS, large);
    const second = await cache.getOrLoad('large', TTL_SECONDS, large);

    expect(first).toEqual({ value: answer('large', 5_000), hit: false });
    expect(second).toEqual({ value: answer('large', 5_000), hit: false });
    expect(large.runs).toBe(2);
    // Nothing was evicted to make room for it, and nothing failed.
    expect(lru.size).toBe(1);
    expect((await read(cache, 'small', answer('small', 100))).hit).toBe(true);
    expect(warned).toEqual([]);
  });

  it('still keeps at most maxEntries entries, however small', async () => {
    const { cache, lru } = open({ maxEntries: 3, maxBytes: 1_048_576 });
    const load = counted(() => 'v');

    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      await cache.getOrLoad(key, TTL_SECONDS, load);
      expect(lru.size).toBeLessThanOrEqual(3);
    }
    // a went first, to make room for d.
    await cache.getOrLoad('a', TTL_SECONDS, load);

    expect(lru.size).toBe(3);
    expect(load.runs).toBe(6);
  });
});
