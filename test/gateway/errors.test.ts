import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { endpoint } from '../support/calls.js';
import { freePort } from '../support/redis.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

const BAD_TOKEN = 'not-a-real-token-0123456789abcdef';
let stack: Stack;

beforeAll(async () => {
  const deadPort = await freePort();
  stack = await startStack({
    configure: (config, simulator) => ({
      ...config,
      regions: { ...config.regions, au: `http://127.0.0.1:${deadPort}` },
      connections: [
        ...config.connections,
        { id: 'revoked', region: 'us', token: BAD_TOKEN },
        // The EU token sent to the US host, as a misconfigured region does.
        {
          id: 'eu-token-on-us',
          region: 'us',
          token: simulator.regions.eu.token,
        },
      ],
    }),
  });
});

beforeEach(async () => {
  await stack.gateway.cache.clear();
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await stack.close();
});

interface Failure {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

it('answers a deleted contact with null in its own slot and NOT_FOUND at its path', async () => {
  const data = stack.simulator.regions.us.workspace;
  const conversation = data.conversations.find((c) =>
    c.contacts.contacts.some((ref) => data.deletedContactIds.includes(ref.id)),
  );
  if (!conversation) throw new Error('no conversation has a deleted contact');
  const refs = conversation.contacts.contacts;
  const index = refs.findIndex((ref) =>
    data.deletedContactIds.includes(ref.id),
  );

  const answer = await stack.query<{
    connection: {
      workspace: {
        conversation: {
          id: string;
          state: string;
          contacts: ({ id: string } | null)[];
        };
      };
    };
  }>(
    `query One($id: ID!) {
      connection(id: "${CONNECTIONS.us}") {
        workspace { conversation(id: $id) { id state contacts { id } } }
      }
    }`,
    { id: conversation.id },
  );

  const answered = answer.data?.connection.workspace.conversation;
  expect(answered?.id).toBe(conversation.id);
  expect(answered?.state).toBe(conversation.state.toUpperCase());
  expect(answered?.contacts).toEqual(
    refs.map((ref, i) => (i === index ? null : { id: ref.id })),
  );
  expect(answer.errors).toHaveLength(1);
  expect(answer.errors?.[0]).toMatchObject({
    path: ['connection', 'workspace', 'conversation', 'contacts', index],
    extensions: { code: 'NOT_FOUND', connectionId: CONNECTIONS.us },
  });
});

it('answers an unknown contact id with null and NOT_FOUND, and asks Intercom again next time', async () => {
  const query = `{
    connection(id: "${CONNECTIONS.eu}") {
      workspace { name contact(id: "0000000000000000deadbeef") { id } }
    }
  }`;

  const first = await stack.query(query);
  const second = await stack.query(query);

  for (const answer of [first, second]) {
    expect(answer.data).toEqual({
      connection: {
        workspace: {
          name: stack.simulator.regions.eu.workspace.app.name,
          contact: null,
        },
      },
    });
    expect(answer.errors?.[0]).toMatchObject({
      path: ['connection', 'workspace', 'contact'],
      extensions: { code: 'NOT_FOUND' },
    });
    expect(answer.errors?.[0]?.message).toContain(
      'GET /contacts/0000000000000000deadbeef',
    );
  }
  // Failures are never cached: both answers asked Intercom.
  const lookups = stack.simulator
    .calls()
    .filter((call) => endpoint(call) === 'GET /contacts/:id');
  expect(lookups).toHaveLength(2);
});

it('reports a rejected token as INTERCOM_UNAUTHORIZED without the token, and serves the other connections', async () => {
  const answer = await stack.query<{
    revoked: { status: string; statusMessage: string; workspace: null };
    good: { workspace: { name: string } };
  }>(`{
    revoked: connection(id: "revoked") {
      status statusMessage workspace { name }
    }
    good: connection(id: "${CONNECTIONS.us}") { workspace { name } }
  }`);

  expect(answer.data?.revoked.status).toBe('INVALID_TOKEN');
  expect(answer.data?.revoked.statusMessage).toContain("'revoked'");
  expect(answer.data?.good.workspace.name).toBe(
    stack.simulator.regions.us.workspace.app.name,
  );
  const failure = answer.errors?.[0] as Failure;
  expect(failure.path).toEqual(['revoked', 'workspace', 'name']);
  expect(failure.extensions).toMatchObject({
    code: 'INTERCOM_UNAUTHORIZED',
    connectionId: 'revoked',
    upstreamStatus: 401,
    intercomCode: 'unauthorized',
  });
  expect(failure.extensions?.requestId).toEqual(expect.any(String));
  expect(JSON.stringify(answer)).not.toContain(BAD_TOKEN);
  expect(stack.logText()).not.toContain(BAD_TOKEN);
});

it('reports a token of another region as WRONG_REGION and names that region in query errors', async () => {
  // The check at start-up already asked; this asks again, now.
  const checked = await stack.query(
    'mutation { checkConnection(id: "eu-token-on-us") { status } }',
  );
  expect(checked.data).toEqual({ checkConnection: { status: 'WRONG_REGION' } });
  const answer = await stack.query<{
    connection: { status: string; tokenRegion: string; statusMessage: string };
  }>(`{
    connection(id: "eu-token-on-us") {
      status tokenRegion statusMessage workspace { tags { id } }
    }
  }`);

  expect(answer.data?.connection).toMatchObject({
    status: 'WRONG_REGION',
    tokenRegion: 'EU',
  });
  expect(answer.data?.connection.statusMessage).toContain('region to eu');
  const failure = answer.errors?.[0];
  expect(failure?.extensions?.code).toBe('INTERCOM_UNAUTHORIZED');
  expect(failure?.message).toContain('belongs to a workspace in the EU region');
  // Reads went to the US host only; the EU host was only asked who the
  // token belongs to.
  const calls = stack.simulator.calls();
  expect(
    calls.filter((call) => call.region !== 'us').map((call) => call.path),
  ).toEqual(expect.arrayContaining(['/me']));
  expect(
    calls.filter((call) => call.region !== 'us' && call.path !== '/me'),
  ).toEqual([]);
  expect(JSON.stringify(answer)).not.toContain(
    stack.simulator.regions.eu.token,
  );
});

it('reports an unreachable region as UPSTREAM_UNAVAILABLE and UNREACHABLE', async () => {
  const answer = await stack.query(`{
    connection(id: "${CONNECTIONS.au}") { status workspace { name } }
  }`);

  expect(answer.data).toMatchObject({
    connection: { status: 'UNREACHABLE' },
  });
  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'UPSTREAM_UNAVAILABLE',
    connectionId: CONNECTIONS.au,
  });
});

