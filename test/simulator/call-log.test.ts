/**
 * The call log tests use to count upstream requests and round trips, the
 * added latency benchmarks rely on, and connection reuse.
 */
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { call } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.resetCalls();
});

describe('the call log', () => {
  it('records what each request sent and how it was answered', async () => {
    const { eu } = simulator.regions;
    const query = { field: 'role', operator: '=', value: 'lead' };
    await call(eu, '/contacts/search?include_merge_history=false', {
      body: { query, pagination: { per_page: 5 } },
      headers: { accept: 'application/json', 'intercom-version': '2.16' },
    });
    await call(eu, '/me', {
      token: 'made-up',
      headers: { 'intercom-version': '2.15' },
    });

    const [search, refused] = simulator.calls();
    expect(search).toMatchObject({
      region: 'eu',
      method: 'POST',
      path: '/contacts/search',
      query: { include_merge_history: 'false' },
      body: { query, pagination: { per_page: 5 } },
      token: eu.token,
      intercomVersion: '2.16',
      accept: 'application/json',
      status: 200,
    });
    expect(refused).toMatchObject({
      method: 'GET',
      path: '/me',
      body: undefined,
      token: 'made-up',
      intercomVersion: '2.15',
      status: 401,
    });
    expect(simulator.calls()).toHaveLength(2);
  });

  it('records a missing token and version as null', async () => {
    await call(simulator.regions.us, '/me', {
      token: null,
      headers: { 'intercom-version': '' },
    });
    const [entry] = simulator.calls();
    expect(entry?.token).toBeNull();
    expect(entry?.intercomVersion).toBeNull();
    expect(entry?.status).toBe(401);
  });

  it('lists calls from every region in arrival order', async () => {
    const { us, eu, au } = simulator.regions;
    await call(au, '/teams');
    await call(us, '/tags');
    await call(eu, '/admins');
    expect(simulator.calls().map((c) => [c.region, c.path])).toEqual([
      ['au', '/teams'],
      ['us', '/tags'],
      ['eu', '/admins'],
    ]);
  });

  it('forgets everything on reset', async () => {
    await call(simulator.regions.us, '/me');
    expect(simulator.calls()).toHaveLength(1);
    simulator.resetCalls();
    expect(simulator.calls()).toEqual([]);
  });

  it('times calls so sequential round trips can be told from parallel ones', async () => {
    const { us } = simulator.regions;
    await call(us, '/contacts');
    await call(us, '/conversations');
    await Promise.all([call(us, '/admins'), call(us, '/teams')]);

    const [first, second] = simulator.calls();
    for (const entry of simulator.calls()) {
      expect(entry.endedAtMs).toBeGreaterThanOrEqual(entry.startedAtMs);
    }
    // Sequential: the second started after the first was answered.
    expect(second?.startedAtMs).toBeGreaterThanOrEqual(
      first?.endedAtMs ?? Infinity,
    );
  });
});

describe('latency and connections', () => {
  it('adds latencyMs before every answer, errors included', async () => {
    const slow = await startSimulator({ latencyMs: 60 });
    try {
      const started = performance.now();
      await Promise.all([
        call(slow.regions.us, '/me'),
        call(slow.regions.us, '/me', { token: null }),
      ]);
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(59);
      // Both waited at once: latency is per answer, not a queue.
      expect(elapsed).toBeLessThan(60 * 2 + 200);
      for (const entry of slow.calls()) {
        expect(entry.endedAtMs - entry.startedAtMs).toBeGreaterThanOrEqual(59);
      }
    } finally {
      await slow.close();
    }
  });

  it('keeps connections alive between requests', async () => {
    const { us } = simulator.regions;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<boolean>((resolve, reject) => {
        const req = request(
          `${us.url}/me`,
          { agent, headers: { authorization: `Bearer ${us.token}` } },
          (res) => {
            res.resume();
            res.on('end', () => {
              resolve(req.reusedSocket);
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get()).toBe(false);
      expect(await get()).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('closes with open keep-alive connections, and closing twice is harmless', async () => {
    const local = await startSimulator({
      contactsPerWorkspace: 20,
      conversationsPerWorkspace: 10,
    });
    await call(local.regions.eu, '/me');
    await local.close();
    await local.close();
    await expect(fetch(`${local.regions.eu.url}/me`)).rejects.toThrow();
  });
});
