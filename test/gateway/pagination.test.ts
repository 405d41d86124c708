import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack.close();
});

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Reads a list page by page, as a client would, until it ends. */
async function walk(
  list: 'contacts' | 'conversations',
  first: number,
  filter?: Record<string, unknown>,
  connection: string = CONNECTIONS.us,
): Promise<{ ids: string[]; pages: number; totalCount: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const answer: Awaited<ReturnType<Stack['query']>> = await stack.query(
      `query Walk($connection: ID!, $first: Int, $after: String, $filter: ${
        list === 'contacts' ? 'ContactFilter' : 'ConversationFilter'
      }) {
        connection(id: $connection) {
          workspace {
            list: ${list}(first: $first, after: $after, filter: $filter) {
              totalCount
              edges { cursor node { id } }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
      }`,
      { connection, first, after, filter },
    );
    expect(answer.errors).toBeUndefined();
    const page = (answer.data as { connection: { workspace: { list: Page } } })
      .connection.workspace.list;
    pages += 1;
    expect(page.edges.length).toBeLessThanOrEqual(first);
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) {
      return { ids, pages, totalCount: page.totalCount };
    }
    expect(page.pageInfo.endCursor).toBeTruthy();
    after = page.pageInfo.endCursor;
    if (pages > 100) throw new Error('the walk does not end');
  }
}

it('walks every contact exactly once with first: 40', async () => {
  const contacts = stack.simulator.regions.us.workspace.contacts;

  const { ids, pages } = await walk('contacts', 40);

  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual(contacts.map((c) => c.id).sort());
  expect(pages).toBeGreaterThanOrEqual(Math.ceil(contacts.length / 40));
});

it('walks a filtered conversation list exactly once with first: 15', async () => {
  const conversations = stack.simulator.regions.us.workspace.conversations;
  const expected = conversations
    .filter((c) => c.state === 'open')
    .map((c) => c.id);

  const { ids, totalCount } = await walk('conversations', 15, {
    state: 'OPEN',
  });

  expect(expected.length).toBeGreaterThan(15);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual(expected.sort());
  expect(totalCount).toBe(expected.length);
});

it('continues from a cursor in the middle of a page without skipping rows', async () => {
  const contacts = stack.simulator.regions.eu.workspace.contacts;

  // Pages of 7 never line up with Intercom's pages, so most cursors point
  // into the middle of one.
  const { ids } = await walk('contacts', 7, undefined, CONNECTIONS.eu);

  expect(new Set(ids).size).toBe(contacts.length);
  expect(ids.length).toBe(contacts.length);
});

it('walks a filtered contact list by role and creation time exactly once', async () => {
  const contacts = stack.simulator.regions.au.workspace.contacts;
  const times = contacts.map((c) => c.created_at).sort((a, b) => a - b);
  const after = times[Math.floor(times.length / 4)] ?? 0;
  const before = times[Math.floor((times.length * 3) / 4)] ?? 0;
  const expected = contacts
    .filter(
      (c) =>
        c.role === 'user' &&
        c.created_at > after &&
        c.created_at < before &&
        !stack.simulator.regions.au.workspace.unindexedContactIds.includes(
          c.id,
        ),
    )
    .map((c) => c.id);

  const { ids } = await walk(
    'contacts',
    25,
    {
      role: 'USER',
      createdAfter: new Date(after * 1000).toISOString(),
      createdBefore: new Date(before * 1000).toISOString(),
    },
    CONNECTIONS.au,
  );

  expect(expected.length).toBeGreaterThan(25);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual(expected.sort());
});

it('refuses a cursor whose offset was edited past the end of its page', async () => {
  const query = `query Page($after: String) {
    connection(id: "${CONNECTIONS.eu}") {
      workspace {
        contacts(first: 3, after: $after) {
          nodes { id }
          pageInfo { endCursor }
        }
      }
    }
  }`;
  const first = await stack.query<{
    connection: {
      workspace: { contacts: { pageInfo: { endCursor: string } } };
    };
  }>(query);
  const cursor = first.data?.connection.workspace.contacts.pageInfo.endCursor;
  if (!cursor) throw new Error('no cursor');
  const state = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [
    number,
    string,
    string | null,
    number,
  ];

  // The same position, its offset moved past any page Intercom serves.
  state[3] = 1_000_000;
  const edited = Buffer.from(JSON.stringify(state)).toString('base64url');
  const answer = await stack.query(query, { after: edited });

  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    argument: 'after',
  });
});
