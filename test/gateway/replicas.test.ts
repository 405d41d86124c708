import { createClient } from '@keyv/redis';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { startGateway, type RunningGateway } from '../../src/server/gateway.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import {
  CONNECTIONS,
  startStack,
  type GraphQLAnswer,
  type Stack,
} from '../support/stack.js';

/**
 * Two gateway replicas in front of one simulator, sharing only a private
 * Redis: its cache and each connection's rate budget. The tests run in
 * order and share the replicas; the last one stops Redis and starts it
 * again on the same port.
 */

/** The connection's budget per 10-second window: small, so load is quick. */
const REQUESTS_PER_WINDOW = 20;

/** Longest wait for a replica to find Redis back (it probes every 2 s). */
const RECOVERY_WAIT_MS = 20_000;

const TAGS = `{ connection(id: "${CONNECTIONS.us}") { workspace { tags { id name } } } }`;
const CONTACT = `query One($id: ID!) {
  connection(id: "${CONNECTIONS.eu}") { workspace { contact(id: $id) { id } } }
}`;

interface Replica {
  gateway: RunningGateway;
  logs(): Record<string, unknown>[];
  query(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLAnswer>;
}

let redis: RedisServer;
let stack: Stack;
let replicas: [Replica, Replica];

beforeAll(async () => {
  redis = await startRedis();
  stack = await startStack({
    configure: (config): GatewayConfig => ({
      ...config,
      cache: { ...config.cache, store: 'redis', url: redis.url },
      intercom: {
        ...config.intercom,
        requestsPerWindow: REQUESTS_PER_WINDOW,
        // The load below spans windows: no query should give up waiting.
        deadlineMs: 60_000,
      },
    }),
  });
  replicas = [
    {
      gateway: stack.gateway,
      logs: () => stack.logs,
      query: (query, variables) => stack.query(query, variables),
    },
    await startReplica(stack.config),
  ];
  stack.simulator.resetCalls();
}, 60_000);

afterAll(async () => {
  await replicas[1].gateway.close();
  await stack.close();
  await redis.stop();
});

/** Another gateway with the same configuration, logging to its own list. */
async function startReplica(config: GatewayConfig): Promise<Replica> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const gateway = await startGateway(config, createLogger('debug', sink));
  return {
    gateway,
    logs: () =>
      lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    async query(query, variables) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLAnswer;
    },
  };
}

function contactIds(from: number, count: number): string[] {
  return stack.simulator.regions.eu.workspace.contacts
    .slice(from, from + count)
    .map((contact) => contact.id);
}

function cacheWarnings(replica: Replica) {
  return replica
    .logs()
    .filter(
      (line) => line.level === 40 && String(line.msg).includes('cache store'),
    );
}

function cacheRecoveries(replica: Replica) {
  return replica
    .logs()
    .filter(
      (line) =>
        line.level === 30 && String(line.msg).includes('cache store answers'),
    );
}

it('answers on the second replica from what the first cached', async () => {
  const [first, second] = replicas;
  const filled = await first.query(TAGS);
  expect(filled.errors).toBeUndefined();
  expect(stack.simulator.calls()).toHaveLength(1);

  stack.simulator.resetCalls();
  const answer = await second.query(TAGS);

  expect(answer.errors).toBeUndefined();
  expect(answer.data).toEqual(filled.data);
  expect(stack.simulator.calls()).toHaveLength(0);
});

it('keeps both replicas together within one connection budget per window', async () => {
  stack.simulator.resetCalls();
  // Thirty different contacts, fifteen asked of each replica at once:
  // thirty different calls, more than one window's budget.
  const ids = contactIds(0, 30);
  const answers = await Promise.all(
    ids.map((id, index) =>
      (index % 2 === 0 ? replicas[0] : replicas[1]).query(CONTACT, { id }),
    ),
  );

  for (const [index, answer] of answers.entries()) {
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      connection: { workspace: { contact: { id: ids[index] } } },
    });
  }
  const token = stack.simulator.regions.eu.token;
  const calls = stack.simulator
    .calls()
    .filter((call) => call.token === token && call.region === 'eu');
  expect(calls.length).toBeGreaterThanOrEqual(ids.length);
  const perWindow = new Map<number | null, number>();
  for (const call of calls) {
    perWindow.set(
      call.rateLimitReset,
      (perWindow.get(call.rateLimitReset) ?? 0) + 1,
    );
  }
  // More calls than one window holds, so they spread over several, each
  // within the one budget: every replica counted into the same counter.
  expect(perWindow.size).toBeGreaterThanOrEqual(2);
  for (const count of perWindow.values()) {
    expect(count).toBeLessThanOrEqual(REQUESTS_PER_WINDOW);
  }
}, 60_000);

it('keeps answering while Redis is away, and uses it again once back', async () => {
  const [first, second] = replicas;
  const cached = contactIds(0, 2);
  // Per replica: two reads Redis held, two it never did.
  const asked = [
    [...cached, ...contactIds(40, 2)],
    [...cached, ...contactIds(42, 2)],
  ];
  await redis.stop();

  // Reads that were in Redis and reads that never were, on both replicas,
  // twice: each replica warns once, and answers the second time from its
  // own memory.
  for (const round of [1, 2]) {
    stack.simulator.resetCalls();
    for (const [index, replica] of replicas.entries()) {
      for (const id of asked[index] ?? []) {
        const answer = await replica.query(CONTACT, { id });
        expect(answer.errors).toBeUndefined();
        expect(answer.data).toEqual({
          connection: { workspace: { contact: { id } } },
        });
      }
    }
    const reads = stack.simulator
      .calls()
      .filter((call) => call.path.startsWith('/contacts/'));
    expect(reads).toHaveLength(round === 1 ? 8 : 0);
  }
  expect(cacheWarnings(first)).toHaveLength(1);
  expect(cacheWarnings(second)).toHaveLength(1);

  redis = await startRedis({ port: redis.port });
  for (const replica of replicas) {
    const deadline = Date.now() + RECOVERY_WAIT_MS;
    while (cacheRecoveries(replica).length === 0 && Date.now() < deadline) {
      await sleep(100);
    }
    expect(cacheRecoveries(replica)).toHaveLength(1);
  }

  // Shared again: what one replica fills, the other reads.
  const [id] = contactIds(60, 1);
  stack.simulator.resetCalls();
  const filled = await first.query(CONTACT, { id });
  expect(filled.errors).toBeUndefined();
  expect(stack.simulator.calls()).toHaveLength(1);
  stack.simulator.resetCalls();
  const answer = await second.query(CONTACT, { id });
  expect(answer.errors).toBeUndefined();
  expect(answer.data).toEqual(filled.data);
  expect(stack.simulator.calls()).toHaveLength(0);
  // The budget went back to Redis too: the restarted, empty Redis holds
  // the connection's counter, keyed without its token.
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const keys = await client.keys('igw:budget:*');
    expect(keys.some((key) => key.includes(`:${CONNECTIONS.eu}:`))).toBe(true);
    expect(keys.join('\n')).not.toContain(stack.simulator.regions.eu.token);
  } finally {
    await client.close();
  }
  expect(cacheWarnings(first)).toHaveLength(1);
  expect(cacheWarnings(second)).toHaveLength(1);
}, 60_000);
