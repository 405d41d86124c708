import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { startGateway } from '../../src/server/gateway.js';
import { freePort, startRedis, type RedisServer } from '../support/redis.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

const TAGS = `{ connection(id: "${CONNECTIONS.us}") { workspace { tags { id name } } } }`;

let redis: RedisServer;
const stacks: Stack[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

afterAll(async () => {
  await redis.stop();
});

function onRedis(url: string) {
  return (config: GatewayConfig): GatewayConfig => ({
    ...config,
    cache: { ...config.cache, store: 'redis', url },
  });
}

it('keeps answers in Redis, where a second gateway finds them', async () => {
  const stack = await startStack({ configure: onRedis(redis.url) });
  stacks.push(stack);
  const first = await stack.query(TAGS);
  expect(first.errors).toBeUndefined();
  expect(stack.simulator.calls()).toHaveLength(1);

  // Another replica with the same configuration, sharing only Redis.
  const replica = await startGateway(stack.config, createLogger('silent'));
  try {
    stack.simulator.resetCalls();
    const response = await fetch(`${replica.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: TAGS }),
    });

    const answer = (await response.json()) as typeof first;
    expect(answer.data).toEqual(first.data);
    expect(stack.simulator.calls()).toHaveLength(0);
  } finally {
    await replica.close();
  }
});

it('caches in memory and warns once when the cache store is down', async () => {
  const deadRedis = `redis://127.0.0.1:${await freePort()}`;
  const stack = await startStack({ configure: onRedis(deadRedis) });
  stacks.push(stack);

  const first = await stack.query(TAGS);
  const second = await stack.query(TAGS);

  expect(first.errors).toBeUndefined();
  expect(second.data).toEqual(first.data);
  // The second answer comes from the local fallback, not from Intercom.
  expect(stack.simulator.calls()).toHaveLength(1);
  const warnings = stack.logs.filter(
    (line) => line.level === 40 && String(line.msg).includes('cache store'),
  );
  expect(warnings).toHaveLength(1);
});
