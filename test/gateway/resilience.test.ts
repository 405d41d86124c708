import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

const TAGS = `{ connection(id: "${CONNECTIONS.us}") { workspace { tags { id } } } }`;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    configure: (config, simulator) => ({
      ...config,
      // Short enough that waiting out a storm fits a test; the timeout is
      // short so that a host that never answers is given up on quickly.
      intercom: { ...config.intercom, deadlineMs: 3_000, timeoutMs: 1_000 },
      // A 429 that says the budget is spent for 30 s is honoured for 30 s,
      // so the test that sends one gets a connection of its own.
      connections: [
        ...config.connections,
        { id: 'storm', region: 'us', token: simulator.regions.us.token },
      ],
    }),
  });
});

beforeEach(async () => {
  stack.simulator.clearFaults();
  stack.simulator.resetCalls();
  await stack.gateway.cache.clear();
});

afterAll(async () => {
  await stack.close();
});

/** The statuses Intercom answered on one path, in order. */
function statuses(path: string): number[] {
  return stack.simulator
    .calls()
    .filter((call) => call.path === path)
    .map((call) => call.status);
}

it.each([1, 2])(
  'waits out a 429 with a reset %i s ahead, then answers in full',
  async (resetInSeconds) => {
    stack.simulator.inject(
      'us',
      { kind: 'rate_limited', resetInSeconds },
      { path: '/tags' },
    );

    const answer = await stack.query(TAGS);

    expect(answer.errors).toBeUndefined();
    expect(statuses('/tags')).toEqual([429, 200]);
    const [limited, answered] = stack.simulator
      .calls()
      .filter((call) => call.path === '/tags');
    // The retry waited for the reset, not for a fixed short backoff.
    expect(
      (answered?.startedAtMs ?? 0) - (limited?.endedAtMs ?? 0),
    ).toBeGreaterThan(500);
  },
);

it('backs off and retries a 429 that names no reset', async () => {
  stack.simulator.inject(
    'us',
    { kind: 'rate_limited', resetInSeconds: null },
    { path: '/tags' },
  );

  const answer = await stack.query(TAGS);

  expect(answer.errors).toBeUndefined();
  expect(statuses('/tags')).toEqual([429, 200]);
});

it('retries three 502s in a row and answers', async () => {
  stack.simulator.inject(
    'us',
    { kind: 'server_error', status: 502 },
    { path: '/tags', times: 3 },
  );

  const answer = await stack.query(TAGS);

  expect(answer.errors).toBeUndefined();
  expect(statuses('/tags')).toEqual([502, 502, 502, 200]);
});

it.each([
  ['an HTML error page', { kind: 'html', status: 503 } as const],
  ['malformed JSON', { kind: 'malformed_json' } as const],
  ['a 408', { kind: 'request_timeout' } as const],
])('retries %s and answers', async (_what, fault) => {
  stack.simulator.inject('us', fault, { path: '/tags' });

  const answer = await stack.query(TAGS);

  expect(answer.errors).toBeUndefined();
  expect(statuses('/tags')).toHaveLength(2);
});

it('gives up on a 429 storm longer than the deadline with RATE_LIMITED and retryAfterSeconds', async () => {
  stack.simulator.inject(
    'us',
    { kind: 'rate_limited', resetInSeconds: 30 },
    { path: '/tags', times: Infinity },
  );

  const answer = await stack.query(
    '{ connection(id: "storm") { workspace { tags { id } } } }',
  );

  expect(answer.data).toEqual({ connection: { workspace: null } });
  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'RATE_LIMITED',
    connectionId: 'storm',
    upstreamStatus: 429,
  });
  const retryAfter = answer.errors?.[0]?.extensions?.retryAfterSeconds;
  expect(retryAfter).toBeGreaterThan(25);
  expect(retryAfter).toBeLessThanOrEqual(30);
  // Waiting 30 s would pass the deadline, so it did not wait at all.
  expect(statuses('/tags')).toEqual([429]);
});

it('never serves a 429 from the cache', async () => {
  stack.simulator.inject(
    'us',
    { kind: 'rate_limited', resetInSeconds: null },
    { path: '/tags', times: Infinity },
  );
  const limited = await stack.query(TAGS);
  expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  stack.simulator.clearFaults();
  const limitedCalls = statuses('/tags').length;

  const after = await stack.query(TAGS);

  expect(after.errors).toBeUndefined();
  expect(statuses('/tags')).toHaveLength(limitedCalls + 1);
  expect(statuses('/tags').at(-1)).toBe(200);
});

it('gives up on a host that never answers with UPSTREAM_UNAVAILABLE', async () => {
  stack.simulator.inject(
    'us',
    { kind: 'hang' },
    { path: '/tags', times: Infinity },
  );

  const answer = await stack.query(TAGS);

  expect(answer.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  expect(answer.errors?.[0]?.message).toMatch(
    /no answer (within 1000 ms|before the query's deadline)/,
  );
});

it('never retries a 400, and passes on Intercom’s reason', async () => {
  stack.simulator.inject(
    'us',
    {
      kind: 'bad_request',
      code: 'parameter_invalid',
      message: 'The per_page value is out of range',
    },
    { path: '/contacts' },
  );

  const answer = await stack.query(`{
    connection(id: "${CONNECTIONS.us}") { workspace { contacts(first: 2) { totalCount } } }
  }`);

  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    intercomCode: 'parameter_invalid',
  });
  expect(answer.errors?.[0]?.message).toContain(
    'per_page value is out of range',
  );
  expect(statuses('/contacts')).toEqual([400]);
});

it('maps a 401 with an empty body to INTERCOM_UNAUTHORIZED and does not retry it', async () => {
  stack.simulator.inject(
    'us',
    { kind: 'unauthorized', emptyBody: true },
    { path: '/tags' },
  );

  const answer = await stack.query(TAGS);

  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'INTERCOM_UNAUTHORIZED',
    upstreamStatus: 401,
  });
  expect(statuses('/tags')).toEqual([401]);
});

it('keeps the token out of every answer and log line', async () => {
  stack.simulator.inject(
    'us',
    { kind: 'rate_limited', resetInSeconds: 30 },
    {
      path: '/tags',
    },
  );
  stack.simulator.inject(
    'us',
    { kind: 'unauthorized', code: 'token_revoked' },
    {
      path: '/teams',
    },
  );

  const answer = await stack.query(`{
    connection(id: "${CONNECTIONS.us}") { workspace { tags { id } teams { id } } }
  }`);

  const token = stack.simulator.regions.us.token;
  expect(answer.errors?.length).toBeGreaterThan(0);
  expect(JSON.stringify(answer)).not.toContain(token);
  expect(stack.logText()).not.toContain(token);
});
