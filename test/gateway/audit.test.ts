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

it('writes the same lines to the audit file, creating its folder', async () => {
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
  expect(text).not.toContain(reveal.key);
  expect(text).not.toContain(stack.simulator.regions.us.token);
});
