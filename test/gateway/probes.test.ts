import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config/index.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { startStack, type Stack } from '../support/stack.js';

const stacks: Stack[] = [];
const redises: RedisServer[] = [];
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
  await Promise.all(redises.splice(0).map((redis) => redis.stop()));
});

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true });
});

async function stackWith(configure?: (config: GatewayConfig) => GatewayConfig) {
  const stack = await startStack(configure ? { configure } : {});
  stacks.push(stack);
  return stack;
}

/** A GET with neither a key nor Apollo's preflight header. */
async function probe(stack: Stack, path: string) {
  const response = await fetch(`${stack.gateway.url}${path}`);
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
}

it('answers /healthz and /readyz without a key, a CSRF header or an audit line', async () => {
  const stack = await stackWith((config) => ({
    ...config,
    clients: [
      {
        name: 'ui',
        key: 'ui-key-0123456789abcdef0123456789',
        connections: '*',
        pii: 'reveal',
        admin: false,
        introspection: true,
        maxCallsPerQuery: 1000,
      },
    ],
  }));

  expect(await probe(stack, '/healthz')).toEqual({
    status: 200,
    body: { status: 'ok' },
  });
  expect(await probe(stack, '/readyz')).toEqual({
    status: 200,
    body: {
      status: 'ok',
      checks: { config: 'ok', store: 'not configured', cache: 'ok' },
    },
  });
  const messages = stack.logs.map((line) => line.msg);
  expect(messages).not.toContain('audit');
  expect(messages).not.toContain('request refused');
  expect(stack.simulator.calls()).toHaveLength(0);
});

it('checks the connection store when one is configured', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'igw-probes-'));
  folders.push(folder);
  const stack = await stackWith((config) => ({
    ...config,
    store: {
      path: join(folder, 'connections.db'),
      encryptionKey: randomBytes(32),
    },
  }));

  expect(await probe(stack, '/readyz')).toEqual({
    status: 200,
    body: {
      status: 'ok',
      checks: { config: 'ok', store: 'ok', cache: 'ok' },
    },
  });
});

it('stays ready while its Redis is down, saying the cache is on its fallback, with no host', async () => {
  const redis = await startRedis();
  redises.push(redis);
  const stack = await stackWith((config) => ({
    ...config,
    cache: { ...config.cache, store: 'redis', url: redis.url },
  }));
  expect((await probe(stack, '/readyz')).status).toBe(200);

  // The replica keeps serving from its local cache, so a load balancer
  // must keep sending it queries: a Redis outage is not a reason to stop.
  await redis.stop();
  const down = await probe(stack, '/readyz');

  expect(down).toEqual({
    status: 200,
    body: {
      status: 'ok',
      checks: { config: 'ok', store: 'not configured', cache: 'fallback' },
    },
  });
  const port = new URL(redis.url).port;
  expect(JSON.stringify(down.body)).not.toContain(port);
  expect(JSON.stringify(down.body)).not.toContain('127.0.0.1');
  expect(await probe(stack, '/healthz')).toEqual({
    status: 200,
    body: { status: 'ok' },
  });
});
