import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  ADD,
  codes,
  reader,
  REMOVE,
  StoreBench,
  TEST_TOKEN,
} from '../support/admin.js';
import { endpoint } from '../../src/simulator/index.js';
import type { AuditEntry } from '../../src/server/audit.js';
import {
  CONNECTIONS,
  type GraphQLAnswer,
  type Stack,
} from '../support/stack.js';

let bench: StoreBench;
let stack: Stack;

beforeAll(async () => {
  bench = new StoreBench();
  stack = await bench.start('admin');
});

beforeEach(() => {
  stack.simulator.clearFaults();
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await bench.close();
});

function ask<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  key?: string,
): Promise<GraphQLAnswer<T>> {
  return bench.ask<T>(stack, query, variables, key);
}

interface Tested {
  testIntercomToken: Record<string, unknown> & { message: string };
}

it('reports a token Intercom accepts as ACTIVE, with its workspace, storing nothing', async () => {
  const { eu } = stack.simulator.regions;

  const answer = await ask(TEST_TOKEN, { region: 'EU', token: eu.token });

  expect(answer.data).toEqual({
    testIntercomToken: {
      region: 'EU',
      status: 'ACTIVE',
      message: `Intercom's EU host accepts the token for workspace '${eu.workspace.app.name}'.`,
      checkedAt: expect.any(String) as unknown,
      tokenRegion: null,
      missingScopes: null,
      workspaceName: eu.workspace.app.name,
      workspaceId: eu.workspace.app.id_code,
    },
  });
  // GET /me and the reads the schema needs, as a health check makes: a
  // row of contacts, a row of conversations, and that conversation by id.
  expect(stack.simulator.calls().map(endpoint).sort()).toEqual([
    'GET /contacts',
    'GET /conversations',
    'GET /conversations/:id',
    'GET /me',
  ]);
  expect(stack.gateway.registry.list()).toHaveLength(3);
  expect(stack.gateway.registry.store?.ids()).toEqual([]);
});

it("reports another region's token as WRONG_REGION, naming its region", async () => {
  const { eu } = stack.simulator.regions;

  const answer = await ask<Tested>(TEST_TOKEN, {
    region: 'US',
    token: eu.token,
  });

  expect(answer.data?.testIntercomToken).toMatchObject({
    region: 'US',
    status: 'WRONG_REGION',
    tokenRegion: 'EU',
    workspaceName: null,
    message:
      'The token belongs to a workspace in the EU region, not US; use region EU.',
  });
});

it('reports a revoked token as INVALID_TOKEN, with what to do', async () => {
  const { us } = stack.simulator.regions;

  const answer = await ask<Tested>(TEST_TOKEN, {
    region: 'US',
    token: us.tokens.revoked,
  });

  expect(answer.data?.testIntercomToken).toMatchObject({
    status: 'INVALID_TOKEN',
    tokenRegion: null,
    message:
      "Intercom's US host rejects the token: it has been revoked (HTTP 401, token_revoked). Use a valid access token from Intercom's Developer Hub.",
  });
});

it('reports a token whose plan lacks conversations as MISSING_SCOPE, saying to upgrade the plan', async () => {
  const { us } = stack.simulator.regions;

  const answer = await ask<Tested>(TEST_TOKEN, {
    region: 'US',
    token: us.tokens.planRestricted,
  });

  expect(answer.data?.testIntercomToken).toMatchObject({
    status: 'MISSING_SCOPE',
    missingScopes: [
      "Read conversations (not in the workspace's Intercom plan)",
    ],
    workspaceName: us.workspace.app.name,
  });
  // A plan is not a permission: the Developer Hub cannot grant it.
  expect(answer.data?.testIntercomToken.message).toBe(
    `Intercom's US host accepts the token for workspace '${us.workspace.app.name}', but not for everything. The workspace's Intercom plan does not include API access to conversations (Read conversations); upgrade the workspace's Intercom plan to read them, as no permission granted in the Developer Hub can.`,
  );
});

