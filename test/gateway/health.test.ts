import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { TokenVariant } from '../../src/simulator/index.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;

/** One US connection per token variant, named after it. */
const VARIANTS: TokenVariant[] = [
  'revoked',
  'expired',
  'noParts',
  'planRestricted',
];

beforeAll(async () => {
  stack = await startStack({
    configure: (config, simulator) => ({
      ...config,
      connections: [
        ...config.connections,
        ...VARIANTS.map((variant) => ({
          id: variant,
          region: 'us' as const,
          token: simulator.regions.us.tokens[variant],
        })),
        { id: 'limited', region: 'us', token: simulator.regions.us.token },
      ],
    }),
  });
});

beforeEach(() => {
  stack.simulator.clearFaults();
});

afterAll(async () => {
  await stack.close();
});

interface Status {
  connection: {
    status: string;
    statusMessage: string;
    checkedAt: string;
    missingScopes: string[] | null;
  };
}

const STATUS = `query Status($id: ID!) {
  connection(id: $id) { status statusMessage checkedAt missingScopes }
}`;

it.each([
  ['revoked', 'token_revoked', /has been revoked/],
  ['expired', 'token_expired', /has expired/],
])(
  'reports a %s token as INVALID_TOKEN and its reads as INTERCOM_UNAUTHORIZED',
  async (id, intercomCode, wording) => {
    const status = await stack.query<Status>(STATUS, { id });
    const read = await stack.query(
      `{ connection(id: "${id}") { workspace { tags { id } } } }`,
    );

    expect(status.data?.connection.status).toBe('INVALID_TOKEN');
    expect(status.data?.connection.statusMessage).toMatch(wording);
    expect(read.errors?.[0]?.extensions).toMatchObject({
      code: 'INTERCOM_UNAUTHORIZED',
      intercomCode,
    });
    expect(read.errors?.[0]?.message).toMatch(wording);
  },
);

it('reports a plan without conversations as MISSING_SCOPE and refuses only conversations', async () => {
  const status = await stack.query<Status>(STATUS, { id: 'planRestricted' });
  const read = await stack.query<{
    connection: {
      workspace: {
        contacts: { totalCount: number };
        conversations: unknown;
      } | null;
    };
  }>(`{
    connection(id: "planRestricted") {
      workspace {
        contacts(first: 1) { totalCount }
        conversation(id: "${stack.simulator.regions.us.workspace.conversations[0]?.id ?? ''}") { id }
      }
    }
  }`);

  expect(status.data?.connection).toMatchObject({
    status: 'MISSING_SCOPE',
    missingScopes: [
      "Read conversations (not in the workspace's Intercom plan)",
    ],
  });
  expect(read.data?.connection.workspace?.contacts.totalCount).toBe(
    stack.simulator.regions.us.workspace.contacts.length,
  );
  expect(read.errors?.[0]?.extensions).toMatchObject({
    code: 'FORBIDDEN',
    intercomCode: 'api_plan_restricted',
  });
  expect(read.errors?.[0]?.message).toMatch(/plan/);
});

it('fails only the parts of conversations for a token that may not read them', async () => {
  const status = await stack.query<Status>(STATUS, { id: 'noParts' });
  const read = await stack.query<{
    connection: {
      workspace: {
        conversations: {
          nodes: { id: string; state: string; parts: unknown }[];
        };
      };
    };
  }>(`{
    connection(id: "noParts") {
      workspace { conversations(first: 2) { nodes { id state parts { id } } } }
    }
  }`);

  expect(status.data?.connection.status).toBe('ACTIVE');
  const nodes = read.data?.connection.workspace.conversations.nodes ?? [];
  expect(nodes).toHaveLength(2);
  for (const node of nodes) {
    expect(node.state).toMatch(/OPEN|CLOSED|SNOOZED/);
    expect(node.parts).toBeNull();
  }
  expect(read.errors?.map((error) => error.extensions?.code)).toEqual([
    'FORBIDDEN',
    'FORBIDDEN',
  ]);
  expect(read.errors?.map((error) => error.path?.at(-1))).toEqual([
    'parts',
    'parts',
  ]);
});

it('checks a connection again on demand with checkConnection', async () => {
  const before = await stack.query<Status>(STATUS, { id: 'limited' });
  expect(before.data?.connection.status).toBe('ACTIVE');
  stack.simulator.inject(
    'us',
    { kind: 'rate_limited', resetInSeconds: 40 },
    { path: '/me', times: Infinity },
  );

  const cached = await stack.query<Status>(STATUS, { id: 'limited' });
  const checked = await stack.query<{
    checkConnection: {
      status: string;
      statusMessage: string;
      checkedAt: string;
    };
  }>(
    'mutation { checkConnection(id: "limited") { status statusMessage checkedAt } }',
  );

  // Within 30 seconds the last check stands, until asked for a new one.
  expect(cached.data?.connection).toEqual(before.data?.connection);
  expect(checked.data?.checkConnection.status).toBe('RATE_LIMITED');
  expect(checked.data?.checkConnection.statusMessage).toMatch(/resets in/);
  expect(
    Date.parse(checked.data?.checkConnection.checkedAt ?? ''),
  ).toBeGreaterThan(Date.parse(before.data?.connection.checkedAt ?? ''));
});

it('answers checkConnection for an unknown id with NOT_FOUND', async () => {
  const answer = await stack.query(
    'mutation { checkConnection(id: "nope") { status } }',
  );

  expect(answer.data).toEqual({ checkConnection: null });
  expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});

it('keeps every token variant out of answers and logs', async () => {
  const answer = await stack.query(`{
    connections { id status statusMessage workspace { name } }
  }`);

  const text = JSON.stringify(answer) + stack.logText();
  for (const token of Object.values(stack.simulator.regions.us.tokens)) {
    expect(text).not.toContain(token);
  }
});
