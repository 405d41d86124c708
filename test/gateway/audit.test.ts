import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/server/audit.js';
import { client } from '../support/clients.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

const masked = client('analyst', { pii: 'mask' });
const reveal = client('compliance-ui');

let stack: Stack;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gateway-audit-'));
  stack = await startStack({
    configure: (config) => ({
      ...config,
      clients: [masked, reveal],
      audit: { file: join(folder, 'audit', 'audit.log') },
    }),
  });
});

beforeEach(() => {
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await stack.close();
  await rm(folder, { recursive: true, force: true });
});

/** The audit lines logged since `from`. */
function auditLines(from = 0): AuditEntry[] {
  return stack.logs
    .slice(from)
    .filter((line) => line.msg === 'audit')
    .map((line) => line.audit as AuditEntry);
}

const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');

it('writes one line per operation with who, what, where, its cost and outcome', async () => {
  const { eu } = stack.simulator.regions;
  const person = eu.workspace.contacts.find((c) => c.email && c.phone);
  if (!person?.email) throw new Error('the simulator has no contact to find');
  const query = `query FindPerson($email: String!) {
    connection(id: "${CONNECTIONS.eu}") {
      workspace {
        contacts(first: 5, filter: { email: $email }) {
          nodes { id email phone name customAttributes }
        }
        missing: contact(id: "0000000000000000deadbeef") { id }
      }
    }
  }`;
  const from = stack.logs.length;

  const answer = await stack.query(
    query,
    { email: person.email },
    {
      key: masked.key,
    },
  );

  expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const lines = auditLines(from);
  expect(lines).toHaveLength(1);
  const [line] = lines;
  expect(line).toEqual({
    caller: 'analyst',
    remoteAddress: '127.0.0.1',
    connections: [CONNECTIONS.eu],
    operationName: 'FindPerson',
    operationType: 'query',
    documentHash: sha256(query),
    piiFields: expect.arrayContaining([
      'Contact.email',
      'Contact.phone',
      'Contact.name',
      'Contact.customAttributes',
    ]) as unknown,
    piiMasked: true,
    upstreamCalls: stack.simulator.calls().length,
    cacheHits: 0,
    durationMs: expect.any(Number) as unknown,
    errorCodes: ['NOT_FOUND'],
  });
  expect(line?.upstreamCalls).toBeGreaterThan(0);

  // Names and counts only: no value of the person, no key, no token.
  const text = JSON.stringify(line);
  for (const value of [person.email, person.phone, person.name]) {
    if (value) expect(text).not.toContain(value);
  }
  expect(text).not.toContain(masked.key);
  expect(text).not.toContain(eu.token);
});

it('counts cache hits and no calls when the same query comes again', async () => {
  const query = `{ connection(id: "${CONNECTIONS.us}") { workspace { tags { id } } } }`;
  await stack.query(query, undefined, { key: reveal.key });
  const from = stack.logs.length;
  stack.simulator.resetCalls();

  await stack.query(query, undefined, { key: reveal.key });

  expect(stack.simulator.calls()).toHaveLength(0);
  expect(auditLines(from)).toMatchObject([
    {
      caller: 'compliance-ui',
      upstreamCalls: 0,
      cacheHits: 1,
      piiFields: [],
      piiMasked: false,
      errorCodes: [],
    },
  ]);
});

it('audits a request refused for its key, naming no caller', async () => {
  const from = stack.logs.length;

  await stack.query('{ connections { id } }', undefined, {
    key: 'not-a-key-of-anyone-here',
  });

  expect(auditLines(from)).toMatchObject([
    { caller: null, errorCodes: ['UNAUTHENTICATED'], upstreamCalls: 0 },
  ]);
  expect(stack.logText()).not.toContain('not-a-key-of-anyone-here');
});

it('audits a query refused before it runs, with its code', async () => {
  const from = stack.logs.length;

  await stack.query('{ connections { nope } }', undefined, {
    key: reveal.key,
  });

  expect(auditLines(from)).toMatchObject([
    { caller: 'compliance-ui', errorCodes: ['GRAPHQL_VALIDATION_FAILED'] },
  ]);
});

/** The refusal lines logged since `from`. */
function refusalLines(from: number): unknown[] {
  return stack.logs
    .slice(from)
    .filter((line) => line.msg === 'request refused')
    .map((line) => line.refusal);
}