it('reports a token that may list conversations but not read one as MISSING_SCOPE, naming the scope', async () => {
  const { eu } = stack.simulator.regions;

  const answer = await ask<Tested>(TEST_TOKEN, {
    region: 'EU',
    token: eu.tokens.noParts,
  });

  expect(answer.data?.testIntercomToken).toMatchObject({
    status: 'MISSING_SCOPE',
    missingScopes: ["Read conversations (a conversation's parts)"],
    workspaceName: eu.workspace.app.name,
  });
  expect(answer.data?.testIntercomToken.message).toBe(
    `Intercom's EU host accepts the token for workspace '${eu.workspace.app.name}', but not for everything. The token lacks Read conversations (a conversation's parts); grant it to the app in Intercom's Developer Hub.`,
  );
  // The conversation the one-row list named was read by id, and refused.
  expect(
    stack.simulator
      .calls()
      .filter((call) => endpoint(call) === 'GET /conversations/:id')
      .map((call) => call.status),
  ).toEqual([403]);
});

it('refuses every admin mutation to a caller that is not an admin, before any Intercom call', async () => {
  const { us } = stack.simulator.regions;

  const answers = [
    await ask(TEST_TOKEN, { region: 'US', token: us.token }, reader.key),
    await ask(
      ADD,
      { id: 'by-reader', region: 'US', token: us.token },
      reader.key,
    ),
    await ask(REMOVE, { id: CONNECTIONS.us }, reader.key),
  ];

  for (const answer of answers) {
    expect(answer.data).toBeNull();
    expect(codes(answer)).toEqual(['FORBIDDEN']);
    expect(answer.errors?.[0]?.message).toContain('`admin: true`');
  }
  expect(stack.simulator.calls()).toHaveLength(0);
  expect(stack.gateway.registry.get('by-reader')).toBeUndefined();
  expect(stack.gateway.registry.get(CONNECTIONS.us)).toBeDefined();
});

it('refuses to add a token of another region, naming it, and stores nothing', async () => {
  const { eu } = stack.simulator.regions;

  const answer = await ask(ADD, {
    id: 'misplaced',
    region: 'US',
    token: eu.token,
  });

  expect(answer.data).toBeNull();
  expect(answer.errors?.[0]?.extensions).toEqual({
    code: 'INTERCOM_UNAUTHORIZED',
    status: 'WRONG_REGION',
    tokenRegion: 'EU',
  });
  expect(answer.errors?.[0]?.message).toBe(
    "Connection 'misplaced' was not added: The token belongs to a workspace in the EU region, not US; use region EU.",
  );
  expect(stack.gateway.registry.get('misplaced')).toBeUndefined();
  expect(stack.gateway.registry.store?.ids()).toEqual([]);
});

it.each(['revoked', 'expired'] as const)(
  'refuses to add a %s token with INTERCOM_UNAUTHORIZED',
  async (variant) => {
    const { us } = stack.simulator.regions;

    const answer = await ask(ADD, {
      id: `refused-${variant}`,
      region: 'US',
      token: us.tokens[variant],
    });

    expect(codes(answer)).toEqual(['INTERCOM_UNAUTHORIZED']);
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      status: 'INVALID_TOKEN',
      intercomCode: `token_${variant}`,
      upstreamStatus: 401,
    });
    expect(stack.gateway.registry.get(`refused-${variant}`)).toBeUndefined();
  },
);