it.each([
  ['a malformed cursor', { after: 'not-a-cursor' }],
  ['a cursor of another connection', { connection: CONNECTIONS.eu }],
  ['a cursor of another list', { list: 'conversations' }],
  ['a cursor of another filter', { filter: { role: 'LEAD' } }],
])('refuses %s with BAD_USER_INPUT', async (_what, misuse) => {
  const page = await stack.query<{
    connection: {
      workspace: { contacts: { pageInfo: { endCursor: string } } };
    };
  }>(`{
    connection(id: "${CONNECTIONS.us}") {
      workspace { contacts(first: 3) { pageInfo { endCursor } } }
    }
  }`);
  const cursor = page.data?.connection.workspace.contacts.pageInfo.endCursor;
  const {
    connection = CONNECTIONS.us,
    list = 'contacts',
    filter = null,
    after = cursor,
  } = misuse as Record<string, unknown>;

  const answer = await stack.query(
    `query Next($connection: ID!, $after: String, $filter: ContactFilter) {
      connection(id: $connection) {
        workspace {
          contacts(first: 3, after: $after, filter: $filter) @include(if: ${String(list === 'contacts')}) {
            nodes { id }
          }
          conversations(first: 3, after: $after) @include(if: ${String(list !== 'contacts')}) {
            nodes { id }
          }
        }
      }
    }`,
    { connection, after, filter },
  );

  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    argument: 'after',
  });
});

it.each([0, 151, -5])(
  'refuses first: %i with BAD_USER_INPUT',
  async (first) => {
    const answer = await stack.query(
      `query List($first: Int) {
      connection(id: "${CONNECTIONS.us}") {
        workspace { contacts(first: $first) { nodes { id } } }
      }
    }`,
      { first },
    );

    expect(answer.errors?.[0]?.message).toContain('between 1 and 150');
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'first',
    });
    expect(stack.simulator.calls()).toHaveLength(0);
  },
);

it('refuses a date-time without a timezone', async () => {
  const answer = await stack.query(`{
    connection(id: "${CONNECTIONS.us}") {
      workspace {
        contacts(filter: { createdAfter: "2024-01-01 10:00" }) { nodes { id } }
      }
    }
  }`);

  expect(answer.errors?.[0]?.message).toContain('ISO-8601');
  expect(answer.errors?.[0]?.extensions?.code).toBe(
    'GRAPHQL_VALIDATION_FAILED',
  );
});

it('refuses an assignee id that cannot be an Intercom id', async () => {
  const answer = await stack.query(`{
    connection(id: "${CONNECTIONS.us}") {
      workspace {
        conversations(filter: { adminAssigneeId: "abc" }) { nodes { id } }
      }
    }
  }`);

  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    argument: 'filter.adminAssigneeId',
  });
});
