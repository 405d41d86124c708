import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { SimulatedWorkspace } from '../../src/simulator/index.js';
import {
  CONNECTIONS,
  startStack,
  type GraphQLAnswer,
  type Stack,
} from '../support/stack.js';
import { categoryOf } from '../support/security.js';

// Walks of the activity log search while the log grows, and across a
// second that many entries share. The simulator's log is changed here, so
// these tests have a stack of their own.

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

beforeEach(async () => {
  await stack.gateway.cache.clear();
});

afterAll(async () => {
  await stack.close();
});

type Log = SimulatedWorkspace['activityLogs'][number];

const logs = () => stack.simulator.regions.us.workspace.activityLogs;

const securityEvents = () =>
  logs().filter((log) => categoryOf(log.activity_type) !== undefined);

interface Page {
  connection: {
    workspace: {
      securityEvents: {
        nodes: { id: string }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
  };
}

async function page(first: number, after: string | null) {
  const answer: GraphQLAnswer<Page> = await stack.query<Page>(
    `query Walk($first: Int!, $after: String) {
      connection(id: "${CONNECTIONS.us}") {
        workspace {
          securityEvents(
            since: "1970-01-01T00:00:00Z", first: $first, after: $after
          ) { nodes { id } pageInfo { hasNextPage endCursor } }
        }
      }
    }`,
    { first, after },
  );
  expect(answer.errors).toBeUndefined();
  const events = answer.data?.connection.workspace.securityEvents;
  if (!events) throw new Error('no page');
  return events;
}

/** The rest of a walk from `after`, `first` at a time. */
async function rest(first: number, after: string | null) {
  const ids: string[] = [];
  let cursor = after;
  for (let pages = 0; pages < 500; pages++) {
    const events = await page(first, cursor);
    ids.push(...events.nodes.map((node) => node.id));
    if (!events.pageInfo.hasNextPage) return ids;
    cursor = events.pageInfo.endCursor;
  }
  throw new Error('the walk does not end');
}

/** A sign-in like `like`, at `second`, with an id of its own. */
function signIn(like: Log, second: number, id: string): Log {
  return {
    ...like,
    id,
    created_at: second,
    activity_type: 'admin_login_success',
  };
}

it('repeats and skips nothing when new entries arrive between pages', async () => {
  const before = securityEvents().map((log) => log.id);
  expect(before.length).toBeGreaterThan(150);

  const first = await page(150, null);
  const newest = logs()[0];
  if (!newest) throw new Error('no log');
  for (let i = 0; i < 3; i++) {
    stack.simulator.logActivity(
      'us',
      signIn(
        newest,
        newest.created_at + 60 + i,
        `00000000-0000-4000-8000-00000000000${i}`,
      ),
    );
  }
  // The first page's answer is gone from the cache, as after its time to
  // live: the next page is read from the grown log.
  await stack.gateway.cache.clear();

  const ids = [
    ...first.nodes.map((node) => node.id),
    ...(await rest(40, first.pageInfo.endCursor)),
  ];
  expect(ids).toEqual(before);
  expect(securityEvents().length).toBe(before.length + 3);
});

it('goes on inside a second that entries share, past the end of an Intercom page', async () => {
  // Three more entries at the second of the 150th: Intercom's first page
  // of 150 ends among the entries of that second.
  const at = securityEvents()[149];
  if (!at) throw new Error('too few security events');
  for (let i = 0; i < 3; i++) {
    stack.simulator.logActivity(
      'us',
      signIn(at, at.created_at, `ffffffff-ffff-4fff-bfff-fffffffffff${i}`),
    );
  }
  const expected = securityEvents().map((log) => log.id);
  const shared = securityEvents().filter(
    (log) => log.created_at === at.created_at,
  );
  expect(shared.length).toBeGreaterThanOrEqual(4);
  expect(expected.indexOf(shared[0]?.id ?? '')).toBeLessThan(150);
  expect(expected.indexOf(shared.at(-1)?.id ?? '')).toBeGreaterThanOrEqual(150);

  for (const first of [150, 37, 1]) {
    await stack.gateway.cache.clear();
    expect(await rest(first, null)).toEqual(expected);
  }
});
