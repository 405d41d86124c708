import { createClient } from '@keyv/redis';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectionScope, requestKey } from '../../src/cache/keys.js';
import { openSharedRedis } from '../../src/cache/redis.js';
import { ResponseCache } from '../../src/cache/response-cache.js';
import { openCacheStore } from '../../src/cache/store.js';
import { createLogger } from '../../src/logger.js';
import { startRedis, type RedisServer } from '../support/redis.js';

const SCOPE = connectionScope('acme', 'token-of-acme');
const OTHER = connectionScope('acme-2', 'token-of-acme-2');

/** Longest wait for the probe (every 50 ms here) to find Redis back. */
const RECOVERY_WAIT_MS = 10_000;

let redis: RedisServer;
let cache: ResponseCache;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const memory = openCacheStore({
    store: 'memory',
    url: 'memory://',
    maxEntries: 100,
  });
  cache = new ResponseCache(
    openCacheStore({
      store: 'redis',
      url: redis.url,
      maxEntries: 100,
      client: await openSharedRedis(redis.url),
    }),
    createLogger('info', sink),
    { fallback: memory, probeIntervalMs: 50 },
  );
});

afterAll(async () => {
  await cache.close();
  await redis.stop();
});

/** Reads `path` of `scope`; says whether the cache answered. */
async function hit(scope: string, path: string): Promise<boolean> {
  const key = requestKey(scope, 'GET', path);
  const outcome = await cache.getOrLoad(key, 60, () => Promise.resolve(path));
  expect(outcome.value).toBe(path);
  return outcome.hit;
}

const warnings = () => lines.filter((line) => line.level === 40);
const recoveries = () =>
  lines.filter(
    (line) =>
      line.level === 30 && String(line.msg).includes('cache store answers'),
  );

async function waitForRecovery() {
  const deadline = Date.now() + RECOVERY_WAIT_MS;
  while (cache.onFallback && Date.now() < deadline) await sleep(20);
  expect(cache.onFallback).toBe(false);
}

it('caches in memory while Redis is away, drops from there, and goes back', async () => {
  expect(await hit(SCOPE, '/admins')).toBe(false);
  expect(await hit(SCOPE, '/admins')).toBe(true);
  expect(cache.onFallback).toBe(false);

  await redis.stop();
  // The first read after Redis went finds nothing and turns to memory;
  // later reads hit there. One warning for all of them.
  expect(await hit(SCOPE, '/teams')).toBe(false);
  expect(cache.onFallback).toBe(true);
  for (let i = 0; i < 5; i += 1) {
    expect(await hit(SCOPE, '/teams')).toBe(true);
  }
  expect(await hit(OTHER, '/teams')).toBe(false);
  expect(warnings()).toHaveLength(1);
  expect(String(warnings()[0]?.msg)).toContain('cache store failed');

  // Dropping a scope drops what memory holds of it, and only of it.
  expect(await cache.dropScope(SCOPE)).toBe(1);
  expect(await hit(SCOPE, '/teams')).toBe(false);
  expect(await hit(OTHER, '/teams')).toBe(true);

  redis = await startRedis({ port: redis.port });
  await waitForRecovery();
  expect(recoveries()).toHaveLength(1);

  // Back on Redis (restarted empty), and memory was emptied: nothing of
  // the outage is answered any more.
  expect(await hit(OTHER, '/teams')).toBe(false);
  expect(await hit(OTHER, '/teams')).toBe(true);
  expect(warnings()).toHaveLength(1);
});

it('drops from Redis, once back, a scope dropped while it refused', async () => {
  expect(await hit(SCOPE, '/tags')).toBe(false);
  expect(await hit(SCOPE, '/tags')).toBe(true);

  // Redis keeps its data but refuses the cache's client: a password is
  // set and the client's connection is closed, so it comes back without.
  const admin = createClient({ url: redis.url });
  await admin.connect();
  try {
    await admin.configSet('requirepass', 'not-the-cache-s');
    await admin.clientKill({ filter: 'SKIPME', skipMe: true });
    expect(await hit(SCOPE, '/admins')).toBe(false);
    expect(cache.onFallback).toBe(true);

    // Redis refuses the drop; the cache remembers it for when it is back.
    await cache.dropScope(SCOPE);
    await admin.configSet('requirepass', '');
  } finally {
    await admin.close();
  }
  await waitForRecovery();

  expect(await hit(SCOPE, '/tags')).toBe(false);
  expect(warnings()).toHaveLength(2);
  expect(recoveries()).toHaveLength(2);
});