/** Sent with every refused request, to show none of it is logged. */
const SECRET = 'secret-in-the-request-0123456789';

it('logs a GET refused as a possible CSRF once, with where it came from and no header or query', async () => {
  const from = stack.logs.length;
  const query = encodeURIComponent(`{ connections { id } } # ${SECRET}`);

  const response = await fetch(`${stack.gateway.url}/graphql?query=${query}`, {
    headers: { authorization: `Bearer ${reveal.key}`, 'x-note': SECRET },
  });

  expect(response.status).toBe(400);
  expect(refusalLines(from)).toEqual([
    {
      method: 'GET',
      path: '/graphql',
      status: 400,
      code: 'BAD_REQUEST',
      remoteAddress: '127.0.0.1',
    },
  ]);
  expect(auditLines(from)).toEqual([]);
  const logged = stack.logs.slice(from);
  expect(logged.filter((line) => line.level === 30)).toHaveLength(1);
  const text = JSON.stringify(logged);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(reveal.key);
});

it('logs a body over the limit once, with its 413 and none of the body', async () => {
  const from = stack.logs.length;
  const body = JSON.stringify({
    query: '{ connections { id } }',
    variables: { filler: SECRET.repeat(10_000) },
  });

  const response = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${reveal.key}`,
    },
    body,
  });

  expect(response.status).toBe(413);
  expect(refusalLines(from)).toEqual([
    {
      method: 'POST',
      path: '/graphql',
      status: 413,
      code: 'BAD_REQUEST',
      remoteAddress: '127.0.0.1',
    },
  ]);
  const text = JSON.stringify(stack.logs.slice(from));
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(reveal.key);
});

it.each([
  ['a body that is not JSON', 'application/json', '{"query":', 400],
  [
    'a text/plain body',
    'text/plain',
    '{"query":"{ connections { id } }"}',
    400,
  ],
  ['a content type Apollo does not read', 'text/xml', '<query/>', 415],
  ['a batch', 'application/json', '[{"query":"{ connections { id } }"}]', 400],
])(
  'logs %s refused before any operation as one refusal line',
  async (_what, contentType, body, status) => {
    const from = stack.logs.length;

    const response = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        authorization: `Bearer ${reveal.key}`,
      },
      body,
    });

    expect(response.status).toBe(status);
    expect(refusalLines(from)).toEqual([
      expect.objectContaining({ method: 'POST', status, code: 'BAD_REQUEST' }),
    ]);
    expect(auditLines(from)).toEqual([]);
  },
);

it('gives an operation refused by validation or for its key an audit line and no refusal line', async () => {
  const from = stack.logs.length;

  await stack.query('{ connections { nope } }', undefined, {
    key: reveal.key,
  });
  await stack.query('{ connections { id } }', undefined, {
    key: 'not-a-key-of-anyone-here',
  });

  expect(auditLines(from)).toHaveLength(2);
  expect(refusalLines(from)).toEqual([]);
});

it('writes each audit line’s fields to the audit file, with pino’s level, time and msg, creating its folder', async () => {
  await stack.query('query Listed { connections { id } }', undefined, {
    key: reveal.key,
  });
  await stack.gateway.close();

  const text = await readFile(join(folder, 'audit', 'audit.log'), 'utf8');
  const lines = text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditEntry & { msg: string });
  expect(lines.length).toBeGreaterThanOrEqual(4);
  expect(lines.at(-1)).toMatchObject({
    msg: 'audit',
    caller: 'compliance-ui',
    operationName: 'Listed',
    connections: [CONNECTIONS.au, CONNECTIONS.eu, CONNECTIONS.us],
  });
  // What the README says the file holds: the audit object's fields at the
  // top level, pino's level, time and msg, and nothing else.
  const logged = auditLines().at(-1) ?? {};
  expect(Object.keys(lines.at(-1) ?? {}).sort()).toEqual(
    [...Object.keys(logged), 'level', 'time', 'msg'].sort(),
  );
  expect(lines.at(-1)).toMatchObject({ ...logged, level: 30 });
  expect(typeof (lines.at(-1) as { time?: unknown }).time).toBe('number');
  expect(text).not.toContain(reveal.key);
  expect(text).not.toContain(stack.simulator.regions.us.token);
});
