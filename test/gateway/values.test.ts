import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTACT_SELECTION, contactFields, iso } from '../support/expect.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack.close();
});

interface ContactsAnswer {
  connection: {
    workspace: {
      contacts: { nodes: Record<string, unknown>[] };
    };
  };
}

it('maps every contact field of a whole page, null emails and mixed custom attributes included', async () => {
  const data = stack.simulator.regions.us.workspace;
  // Companies are read one call each, so 150 contacts with theirs would
  // be over the default budget of Intercom calls; other tests map them.
  const selection = CONTACT_SELECTION.replace('companies { id }', '');

  const answer = await stack.query<ContactsAnswer>(`{
    connection(id: "${CONNECTIONS.us}") {
      workspace { contacts(first: 150) { nodes { ${selection} } } }
    }
  }`);

  expect(answer.errors).toBeUndefined();
  const nodes = answer.data?.connection.workspace.contacts.nodes ?? [];
  expect(nodes).toHaveLength(150);
  for (const node of nodes) {
    const source = data.contacts.find((c) => c.id === node.id);
    if (!source) throw new Error(`unknown contact ${String(node.id)}`);
    const expected: Partial<ReturnType<typeof contactFields>> =
      contactFields(source);
    delete expected.companies;
    expect(node).toEqual(expected);
  }

  // The page must really hold the awkward cases this test is about.
  expect(nodes.some((node) => node.email === null)).toBe(true);
  const attributeTypes = new Set(
    nodes.flatMap((node) =>
      Object.values(node.customAttributes as Record<string, unknown>).map(
        (value) => (value === null ? 'null' : typeof value),
      ),
    ),
  );
  expect(attributeTypes).toEqual(
    new Set(['string', 'number', 'boolean', 'null']),
  );
});

it('maps conversation timings, null waiting_since included, to ISO-8601', async () => {
  const data = stack.simulator.regions.eu.workspace;

  const answer = await stack.query<{
    connection: {
      workspace: {
        conversations: { nodes: Record<string, unknown>[] };
      };
    };
  }>(`{
    connection(id: "${CONNECTIONS.eu}") {
      workspace {
        conversations(first: 150) {
          nodes {
            id createdAt updatedAt waitingSince snoozedUntil
            statistics { firstContactReplyAt lastCloseAt timeToAdminReply }
          }
        }
      }
    }
  }`);

  expect(answer.errors).toBeUndefined();
  const nodes = answer.data?.connection.workspace.conversations.nodes ?? [];
  expect(nodes.length).toBe(Math.min(150, data.conversations.length));
  for (const node of nodes) {
    const source = data.conversations.find((c) => c.id === node.id);
    expect(node).toEqual({
      id: source?.id,
      createdAt: iso(source?.created_at),
      updatedAt: iso(source?.updated_at),
      waitingSince: iso(source?.waiting_since),
      snoozedUntil: iso(source?.snoozed_until),
      statistics: source?.statistics
        ? {
            firstContactReplyAt: iso(source.statistics.first_contact_reply_at),
            lastCloseAt: iso(source.statistics.last_close_at),
            timeToAdminReply: source.statistics.time_to_admin_reply ?? null,
          }
        : null,
    });
  }
  expect(nodes.some((node) => node.waitingSince === null)).toBe(true);
  expect(nodes.some((node) => node.waitingSince !== null)).toBe(true);
});

it('writes a known Unix time as the exact ISO-8601 instant', async () => {
  const data = stack.simulator.regions.au.workspace;
  const contact = data.contacts[0];
  if (!contact) throw new Error('no contacts');

  const answer = await stack.query<{
    connection: { workspace: { contact: { createdAt: string } } };
  }>(
    `query C($id: ID!) {
      connection(id: "${CONNECTIONS.au}") {
        workspace { contact(id: $id) { createdAt } }
      }
    }`,
    { id: contact.id },
  );

  const createdAt = answer.data?.connection.workspace.contact.createdAt;
  expect(createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
  expect(Date.parse(createdAt ?? '')).toBe(contact.created_at * 1000);
});

it('maps every conversation’s rating, SLA and source, relations included', async () => {
  const data = stack.simulator.regions.us.workspace;

  const answer = await stack.query<{
    connection: {
      workspace: { conversations: { nodes: Record<string, unknown>[] } };
    };
  }>(`{
    connection(id: "${CONNECTIONS.us}") {
      workspace {
        conversations(first: 150) {
          nodes {
            id priority read
            rating { rating remark createdAt contact { id } teammate { id } }
            slaApplied { slaName slaStatus }
            source { type deliveredAs subject author { type id email } }
          }
        }
      }
    }
  }`);

  // Deleted or merged raters fail their own field; none is expected here.
  const nodes = answer.data?.connection.workspace.conversations.nodes ?? [];
  expect(nodes.length).toBe(Math.min(150, data.conversations.length));
  for (const node of nodes) {
    const source = data.conversations.find((c) => c.id === node.id);
    const rating = source?.conversation_rating;
    expect(node).toMatchObject({
      priority: source?.priority ?? null,
      read: source?.read ?? null,
      rating: rating
        ? {
            rating: rating.rating ?? null,
            remark: rating.remark || null,
            createdAt: iso(rating.created_at),
            teammate: rating.teammate?.id ? { id: rating.teammate.id } : null,
          }
        : null,
      slaApplied: source?.sla_applied
        ? {
            slaName: source.sla_applied.sla_name,
            slaStatus: source.sla_applied.sla_status,
          }
        : null,
      source: {
        type: source?.source.type ?? null,
        deliveredAs: source?.source.delivered_as ?? null,
        author: {
          type: source?.source.author?.type ?? null,
          id: source?.source.author?.id ?? null,
        },
      },
    });
  }
  expect(nodes.some((node) => node.rating !== null)).toBe(true);
  expect(nodes.some((node) => node.slaApplied !== null)).toBe(true);
});
