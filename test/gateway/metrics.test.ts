import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../src/config/index.js';
import { endpointTemplate } from '../../src/server/metrics.js';
import { client } from '../support/clients.js';
import {
  CONNECTIONS,
  startStack,
  type GraphQLAnswer,
  type Stack,
} from '../support/stack.js';

const stacks: Stack[] = [];

afterEach(async () => {
  await Promise.all(stacks.splice(0).map((stack) => stack.close()));
});

async function stackWith(configure?: (config: GatewayConfig) => GatewayConfig) {
  const stack = await startStack(configure ? { configure } : {});
  stacks.push(stack);
  return stack;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(
      /(\w+)="((?:[^"\\]|\\.)*)"/g,
    )) {
      labels[name ?? ''] = value ?? '';
    }
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(stack: Stack, key?: string) {
  const response = await fetch(`${stack.gateway.url}/metrics`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  return { status: response.status, text: await response.text() };
}

async function samples(stack: Stack): Promise<Sample[]> {
  const { status, text } = await scrape(stack);
  expect(status).toBe(200);
  return parseMetrics(text);
}

/** Sums of one metric's samples by the given labels, as `a|b` keys. */
function sums(all: Sample[], name: string, by: string[]) {
  const totals = new Map<string, number>();
  for (const sample of all) {
    if (sample.name !== name) continue;
    const key = by.map((label) => sample.labels[label] ?? '').join('|');
    totals.set(key, (totals.get(key) ?? 0) + sample.value);
  }
  return totals;
}

/** What `after` counted beyond `before`, without the unchanged. */
function delta(
  before: Sample[],
  after: Sample[],
  name: string,
  by: string[],
): Record<string, number> {
  const earlier = sums(before, name, by);
  const result: Record<string, number> = {};
  for (const [key, value] of sums(after, name, by)) {
    const grown = value - (earlier.get(key) ?? 0);
    if (grown !== 0) result[key] = grown;
  }
  return result;
}

function costOf(answer: GraphQLAnswer): {
  upstreamCalls: number;
  cacheHits: number;
} {
  const { extensions } = answer as {
    extensions?: { cost?: { upstreamCalls: number; cacheHits: number } };
  };
  if (!extensions?.cost) throw new Error('no extensions.cost');
  return extensions.cost;
}

/** The simulator's log, per connection, endpoint template and status. */
function simulatorCounts(stack: Stack): Record<string, number> {
  const byRegion = CONNECTIONS as Record<string, string>;
  const counts: Record<string, number> = {};
  for (const call of stack.simulator.calls()) {
    const key = [
      byRegion[call.region],
      endpointTemplate(call.method, call.path),
      String(call.status),
    ].join('|');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const CONVERSATIONS = `query OpenConversations {
  connection(id: "${CONNECTIONS.eu}") { workspace { conversations(first: 5) {
    nodes { id adminAssignee { name } teamAssignee { name } tags { name } contacts { name email } }
  } } }
}`;

const conversation = (id: string) => `query OneConversation {
  connection(id: "${CONNECTIONS.eu}") { workspace { conversation(id: "${id}") { id state } } }
}`;

const TAGS = `query Tags { connection(id: "${CONNECTIONS.us}") { workspace { tags { name } } } }`;

it('names endpoints by template, without ids or query strings', () => {
  expect(endpointTemplate('GET', '/contacts/6630a1b2c3d4e5f6a7b8c9d0')).toBe(
    'GET /contacts/:id',
  );
  expect(endpointTemplate('GET', '/contacts/abc/segments?x=1')).toBe(
    'GET /contacts/:id/segments',
  );
  expect(endpointTemplate('POST', '/contacts/search')).toBe(
    'POST /contacts/search',
  );
  expect(endpointTemplate('GET', '/conversations?per_page=5')).toBe(
    'GET /conversations',
  );
  expect(endpointTemplate('GET', '/teams/12')).toBe('GET /teams/:id');
  expect(endpointTemplate('GET', '/jane%40example.com')).toBe('GET /:id');
});

describe('/metrics', () => {
  it('counts the Intercom calls the simulator saw, per endpoint template and status, with cache reads as extensions.cost reports them', async () => {
    const stack = await stackWith();
    const before = await samples(stack);
    stack.simulator.resetCalls();

    const cold = await stack.query<{
      connection: {
        workspace: { conversations: { nodes: { id: string }[] } };
      };
    }>(CONVERSATIONS);
    expect(cold.errors).toBeUndefined();
    const warm = await stack.query(CONVERSATIONS);
    const id =
      cold.data?.connection.workspace.conversations.nodes[0]?.id ?? 'none';
    const one = await stack.query(conversation(id));
    expect(one.errors).toBeUndefined();
    const answers = [cold, warm, one];
    const afterQueries = await samples(stack);

    const calls = simulatorCounts(stack);
    expect(Object.keys(calls)).toContain(
      `${CONNECTIONS.eu}|GET /conversations/:id|200`,
    );
    expect(
      delta(before, afterQueries, 'intercom_requests_total', [
        'connection',
        'endpoint',
        'status',
      ]),
    ).toEqual(calls);
    const upstream = answers.reduce((n, a) => n + costOf(a).upstreamCalls, 0);
    const hits = answers.reduce((n, a) => n + costOf(a).cacheHits, 0);
    expect(upstream).toBe(stack.simulator.calls().length);
    expect(hits).toBeGreaterThan(0);
    expect(
      delta(before, afterQueries, 'cache_requests_total', ['result']),
    ).toEqual({ hit: hits, miss: upstream });
    expect(
      delta(before, afterQueries, 'intercom_request_duration_seconds_count', [
        'connection',
        'endpoint',
      ])[`${CONNECTIONS.eu}|POST /contacts/search`],
    ).toBe(calls[`${CONNECTIONS.eu}|POST /contacts/search|200`]);
    // One batch of contacts for the five conversations, in each of the
    // two requests that asked for them.
    expect(
      delta(before, afterQueries, 'loader_batch_size_count', ['loader']),
    ).toMatchObject({ contact: 2 });
    expect(
      delta(before, afterQueries, 'graphql_operations_total', [
        'operation',
        'outcome',
      ]),
    ).toEqual({ 'OpenConversations|ok': 2, 'OneConversation|ok': 1 });
  });

  it('counts injected 5xx and 429 answers, the retries after them and the wait for the reset', async () => {
    const stack = await stackWith();
    const before = await samples(stack);
    stack.simulator.resetCalls();

    stack.simulator.inject('us', { kind: 'server_error', status: 503 });
    stack.simulator.inject('au', { kind: 'rate_limited', resetInSeconds: 1 });
    const retried = await stack.query(TAGS);
    const waited = await stack.query(
      `query AuTags { connection(id: "${CONNECTIONS.au}") { workspace { tags { name } } } }`,
    );
    stack.simulator.inject('us', { kind: 'bad_request' }, { path: '/admins' });
    const failed = await stack.query(
      `{ connection(id: "${CONNECTIONS.us}") { workspace { admins { name } } } }`,
    );
    expect(retried.errors).toBeUndefined();
    expect(waited.errors).toBeUndefined();
    expect(failed.errors?.length).toBeGreaterThan(0);
    const after = await samples(stack);

    const calls = simulatorCounts(stack);
    expect(calls).toMatchObject({
      [`${CONNECTIONS.us}|GET /tags|503`]: 1,
      [`${CONNECTIONS.us}|GET /tags|200`]: 1,
      [`${CONNECTIONS.au}|GET /tags|429`]: 1,
      [`${CONNECTIONS.au}|GET /tags|200`]: 1,
    });
    expect(
      delta(before, after, 'intercom_requests_total', [
        'connection',
        'endpoint',
        'status',
      ]),
    ).toEqual(calls);
    // After the 429's headers said none was left, the budget may also
    // space out the next call (a `budget` wait); the reset's wait is one.
    expect(
      delta(before, after, 'intercom_rate_limit_waits_total', [
        'connection',
        'reason',
      ]),
    ).toMatchObject({ [`${CONNECTIONS.au}|retry_after`]: 1 });
    const waitedSeconds = delta(
      before,
      after,
      'intercom_rate_limit_wait_seconds_sum',
      ['connection', 'reason'],
    )[`${CONNECTIONS.au}|retry_after`];
    expect(waitedSeconds).toBeGreaterThan(0.2);
    const code = failed.errors?.[0]?.extensions?.code;
    expect(
      delta(before, after, 'graphql_operations_total', [
        'operation',
        'outcome',
      ]),
    ).toEqual({
      'Tags|ok': 1,
      'AuTags|ok': 1,
      [`anonymous|${String(code)}`]: 1,
    });
  });

  it('counts the calls the rate budget held back, one slot at a time', async () => {
    const stack = await startStack({
      simulator: { latencyMs: 20 },
      configure: (config) => ({
        ...config,
        intercom: { ...config.intercom, maxConcurrency: 1 },
      }),
    });
    stacks.push(stack);
    const before = await samples(stack);
    const overview = await stack.query(
      `query Overview { connection(id: "${CONNECTIONS.eu}") { workspace { teams { name } admins { name } tags { name } } } }`,
    );
    expect(overview.errors).toBeUndefined();
    expect(costOf(overview).upstreamCalls).toBe(3);
    const after = await samples(stack);

    // Three lists asked at once, one slot: the second waits for the
    // first, the third for both (and a busy event loop may hold the
    // first past the 5 ms that count as a wait).
    const waits = delta(before, after, 'intercom_rate_limit_waits_total', [
      'connection',
      'reason',
    ]);
    expect(Object.keys(waits)).toEqual([`${CONNECTIONS.eu}|budget`]);
    expect(waits[`${CONNECTIONS.eu}|budget`]).toBeGreaterThanOrEqual(2);
    expect(waits[`${CONNECTIONS.eu}|budget`]).toBeLessThanOrEqual(3);
    const waited =
      delta(before, after, 'intercom_rate_limit_wait_seconds_sum', [
        'connection',
        'reason',
      ])[`${CONNECTIONS.eu}|budget`] ?? 0;
    expect(waited).toBeGreaterThan(0.05);
  });

  it('needs an admin key when clients are configured, and never shows a token, key, id or email', async () => {
    const admin = client('ops', { admin: true });
    const analyst = client('analyst');
    const stack = await stackWith((config) => ({
      ...config,
      clients: [admin, analyst],
    }));

    expect((await scrape(stack)).status).toBe(401);
    expect((await scrape(stack, 'not-a-key-of-this-gateway')).status).toBe(401);
    const refused = await scrape(stack, analyst.key);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toMatchObject({
      errors: [{ extensions: { code: 'FORBIDDEN' } }],
    });

    const answer = await stack.query<{
      connection: {
        workspace: {
          conversations: {
            nodes: { id: string; contacts: { email: string | null }[] }[];
          };
        };
      };
    }>(CONVERSATIONS, undefined, { key: admin.key });
    expect(answer.errors).toBeUndefined();
    const bad = await stack.query(TAGS, undefined, { key: 'wrong-key' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const scraped = await scrape(stack, admin.key);
    expect(scraped.status).toBe(200);
    const text = scraped.text;
    expect(text).toContain('# TYPE intercom_requests_total counter');
    expect(text).toContain('graphql_operations_total');
    expect(text).toContain(
      'graphql_operations_total{operation="anonymous",outcome="UNAUTHENTICATED"} 1',
    );
    const nodes = answer.data?.connection.workspace.conversations.nodes ?? [];
    const secrets = [
      admin.key,
      analyst.key,
      'wrong-key',
      ...Object.values(stack.simulator.regions).map((region) => region.token),
      ...nodes.map((node) => node.id),
      ...nodes.flatMap((node) =>
        node.contacts.map((contact) => contact.email ?? ''),
      ),
    ].filter((secret) => secret.length > 3);
    expect(secrets.length).toBeGreaterThan(5);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain('@');
  });

  it('keeps a registry per gateway, so two gateways in one process count apart', async () => {
    const first = await stackWith();
    const second = await stackWith();
    await first.query(TAGS);
    const counts = (all: Sample[]) =>
      sums(all, 'graphql_operations_total', ['operation']).get('Tags') ?? 0;
    expect(counts(await samples(first))).toBe(1);
    expect(counts(await samples(second))).toBe(0);
  });
});

describe('request ids', () => {
  async function post(stack: Stack, headers: Record<string, string> = {}) {
    const response = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: CONVERSATIONS }),
    });
    await response.json();
    return response.headers.get('x-request-id');
  }

  it('puts the same reqId on every log line of one request, and sends it back as x-request-id', async () => {
    const stack = await stackWith();
    const start = stack.logs.length;
    const id = await post(stack);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const lines = stack.logs.slice(start);
    // The debug lines of each Intercom call, and the audit line.
    expect(lines.filter((line) => line.msg === 'intercom call').length).toBe(
      stack.simulator.calls().length,
    );
    expect(lines.some((line) => line.msg === 'audit')).toBe(true);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.reqId).toBe(id);
  });

  it('keeps a sane incoming x-request-id and replaces any other', async () => {
    const stack = await stackWith();
    expect(await post(stack, { 'x-request-id': 'lb-7f3a.91_c:2' })).toBe(
      'lb-7f3a.91_c:2',
    );
    const replaced = await post(stack, {
      'x-request-id': `bad id ${'x'.repeat(80)}`,
    });
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    const audits = stack.logs.filter((line) => line.msg === 'audit');
    expect(audits.map((line) => line.reqId)).toEqual([
      'lb-7f3a.91_c:2',
      replaced,
    ]);
  });

  it('puts the reqId on refusal lines and on the header of refused requests', async () => {
    const stack = await stackWith();
    const response = await fetch(`${stack.gateway.url}/nowhere`, {
      headers: { 'x-request-id': 'probe-404' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('probe-404');
    const refusal = stack.logs.find((line) => line.msg === 'request refused');
    expect(refusal?.reqId).toBe('probe-404');
  });
});
