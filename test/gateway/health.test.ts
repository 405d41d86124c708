import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { TokenVariant } from '../../src/simulator/index.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
/** A host that answers 404 to everything, as a wrong URL would. */
let notIntercom: Server;

/** One US connection per token variant, named after it. */
const VARIANTS: TokenVariant[] = [
  'revoked',
  'expired',
  'noParts',
  'planRestricted',
];

beforeAll(async () => {
  notIntercom = createServer((_request, response) => {
    response
      .writeHead(404, { 'content-type': 'text/html' })
      .end('<h1>404</h1>');
  });
  await new Promise<void>((resolve) =>
    notIntercom.listen(0, '127.0.0.1', resolve),
  );
  const { port } = notIntercom.address() as AddressInfo;
  stack = await startStack({
    configure: (config, simulator) => ({
      ...config,
      // The AU connection points at a host that is not Intercom's API.
      regions: { ...config.regions, au: `http://127.0.0.1:${port}` },
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
  await new Promise((resolve) => notIntercom.close(resolve));
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
    statusMessage:
      "The workspace's Intercom plan does not include API access to conversations (Read conversations); upgrade the workspace's Intercom plan to read them, as no permission granted in the Developer Hub can.",
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

it('reports a token that may not read conversations by id as MISSING_SCOPE, and fails only their parts', async () => {
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

  expect(status.data?.connection).toMatchObject({
    status: 'MISSING_SCOPE',
    missingScopes: ["Read conversations (a conversation's parts)"],
    statusMessage:
      "The token of connection 'noParts' lacks Read conversations (a conversation's parts); grant it to the app in Intercom's Developer Hub.",
  });
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

it('reports a host that is not Intercom’s as UNREACHABLE and says which setting to check', async () => {
  const status = await stack.query<Status>(STATUS, { id: 'acme-au' });
  const read = await stack.query(
    '{ connection(id: "acme-au") { workspace { name } } }',
  );

  expect(status.data?.connection.status).toBe('UNREACHABLE');
  expect(status.data?.connection.statusMessage).toContain('regions.au');
  expect(read.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  expect(read.errors?.[0]?.message).toContain('regions.au');
});

it('warns at start about each connection that does not work, with the fix', () => {
  const warnings = stack.logs.filter((line) => line.level === 40);
  const byConnection = new Map(
    warnings.map((line) => [line.connection, String(line.msg)]),
  );

  expect(byConnection.get('revoked')).toMatch(/revoked.*Replace the token/);
  expect(byConnection.get('planRestricted')).toMatch(
    /plan does not include API access to conversations.*upgrade/,
  );
  expect(byConnection.get('noParts')).toMatch(
    /lacks Read conversations \(a conversation's parts\); grant it/,
  );
  expect(byConnection.get('acme-au')).toMatch(/regions\.au/);
  expect(byConnection.has('acme-us')).toBe(false);
});