it("refuses to add a token while Intercom's rate limit is spent, saying when to retry", async () => {
  const { us } = stack.simulator.regions;
  stack.simulator.inject(
    'us',
    { kind: 'rate_limited', resetInSeconds: 7 },
    { path: '/me' },
  );

  const answer = await ask(ADD, {
    id: 'limited',
    region: 'US',
    token: us.token,
  });

  expect(codes(answer)).toEqual(['RATE_LIMITED']);
  expect(answer.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  expect(stack.gateway.registry.get('limited')).toBeUndefined();
});

it('refuses to add a token when Intercom cannot be reached', async () => {
  const { us } = stack.simulator.regions;
  stack.simulator.inject(
    'us',
    { kind: 'html', status: 502 },
    { path: '/me', times: Infinity },
  );

  const answer = await ask(ADD, {
    id: 'unreached',
    region: 'US',
    token: us.token,
  });

  expect(codes(answer)).toEqual(['UPSTREAM_UNAVAILABLE']);
  expect(stack.gateway.registry.get('unreached')).toBeUndefined();
});

it.each([
  ['an id the configuration would refuse', 'has space', /" " at position 4/],
  ['an id longer than 64 characters', 'x'.repeat(65), /got 65 characters/],
  ['the id of a configured connection', CONNECTIONS.us, /configuration file/],
])(
  'refuses to add %s with BAD_USER_INPUT, before any Intercom call',
  async (_what, id, message) => {
    const { us } = stack.simulator.regions;

    const answer = await ask(ADD, { id, region: 'US', token: us.token });

    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(answer.errors?.[0]?.message).toMatch(message);
    expect(stack.simulator.calls()).toHaveLength(0);
  },
);

it('refuses a token with a line break without echoing it', async () => {
  const { us } = stack.simulator.regions;

  const answer = await ask(ADD, {
    id: 'newline',
    region: 'US',
    token: `${us.token}\n`,
  });

  expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
  expect(answer.errors?.[0]?.message).toContain('trailing newline');
  expect(stack.simulator.calls()).toHaveLength(0);
});

it('refuses an id that differs only in letter case from a configured one, naming it', async () => {
  const { us } = stack.simulator.regions;
  const id = CONNECTIONS.us.toUpperCase();

  const answer = await ask(ADD, { id, region: 'US', token: us.token });

  expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
  expect(answer.errors?.[0]?.message).toBe(
    `The id '${id}' differs only in letter case from the id '${CONNECTIONS.us}' of a connection from the configuration file; choose an id that differs in more than case.`,
  );
  expect(stack.gateway.registry.get(id)).toBeUndefined();
  expect(stack.simulator.calls()).toHaveLength(0);
});

it('refuses an id that differs only in letter case from a stored one, naming it', async () => {
  const { us } = stack.simulator.regions;
  const added = await ask(ADD, {
    id: 'kept-in-store',
    region: 'US',
    token: us.token,
  });
  expect(added.errors).toBeUndefined();
  stack.simulator.resetCalls();

  const answer = await ask(ADD, {
    id: 'Kept-In-Store',
    region: 'US',
    token: us.token,
  });

  expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
  expect(answer.errors?.[0]?.message).toBe(
    "The id 'Kept-In-Store' differs only in letter case from the id 'kept-in-store' of a connection from the store (added with `addConnection`); choose an id that differs in more than case.",
  );
  expect(stack.gateway.registry.store?.ids()).not.toContain('Kept-In-Store');
  expect(stack.simulator.calls()).toHaveLength(0);
});

it('names the removed connection in the audit line of removeConnection, as addConnection does', async () => {
  const { eu } = stack.simulator.regions;
  const from = stack.logs.length;

  await ask(ADD, { id: 'audited-removal', region: 'EU', token: eu.token });
  const removed = await ask(REMOVE, { id: 'audited-removal' });

  expect(removed.errors).toBeUndefined();
  const audited = stack.logs
    .slice(from)
    .filter((line) => line.msg === 'audit')
    .map((line) => line.audit as AuditEntry);
  expect(audited).toMatchObject([
    { operationName: 'Add', connections: ['audited-removal'] },
    {
      operationName: 'Remove',
      connections: ['audited-removal'],
      errorCodes: [],
    },
  ]);
});

it('refuses to remove a connection of the configuration file, and an unknown id', async () => {
  const configured = await ask(REMOVE, { id: CONNECTIONS.eu });
  const unknown = await ask(REMOVE, { id: 'never-added' });

  expect(codes(configured)).toEqual(['BAD_USER_INPUT']);
  expect(configured.errors?.[0]?.message).toBe(
    `Connection '${CONNECTIONS.eu}' comes from the configuration file; remove it there and restart the gateway.`,
  );
  expect(codes(unknown)).toEqual(['NOT_FOUND']);
  expect(stack.gateway.registry.get(CONNECTIONS.eu)?.source).toBe('config');
});

it('tells an admin of a gateway without a store how to configure one', async () => {
  const storeless = await bench.start('storeless', { store: false });
  const { us } = storeless.simulator.regions;

  const answer = await bench.ask(storeless, ADD, {
    id: 'nowhere',
    region: 'US',
    token: us.token,
  });

  expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
  expect(answer.errors?.[0]?.message).toContain(
    'This gateway has no `store` in its configuration',
  );
  expect(storeless.simulator.calls()).toHaveLength(0);
});

it('never shows a token in an answer or a log line', () => {
  const tokens = bench.tokens(stack);

  expect(bench.answerCount).toBeGreaterThan(15);
  for (const text of bench.texts()) {
    for (const token of tokens) expect(text).not.toContain(token);
  }
});
