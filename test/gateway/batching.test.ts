import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { REGIONS, type Region } from '../../src/intercom/regions.js';
import { endpoint, roundTrips } from '../support/calls.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  // The gateway and the simulator share this process's event loop, and
  // other test files share the CPU. A latency per call well above any
  // scheduling delay makes calls that are in flight together overlap in
  // the simulator's log, as they would against Intercom.
  stack = await startStack({ simulator: { latencyMs: 100 } });
});

beforeEach(async () => {
  await stack.gateway.cache.clear();
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await stack.close();
});

const FIFTY_CONVERSATIONS = `
  query FiftyConversations($id: ID!) {
    connection(id: $id) {
      workspace {
        conversations(first: 50) {
          nodes {
            id
            adminAssignee { id name }
            teamAssignee { id name }
            tags { id name }
            contacts { id name email }
          }
        }
      }
    }
  }
`;

interface FiftyAnswer {
  connection: {
    workspace: {
      conversations: {
        nodes: { id: string; contacts: ({ id: string } | null)[] }[];
      };
    };
  };
}

it.each(REGIONS)(
  'reads 50 conversations with their assignees, tags and contacts in 4 calls and 2 round trips (%s)',
  async (region) => {
    const data = stack.simulator.regions[region].workspace;
    const answer = await stack.query<FiftyAnswer>(FIFTY_CONVERSATIONS, {
      id: CONNECTIONS[region],
    });
    const calls = stack.simulator.calls();

    // Contacts that search cannot return (new, deleted or merged) cost a
    // lookup each, and a merged one a second for its survivor; the
    // simulator plants a few, so count them from what the page names.
    const nodes = answer.data?.connection.workspace.conversations.nodes ?? [];
    const referenced = new Set(
      nodes.flatMap((n) => n.contacts.map((c) => c?.id)),
    );
    const named = new Set(
      nodes.flatMap(
        (n) =>
          data.conversations
            .find((c) => c.id === n.id)
            ?.contacts.contacts.map((ref) => ref.id) ?? [],
      ),
    );
    const merged = data.mergedContacts.map((m) => m.id);
    const lookups =
      [
        ...data.unindexedContactIds,
        ...data.deletedContactIds,
        ...merged,
      ].filter((id) => named.has(id)).length +
      merged.filter((id) => named.has(id)).length;

    expect(nodes).toHaveLength(50);
    expect(referenced.size).toBeGreaterThan(40);
    expect(calls.map(endpoint).sort()).toEqual(
      [
        'GET /admins',
        'GET /conversations',
        'GET /teams',
        'POST /contacts/search',
        ...Array<string>(lookups).fill('GET /contacts/:id'),
      ].sort(),
    );
    // A merged contact's survivor is read after its 410: one more trip.
    const followed = merged.some((id) => named.has(id));
    expect(roundTrips(calls)).toBe(lookups === 0 ? 2 : followed ? 4 : 3);
  },
);

it('answers the same query again within the time to live without calling Intercom', async () => {
  // Failures are never cached, so this needs a region whose first fifty
  // conversations name no deleted contact.
  let first: Awaited<ReturnType<Stack['query']>> | undefined;
  let region: Region | undefined;
  for (const candidate of REGIONS) {
    const answer = await stack.query(FIFTY_CONVERSATIONS, {
      id: CONNECTIONS[candidate],
    });
    if (answer.errors === undefined) {
      [first, region] = [answer, candidate];
      break;
    }
  }
  if (!first || !region) throw new Error('every region has a failure');
  stack.simulator.resetCalls();

  const second = await stack.query(FIFTY_CONVERSATIONS, {
    id: CONNECTIONS[region],
  });

  expect(stack.simulator.calls()).toHaveLength(0);
  expect(second.data).toEqual(first.data);
  expect(second.errors).toEqual(first.errors);
});

it('shares one upstream call between identical queries that run at once', async () => {
  const answers = await Promise.all(
    Array.from({ length: 5 }, () =>
      stack.query(
        '{ connection(id: "acme-eu") { workspace { tags { id } } } }',
      ),
    ),
  );

  expect(stack.simulator.calls().map(endpoint)).toEqual(['GET /tags']);
  for (const answer of answers) expect(answer.data).toEqual(answers[0]?.data);
});

it('lists the directory once per query however many records refer to it', async () => {
  const answer = await stack.query(`{
    connection(id: "acme-au") {
      workspace {
        teams { admins { id teams { id admins { id } } } }
        admins { teams { id } }
        contacts(first: 60) { nodes { owner { id teams { id } } tags { id } } }
      }
    }
  }`);

  expect(answer.errors).toBeUndefined();
  expect(stack.simulator.calls().map(endpoint).sort()).toEqual([
    'GET /admins',
    'GET /contacts',
    'GET /tags',
    'GET /teams',
  ]);
});
