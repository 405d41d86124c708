import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatorCall } from '../../src/simulator/index.js';
import { REGIONS, type Region } from '../../src/intercom/regions.js';
import { assigneeId } from '../../src/resolvers/values.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

/*
 * Naive mode is a benchmark's baseline: the same gateway without batching
 * and caching. These tests run it beside a normal gateway, each with its
 * own simulator (the same seed, so the same data), and check that it
 * answers the same and reads every relation by id, one call per row.
 */

let normal: Stack;
let naive: Stack;

beforeAll(async () => {
  [normal, naive] = await Promise.all([
    startStack(),
    startStack({ configure: (config) => ({ ...config, naive: true }) }),
  ]);
});

beforeEach(async () => {
  for (const stack of [normal, naive]) {
    await stack.gateway.cache.clear();
    stack.simulator.resetCalls();
  }
});

afterAll(async () => {
  await Promise.all([normal.close(), naive.close()]);
});

/** `GET /admins/7` as `GET /admins/:id`; literal paths stay as they are. */
function endpoint(call: SimulatorCall): string {
  const literal = /^\/(admins\/activity_logs|contacts\/search)$/;
  const path = literal.test(call.path)
    ? call.path
    : call.path.replace(/^(\/[a-z_]+)\/[^/]+/, '$1/:id');
  return `${call.method} ${path}`;
}

