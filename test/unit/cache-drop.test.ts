import type KeyvRedis from '@keyv/redis';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import { connectionScope, requestKey } from '../../src/cache/keys.js';
import { ResponseCache } from '../../src/cache/response-cache.js';
import { openCacheStore, type CacheKeyv } from '../../src/cache/store.js';
import { createLogger } from '../../src/logger.js';
import { startRedis, type RedisServer } from '../support/redis.js';

const DROPPED = connectionScope('acme', 'token-of-acme');
const KEPT = connectionScope('acme-2', 'token-of-acme-2');
const PATHS = ['/admins', '/teams', '/tags'];

/** A load that counts how often it runs. */
function counted(value: string) {
  const load = () => {
    load.runs += 1;
    return Promise.resolve(value);
  };
  load.runs = 0;
  return load;
}

let redis: RedisServer;
const opened: ResponseCache[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((cache) => cache.close()));
});

afterAll(async () => {
  await redis.stop();
});

describe.each(['memory', 'redis'] as const)('dropScope on %s', (store) => {
  function open(): { cache: ResponseCache; keyv: CacheKeyv } {
    const keyv = openCacheStore({
      store,
      url: store === 'redis' ? redis.url : 'memory://',
      maxEntries: 100,
    });
    const cache = new ResponseCache(keyv, createLogger('silent'));
    opened.push(cache);
    return { cache, keyv };
  }

  // Redis outlives each test; every test starts from an empty one.
  beforeEach(async () => {
    await open().cache.clear();
  });

  async function fill(cache: ResponseCache, scope: string) {
    for (const path of PATHS) {
      await cache.getOrLoad(requestKey(scope, 'GET', path), 60, counted(path));
    }
  }

  /** How many of a scope's entries are still cached: loads not run. */
  async function cachedOf(cache: ResponseCache, scope: string) {
    let cached = 0;
    for (const path of PATHS) {
      const key = requestKey(scope, 'GET', path);
      const { hit } = await cache.getOrLoad(key, 60, counted(path));
      if (hit) cached += 1;
    }
    return cached;
  }

  it("drops every entry of one connection's scope and no other", async () => {
    const { cache } = open();
    await fill(cache, DROPPED);
    await fill(cache, KEPT);

    const dropped = await cache.dropScope(DROPPED);

    expect(dropped).toBe(PATHS.length);
    expect(await cachedOf(cache, DROPPED)).toBe(0);
    expect(await cachedOf(cache, KEPT)).toBe(PATHS.length);
  });

  it('drops nothing, and says so, for a scope with no entries', async () => {
    const { cache } = open();
    await fill(cache, KEPT);

    expect(await cache.dropScope(DROPPED)).toBe(0);
    expect(await cachedOf(cache, KEPT)).toBe(PATHS.length);
  });

  it('keeps a load in flight during the drop from writing its answer back', async () => {
    const { cache } = open();
    const key = requestKey(DROPPED, 'GET', '/me');
    let release: (value: string) => void = () => undefined;
    let started: () => void = () => undefined;
    const loading = new Promise<void>((resolve) => (started = resolve));
    const slow = cache.getOrLoad(key, 60, () => {
      started();
      return new Promise<string>((resolve) => (release = resolve));
    });
    await loading;

    await cache.dropScope(DROPPED);
    release('answer from before the drop');
    await slow;

    const after = counted('fresh');
    await cache.getOrLoad(key, 60, after);
    expect(after.runs).toBe(1);
  });

  if (store === 'redis') {
    it('deletes the keys from Redis itself, as keyv and @keyv/redis name them', async () => {
      const { cache, keyv } = open();
      await fill(cache, DROPPED);
      await fill(cache, KEPT);
      const [node] = await (keyv.store as KeyvRedis<unknown>).getMasterNodes();
      const before = await node?.keys('*');

      await cache.dropScope(DROPPED);
      const after = await node?.keys('*');

      // keyv writes `igw:<key>`, and @keyv/redis puts `igw::` before that.
      expect(
        before?.filter((k) => k.startsWith(`igw::igw:${DROPPED}:`)),
      ).toHaveLength(PATHS.length);
      expect(after?.filter((k) => k.includes(DROPPED))).toEqual([]);
      expect(
        after?.filter((k) => k.startsWith(`igw::igw:${KEPT}:`)),
      ).toHaveLength(PATHS.length);
      // Another replica on the same Redis misses the dropped entries too.
      expect(await cachedOf(open().cache, DROPPED)).toBe(0);
    });
  }
});
