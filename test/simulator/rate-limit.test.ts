/**
 * Intercom's rate limit: every answer reports the token's budget in fixed
 * windows aligned to the wall clock, and past the budget the answer is
 * 429 `rate_limit_exceeded`. Budgets are per token and per region.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { call, type Answer } from './http.js';

const SMALL = { contactsPerWorkspace: 20, conversationsPerWorkspace: 10 };

function budgetOf(answer: Answer) {
  const read = (name: string) => answer.headers.get(name);
  return {
    limit: read('x-ratelimit-limit'),
    remaining: read('x-ratelimit-remaining'),
    reset: read('x-ratelimit-reset'),
  };
}

/**
 * Waits until at least `marginMs` remain in the current window, so a test
 * that spends a budget does not see the window end half way through.
 */
async function freshWindow(windowSeconds: number, marginMs = 1_500) {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await sleep(left + 20);
}

describe('rate-limit headers with the default budget', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await startSimulator(SMALL);
  });
  afterAll(() => simulator.close());

  it('puts the budget on every answer, success or error', async () => {
    const { us } = simulator.regions;
    const answers = await Promise.all([
      call(us, '/me'),
      call(us, '/contacts?per_page=0'),
      call(us, '/nowhere'),
      call(us, '/me', { token: 'made-up' }),
      call(us, '/me', { token: us.tokens.revoked }),
      call(us, '/conversations', { token: us.tokens.planRestricted }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([
      200, 400, 404, 401, 401, 403,
    ]);
    for (const answer of answers) {
      const budget = budgetOf(answer);
      expect(budget.limit).toBe('1666');
      expect(Number(budget.remaining)).toBeLessThan(1666);
      expect(budget.reset).toMatch(/^\d+$/);
    }
  });

  it('ends windows at multiples of 10 seconds of Unix time', async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await call(simulator.regions.eu, '/admins');
    const after = Date.now() / 1000;
    const reset = Number(budgetOf(answer).reset);
    expect(reset % 10).toBe(0);
    expect(reset).toBeGreaterThan(before);
    expect(reset).toBeLessThanOrEqual(after + 10);
  });

  it('counts down within a window', async () => {
    await freshWindow(10);
    const { au } = simulator.regions;
    const first = Number(budgetOf(await call(au, '/teams')).remaining);
    const second = Number(budgetOf(await call(au, '/teams')).remaining);
    expect(second).toBe(first - 1);
  });
});

describe('a budget of 5 requests', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    // Long windows: the test's requests all fall in one of them.
    simulator = await startSimulator({
      ...SMALL,
      rateLimitPerWindow: 5,
      rateLimitWindowSeconds: 3_600,
    });
  });
  afterAll(() => simulator.close());

  it('answers 429 past the budget, with the headers', async () => {
    await freshWindow(3_600, 5_000);
    const { us } = simulator.regions;
    const answers: Answer<IntercomErrorBody>[] = [];
    for (let i = 0; i < 7; i++) answers.push(await call(us, '/me'));

    expect(answers.map((a) => a.status)).toEqual([
      200, 200, 200, 200, 200, 429, 429,
    ]);
    expect(answers.map((a) => budgetOf(a).remaining)).toEqual([
      '4',
      '3',
      '2',
      '1',
      '0',
      '0',
      '0',
    ]);
    const refused = answers[5] as Answer<IntercomErrorBody>;
    expect(refused.body).toEqual({
      type: 'error.list',
      request_id: refused.headers.get('x-request-id'),
      errors: [
        {
          code: 'rate_limit_exceeded',
          message: 'Exceeded rate limit of 5 requests per 3600 seconds',
        },
      ],
    });
    expect(budgetOf(refused).limit).toBe('5');
    expect(Number(budgetOf(refused).reset) % 3_600).toBe(0);
    expect(
      simulator
        .calls()
        .slice(-2)
        .map((c) => c.status),
    ).toEqual([429, 429]);
  });

  it('keeps a budget per token and per region', async () => {
    const { eu, au } = simulator.regions;
    for (let i = 0; i < 5; i++) await call(eu, '/me');
    expect((await call(eu, '/me')).status).toBe(429);

    // Another token of the same workspace, and the same token elsewhere.
    const other = await call(eu, '/me', { token: eu.tokens.noParts });
    expect(other.status).toBe(200);
    expect(budgetOf(other).remaining).toBe('4');
    const elsewhere = await call(au, '/me', { token: eu.token });
    expect(elsewhere.status).toBe(401);
    expect(budgetOf(elsewhere).remaining).toBe('4');
  });

  it('refuses even a bad token past its budget', async () => {
    const { au } = simulator.regions;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await call(au, '/me', { token: 'nobody' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe('windows', () => {
  it('gives a fresh budget when the window ends', async () => {
    const simulator = await startSimulator({
      ...SMALL,
      rateLimitPerWindow: 2,
      rateLimitWindowSeconds: 1,
    });
    try {
      await freshWindow(1, 400);
      const { us } = simulator.regions;
      await call(us, '/me');
      await call(us, '/me');
      const refused = await call(us, '/me');
      expect(refused.status).toBe(429);
      const resetMs = Number(budgetOf(refused).reset) * 1000;
      expect(resetMs - Date.now()).toBeLessThanOrEqual(1_000);

      await sleep(Math.max(0, resetMs - Date.now()) + 20);
      const again = await call(us, '/me');
      expect(again.status).toBe(200);
      expect(budgetOf(again).remaining).toBe('1');
      expect(Number(budgetOf(again).reset)).toBe(resetMs / 1000 + 1);
    } finally {
      await simulator.close();
    }
  });

  it('refuses budgets and windows that are not positive integers', async () => {
    await expect(startSimulator({ rateLimitPerWindow: 0 })).rejects.toThrow(
      /rateLimitPerWindow must be an integer >= 1; got 0/,
    );
    await expect(
      startSimulator({ rateLimitWindowSeconds: 2.5 }),
    ).rejects.toThrow(/rateLimitWindowSeconds must be an integer >= 1/);
  });
});
