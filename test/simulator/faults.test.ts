/**
 * Injected faults: each kind answers as documented, rules match by method
 * and path, are used up in order, and can be cleared; faulted calls count
 * against the budget and are logged with the status sent.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { call, send, waitFor } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({
    contactsPerWorkspace: 20,
    conversationsPerWorkspace: 10,
  });
});
afterAll(() => simulator.close());
beforeEach(() => {
  simulator.clearFaults();
  simulator.resetCalls();
});

const errors = (body: unknown) => (body as IntercomErrorBody).errors;

describe('fault kinds', () => {
  it('rate_limited answers 429 with a reset resetInSeconds from now', async () => {
    const { us } = simulator.regions;
    simulator.inject('us', { kind: 'rate_limited', resetInSeconds: 30 });
    const before = Math.floor(Date.now() / 1000);
    const answer = await call(us, '/me');
    const after = Math.floor(Date.now() / 1000);
    expect(answer.status).toBe(429);
    expect(errors(answer.body)[0]?.code).toBe('rate_limit_exceeded');
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(answer.headers.get('x-ratelimit-limit')).toBe('1666');
    const reset = Number(answer.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(before + 30);
    expect(reset).toBeLessThanOrEqual(after + 30);
    // Used up: the next call is answered normally.
    expect((await call(us, '/me')).status).toBe(200);
  });

  it('rate_limited defaults to a reset at most one second away', async () => {
    simulator.inject('eu', { kind: 'rate_limited' });
    const answer = await call(simulator.regions.eu, '/me');
    const now = Date.now() / 1000;
    const reset = Number(answer.headers.get('x-ratelimit-reset'));
    expect(Number.isInteger(reset)).toBe(true);
    expect(reset - now).toBeGreaterThan(-0.1);
    expect(reset - now).toBeLessThanOrEqual(1);
  });

  it('rate_limited with a null reset sends no rate-limit header at all', async () => {
    simulator.inject('us', { kind: 'rate_limited', resetInSeconds: null });
    const answer = await call(simulator.regions.us, '/me');
    expect(answer.status).toBe(429);
    const names = [...answer.headers.keys()];
    expect(names.filter((n) => n.startsWith('x-ratelimit'))).toEqual([]);
  });

  it.each([
    [undefined, 500, 'server_error'],
    [502, 502, 'server_error'],
    [503, 503, 'service_unavailable'],
    [504, 504, 'server_error'],
  ] as const)(
    'server_error with status %s answers %s in an error list',
    async (status, expected, code) => {
      simulator.inject('au', { kind: 'server_error', status });
      const answer = await call(simulator.regions.au, '/teams');
      expect(answer.status).toBe(expected);
      expect(answer.headers.get('content-type')).toMatch(/json/);
      expect((answer.body as IntercomErrorBody).type).toBe('error.list');
      expect(errors(answer.body)[0]?.code).toBe(code);
      expect(answer.headers.get('x-ratelimit-limit')).toBe('1666');
    },
  );

  it('html answers a load balancer page, 502 by default', async () => {
    simulator.inject('us', { kind: 'html' });
    simulator.inject('us', { kind: 'html', status: 503 });
    const first = await send(simulator.regions.us, '/contacts');
    const second = await send(simulator.regions.us, '/contacts');
    expect(first.status).toBe(502);
    expect(first.headers.get('content-type')).toBe('text/html');
    expect(first.text).toContain('<title>502 Bad Gateway</title>');
    expect(first.headers.get('x-ratelimit-limit')).toBeNull();
    expect(second.status).toBe(503);
    expect(second.text).toContain('503 Service Unavailable');
  });

  it('malformed_json answers 200 with JSON cut off half way', async () => {
    const { eu } = simulator.regions;
    const whole = await send(eu, '/admins');
    simulator.inject('eu', { kind: 'malformed_json' });
    const cut = await send(eu, '/admins');
    expect(cut.status).toBe(200);
    expect(cut.headers.get('content-type')).toMatch(/^application\/json/);
    expect(whole.text.startsWith(cut.text)).toBe(true);
    expect(cut.text.length).toBeLessThan(whole.text.length);
    expect(() => JSON.parse(cut.text) as unknown).toThrow(SyntaxError);
  });

  it('slow answers normally after delayMs', async () => {
    simulator.inject('au', { kind: 'slow', delayMs: 150 });
    const started = performance.now();
    const answer = await call(simulator.regions.au, '/me');
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(simulator.regions.au.workspace.me);
  });

  it('request_timeout answers 408 in an error list', async () => {
    simulator.inject('us', { kind: 'request_timeout' });
    const answer = await call(simulator.regions.us, '/tags');
    expect(answer.status).toBe(408);
    expect(errors(answer.body)[0]?.code).toBe('request_timeout');
  });

  it.each([
    [undefined, 'unauthorized', 'Access Token Invalid'],
    ['token_not_found', 'token_not_found', 'Token not found'],
    ['token_revoked', 'token_revoked', 'Token revoked'],
    ['token_expired', 'token_expired', 'Token expired'],
  ] as const)(
    'unauthorized with code %s answers 401 %s',
    async (code, expected, message) => {
      simulator.inject('eu', { kind: 'unauthorized', code });
      const answer = await call(simulator.regions.eu, '/me');
      expect(answer.status).toBe(401);
      expect(errors(answer.body)).toEqual([{ code: expected, message }]);
    },
  );

  it('unauthorized with emptyBody answers 401 with nothing in it', async () => {
    simulator.inject('eu', { kind: 'unauthorized', emptyBody: true });
    const answer = await send(simulator.regions.eu, '/me');
    expect(answer.status).toBe(401);
    expect(answer.text).toBe('');
    expect(answer.headers.get('content-type')).toBeNull();
  });

  it('forbidden answers 403, by default `forbidden`', async () => {
    const { us } = simulator.regions;
    simulator.inject('us', { kind: 'forbidden' });
    simulator.inject('us', { kind: 'forbidden', code: 'api_plan_restricted' });
    simulator.inject('us', { kind: 'forbidden', message: 'Not for you' });
    const answers = [
      await call(us, '/me'),
      await call(us, '/me'),
      await call(us, '/me'),
    ];
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    expect(answers.map((a) => errors(a.body)[0])).toEqual([
      { code: 'forbidden', message: 'Forbidden request' },
      { code: 'api_plan_restricted', message: 'Active subscription needed.' },
      { code: 'forbidden', message: 'Not for you' },
    ]);
  });

  it('bad_request answers 400 with the given code and message', async () => {
    simulator.inject('au', { kind: 'bad_request' });
    simulator.inject('au', {
      kind: 'bad_request',
      code: 'parameter_invalid',
      message: 'per_page is wrong',
    });
    const first = await call(simulator.regions.au, '/me');
    const second = await call(simulator.regions.au, '/me');
    expect([first.status, second.status]).toEqual([400, 400]);
    expect(errors(first.body)[0]?.code).toBe('bad_request');
    expect(errors(second.body)[0]).toEqual({
      code: 'parameter_invalid',
      message: 'per_page is wrong',
    });
  });
});

describe('hanging requests', () => {
  it('hang never answers, and is logged with status 0 once the client gives up', async () => {
    simulator.inject('us', { kind: 'hang' });
    const aborted = call(simulator.regions.us, '/contacts', {
      signal: AbortSignal.timeout(150),
    });
    await expect(aborted).rejects.toThrow();
    await waitFor(() => simulator.calls().length === 1, 'the hang logged');
    expect(simulator.calls()[0]).toMatchObject({
      path: '/contacts',
      status: 0,
    });
    // The next request is answered as usual.
    expect((await call(simulator.regions.us, '/contacts')).status).toBe(200);
  });

  it('hang ends when the simulator closes', async () => {
    const local = await startSimulator({
      contactsPerWorkspace: 20,
      conversationsPerWorkspace: 10,
    });
    local.inject('au', { kind: 'hang' });
    const pending = call(local.regions.au, '/me');
    // Time for the request to arrive; nothing answers it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(local.calls()).toEqual([]);
    await local.close();
    await expect(pending).rejects.toThrow();
    await waitFor(() => local.calls().length === 1, 'the hang logged');
    expect(local.calls()[0]?.status).toBe(0);
  });

  it('counts faulted calls against the budget, but not a hang', async () => {
    // An hour-long window, so all of the calls below fall in one.
    const local = await startSimulator({
      contactsPerWorkspace: 20,
      conversationsPerWorkspace: 10,
      rateLimitPerWindow: 100,
      rateLimitWindowSeconds: 3_600,
    });
    try {
      const { eu } = local.regions;
      const remaining = async (fault?: Parameters<Simulator['inject']>[1]) => {
        if (fault !== undefined) local.inject('eu', fault);
        const answer = await call(eu, '/me');
        return Number(answer.headers.get('x-ratelimit-remaining'));
      };
      const before = await remaining();
      local.inject('eu', { kind: 'hang' });
      await expect(
        call(eu, '/me', { signal: AbortSignal.timeout(50) }),
      ).rejects.toThrow();
      expect(await remaining({ kind: 'server_error' })).toBe(before - 1);
      expect(await remaining({ kind: 'forbidden' })).toBe(before - 2);
      expect(await remaining()).toBe(before - 3);
    } finally {
      await local.close();
    }
  });
});

describe('matching rules', () => {
  it('applies a fault `times` times, then answers normally', async () => {
    simulator.inject('us', { kind: 'server_error' }, { times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await call(simulator.regions.us, '/me')).status);
    }
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('applies a fault with times: Infinity until cleared', async () => {
    simulator.inject('au', { kind: 'request_timeout' }, { times: Infinity });
    for (let i = 0; i < 4; i++) {
      expect((await call(simulator.regions.au, '/me')).status).toBe(408);
    }
    simulator.clearFaults('au');
    expect((await call(simulator.regions.au, '/me')).status).toBe(200);
  });

  it('matches by method and by path prefix or RegExp', async () => {
    const { eu } = simulator.regions;
    simulator.inject('eu', { kind: 'server_error' }, { method: 'post' });
    simulator.inject(
      'eu',
      { kind: 'forbidden' },
      { path: '/contacts/', times: Infinity },
    );
    simulator.inject(
      'eu',
      { kind: 'request_timeout' },
      { path: /^\/teams\/\d+$/g, times: Infinity },
    );
    const contact = eu.workspace.contacts[0]?.id ?? '';
    const team = eu.workspace.teams[0]?.id ?? '';

    expect((await call(eu, '/contacts')).status).toBe(200);
    expect((await call(eu, `/contacts/${contact}`)).status).toBe(403);
    expect((await call(eu, '/teams')).status).toBe(200);
    // A global RegExp keeps matching: its position is not remembered.
    expect((await call(eu, `/teams/${team}`)).status).toBe(408);
    expect((await call(eu, `/teams/${team}`)).status).toBe(408);
    const query = { query: { field: 'role', operator: '=', value: 'user' } };
    expect((await call(eu, '/contacts/search', { body: query })).status).toBe(
      500,
    );
    expect((await call(eu, '/contacts/search', { body: query })).status).toBe(
      403,
    );
  });

  it('uses the rules in the order injected', async () => {
    const { us } = simulator.regions;
    simulator.inject('us', { kind: 'server_error', status: 503 });
    simulator.inject('us', { kind: 'server_error', status: 502 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(us, '/me')).status);
    expect(statuses).toEqual([503, 502, 200]);
  });

  it('keeps faults to the region they were injected into', async () => {
    simulator.inject('au', { kind: 'server_error' }, { times: Infinity });
    expect((await call(simulator.regions.us, '/me')).status).toBe(200);
    expect((await call(simulator.regions.eu, '/me')).status).toBe(200);
    expect((await call(simulator.regions.au, '/me')).status).toBe(500);
  });

  it('clears one region or all of them', async () => {
    for (const region of ['us', 'eu', 'au'] as const) {
      simulator.inject(region, { kind: 'server_error' }, { times: Infinity });
    }
    simulator.clearFaults('us');
    expect((await call(simulator.regions.us, '/me')).status).toBe(200);
    expect((await call(simulator.regions.eu, '/me')).status).toBe(500);
    simulator.clearFaults();
    expect((await call(simulator.regions.eu, '/me')).status).toBe(200);
    expect((await call(simulator.regions.au, '/me')).status).toBe(200);
  });

  it('logs faulted calls with the status sent', async () => {
    const { us } = simulator.regions;
    simulator.inject('us', { kind: 'html', status: 504 });
    simulator.inject('us', { kind: 'malformed_json' });
    await send(us, '/admins');
    await send(us, '/admins');
    expect(simulator.calls().map((c) => [c.path, c.status])).toEqual([
      ['/admins', 504],
      ['/admins', 200],
    ]);
  });

  it('refuses faults and options that make no sense', () => {
    const inject = simulator.inject.bind(simulator);
    expect(() => {
      inject('us', { kind: 'slow', delayMs: -1 });
    }).toThrow(/slow.delayMs must be a number >= 0; got -1/);
    expect(() => {
      inject('us', { kind: 'server_error', status: 501 as 500 });
    }).toThrow(/server_error.status must be 500, 502, 503 or 504/);
    expect(() => {
      inject('us', { kind: 'hang' }, { times: 0 });
    }).toThrow(/times must be an integer >= 1 or Infinity; got 0/);
    expect(() => {
      inject('us', { kind: 'hang' }, { path: 'contacts' });
    }).toThrow(/path must start with '\/'/);
    expect(() => {
      inject('us', { kind: 'nope' } as unknown as { kind: 'hang' });
    }).toThrow(/not a SimulatedFault kind/);
  });
});
