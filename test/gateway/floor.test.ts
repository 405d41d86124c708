import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BENCH_QUERIES, type Send } from '../../bench/queries.js';
import { endpoint, roundTrips } from '../support/calls.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

// The benchmark's queries at the fewest calls and round trips they can
// take: counts, not timings, so a query that starts costing one call or
// one wait more fails here rather than only in the benchmark's figures.

let stack: Stack;

beforeAll(async () => {
  // A latency per call well above any scheduling delay, so that calls in
  // flight together overlap in the simulator's log and calls that wait
  // for another do not (see the batching tests).
  stack = await startStack({ simulator: { latencyMs: 100 } });
});

beforeEach(async () => {
  await stack.gateway.cache.clear();
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await stack.close();
});

const send: Send = async ({ query, variables }) => {
  const answer = await stack.query(query, variables);
  expect(answer.errors).toBeUndefined();
  return answer.data;
};

const data = () => stack.simulator.regions.eu.workspace;

describe.each(BENCH_QUERIES)('$name: $title', (bench) => {
  it(`costs its floor cold (${bench.why}) and nothing warm`, async () => {
    await bench.run(send, CONNECTIONS.eu, data());
    const cold = stack.simulator.calls();
    const floor = bench.floor(data());

    expect(cold.map(endpoint), 'calls cold').toHaveLength(floor.calls);
    expect(roundTrips(cold), 'round trips cold').toBe(floor.roundTrips);

    stack.simulator.resetCalls();
    await bench.run(send, CONNECTIONS.eu, data());
    expect(stack.simulator.calls().map(endpoint), 'calls warm').toEqual([]);
  });

  it('shares each call between five identical runs at once', async () => {
    await Promise.all(
      Array.from({ length: 5 }, () => bench.run(send, CONNECTIONS.eu, data())),
    );
    expect(stack.simulator.calls()).toHaveLength(bench.floor(data()).calls);
  });
});

it('keeps its sockets to Intercom alive: twenty cold runs open no new ones', async () => {
  const q1 = BENCH_QUERIES[0];
  if (!q1) throw new Error('no Q1');
  await q1.run(send, CONNECTIONS.eu, data());
  const before = stack.simulator.socketsAccepted().eu;

  for (let i = 0; i < 20; i += 1) {
    await stack.gateway.cache.clear();
    await q1.run(send, CONNECTIONS.eu, data());
  }

  expect(stack.simulator.calls().length).toBeGreaterThanOrEqual(20 * 4);
  expect(stack.simulator.socketsAccepted().eu).toBe(before);
});