/** How many calls of each endpoint, in a stable order. */
function tally(calls: readonly SimulatorCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of calls.map(endpoint).sort()) {
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The calls a query made, taken from the stack's simulator. */
async function run<T>(
  stack: Stack,
  query: string,
  variables: Record<string, unknown>,
) {
  stack.simulator.resetCalls();
  const answer = await stack.query<T>(query, variables);
  const calls = [...stack.simulator.calls()];
  return { answer, calls };
}

/** Errors as code and path: the data a caller can act on. */
function errorsOf(answer: Awaited<ReturnType<Stack['query']>>) {
  return (answer.errors ?? [])
    .map((error) => ({ path: error.path, code: error.extensions?.code }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** A run again answers the same and makes the same calls: nothing kept. */
function expectRepeatedAlike(
  first: Awaited<ReturnType<typeof run>>,
  second: Awaited<ReturnType<typeof run>>,
) {
  expect(second.answer.data).toEqual(first.answer.data);
  expect(errorsOf(second.answer)).toEqual(errorsOf(first.answer));
  expect(second.calls.map((c) => c.path).sort()).toEqual(
    first.calls.map((c) => c.path).sort(),
  );
}

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

interface ConversationsAnswer {
  connection: {
    workspace: { conversations: { nodes: { id: string }[] } };
  };
}

const HUNDRED_CONTACTS = `
  query HundredContacts($id: ID!) {
    connection(id: $id) {
      workspace {
        contacts(first: 100) {
          nodes {
            id
            owner { id name }
            tags { id name }
            companies { id name }
          }
        }
      }
    }
  }
`;

interface ContactsAnswer {
  connection: {
    workspace: { contacts: { nodes: { id: string }[] } };
  };
}

it('warns once at start that it runs without batching and caching', () => {
  const warnings = (stack: Stack) =>
    stack.logs.filter(
      (line) => line.level === 40 && String(line.msg).includes('naive mode'),
    );

  expect(warnings(naive)).toHaveLength(1);
  expect(String(warnings(naive)[0]?.msg)).toContain('not for production');
  expect(warnings(normal)).toHaveLength(0);
});

describe.each(REGIONS)('in %s', (region: Region) => {
  const variables = { id: CONNECTIONS[region] };

  it('answers 50 conversations as a normal gateway does, one call per row, again when repeated', async () => {
    const data = naive.simulator.regions[region].workspace;
    const batched = await run<ConversationsAnswer>(
      normal,
      FIFTY_CONVERSATIONS,
      variables,
    );
    const first = await run<ConversationsAnswer>(
      naive,
      FIFTY_CONVERSATIONS,
      variables,
    );
    const second = await run<ConversationsAnswer>(
      naive,
      FIFTY_CONVERSATIONS,
      variables,
    );

    const nodes = first.answer.data?.connection.workspace.conversations.nodes;
    expect(nodes).toHaveLength(50);
    expect(first.answer.data).toEqual(batched.answer.data);
    expect(errorsOf(first.answer)).toEqual(errorsOf(batched.answer));

    // What the simulator's records say each row costs when read by id:
    // an assignee each, a contact per reference (a merged one a second
    // call for its survivor); tags come inside the conversation.
    const records = (nodes ?? []).map((node) => {
      const record = data.conversations.find((c) => c.id === node.id);
      if (!record) throw new Error(`no conversation ${node.id}`);
      return record;
    });
    const merged = new Set(data.mergedContacts.map((m) => m.id));
    const references = records.flatMap((c) =>
      c.contacts.contacts.map((ref) => ref.id),
    );
    const expected = {
      'GET /admins/:id': records.filter(
        (c) => assigneeId(c.admin_assignee_id) !== undefined,
      ).length,
      'GET /contacts/:id':
        references.length + references.filter((id) => merged.has(id)).length,
      'GET /conversations': tally(batched.calls)['GET /conversations'],
      'GET /teams/:id': records.filter(
        (c) => assigneeId(c.team_assignee_id) !== undefined,
      ).length,
    };
    expect(expected['GET /admins/:id']).toBeGreaterThan(0);
    expect(expected['GET /teams/:id']).toBeGreaterThan(0);
    expect(tally(first.calls)).toEqual(expected);

    // Nothing is cached or shared: the same query makes the same calls.
    expectRepeatedAlike(first, second);

    // The normal gateway lists the directory once and searches contacts.
    const normalTally = tally(batched.calls);
    expect(normalTally['GET /admins']).toBe(1);
    expect(normalTally['GET /teams']).toBe(1);
    expect(normalTally['POST /contacts/search']).toBe(1);
    expect(normalTally['GET /admins/:id']).toBeUndefined();
    expect(batched.calls.length).toBeLessThan(first.calls.length / 10);
  });

  it('answers 100 contacts as a normal gateway does, one call per row, again when repeated', async () => {
    const data = naive.simulator.regions[region].workspace;
    const batched = await run<ContactsAnswer>(
      normal,
      HUNDRED_CONTACTS,
      variables,
    );
    const first = await run<ContactsAnswer>(naive, HUNDRED_CONTACTS, variables);
    const second = await run<ContactsAnswer>(
      naive,
      HUNDRED_CONTACTS,
      variables,
    );

    const nodes = first.answer.data?.connection.workspace.contacts.nodes;
    expect(nodes).toHaveLength(100);
    expect(first.answer.errors).toBeUndefined();
    expect(first.answer.data).toEqual(batched.answer.data);
    expect(errorsOf(first.answer)).toEqual(errorsOf(batched.answer));

    // An owner, each tag and each company: one read by id per reference.
    const records = (nodes ?? []).map((node) => {
      const record = data.contacts.find((c) => c.id === node.id);
      if (!record) throw new Error(`no contact ${node.id}`);
      return record;
    });
    const count = (list: { data?: unknown[] | null } | null | undefined) =>
      list?.data?.length ?? 0;
    const expected = {
      'GET /admins/:id': records.filter((c) => c.owner_id != null).length,
      'GET /companies/:id': records.reduce(
        (sum, c) => sum + count(c.companies),
        0,
      ),
      'GET /contacts': tally(batched.calls)['GET /contacts'],
      'GET /tags/:id': records.reduce((sum, c) => sum + count(c.tags), 0),
    };
    expect(expected['GET /admins/:id']).toBeGreaterThan(0);
    expect(expected['GET /companies/:id']).toBeGreaterThan(0);
    expect(expected['GET /tags/:id']).toBeGreaterThan(0);
    expect(tally(first.calls)).toEqual(expected);

    expectRepeatedAlike(first, second);

    const normalTally = tally(batched.calls);
    expect(normalTally['GET /admins']).toBe(1);
    expect(normalTally['GET /tags']).toBe(1);
    expect(normalTally['GET /admins/:id']).toBeUndefined();
    expect(normalTally['GET /tags/:id']).toBeUndefined();
    expect(batched.calls.length).toBeLessThan(first.calls.length);
  });
});

it('reads a list once for each field that asks for it, not once per query', async () => {
  const query = `query Lists($id: ID!) {
    connection(id: $id) {
      workspace { admins { id } again: admins { id } tags { id } segments { id } }
    }
  }`;
  const variables = { id: CONNECTIONS.eu };

  const batched = await run(normal, query, variables);
  const unbatched = await run(naive, query, variables);

  expect(unbatched.answer.data).toEqual(batched.answer.data);
  expect(unbatched.answer.errors).toBeUndefined();
  expect(tally(batched.calls)).toMatchObject({
    'GET /admins': 1,
    'GET /tags': 1,
    'GET /segments': 1,
  });
  expect(tally(unbatched.calls)).toMatchObject({
    'GET /admins': 2,
    'GET /tags': 1,
    'GET /segments': 1,
  });
});

it('reads a contact by id for each reference, even one a page already holds', async () => {
  // A normal gateway reads a contact named twice once; a naive one
  // remembers nothing within the query, so it reads it twice.
  const query = `query Contact($id: ID!, $contact: ID!) {
    connection(id: $id) {
      workspace { one: contact(id: $contact) { id } two: contact(id: $contact) { id } }
    }
  }`;
  const data = naive.simulator.regions.eu.workspace;
  const contact = data.contacts[0]?.id;
  const variables = { id: CONNECTIONS.eu, contact };

  const batched = await run(normal, query, variables);
  const unbatched = await run(naive, query, variables);

  expect(unbatched.answer.data).toEqual(batched.answer.data);
  expect(unbatched.answer.errors).toBeUndefined();
  expect(tally(batched.calls)).toEqual({ 'POST /contacts/search': 1 });
  expect(tally(unbatched.calls)).toEqual({ 'GET /contacts/:id': 2 });
});
