import { afterAll, beforeAll, expect, it } from 'vitest';
import { endpoint } from '../support/calls.js';
import { iso } from '../support/expect.js';
import {
  CONNECTIONS,
  startStack,
  type GraphQLAnswer,
  type Stack,
} from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack.close();
});

type Data = Record<string, unknown>;

/** Walks one list of one connection to its end, page by page. */
async function walk(
  connection: string,
  field: string,
  first: number,
  selection: string,
): Promise<Data[]> {
  const nodes: Data[] = [];
  let after: string | null = null;
  for (let page = 0; page < 200; page += 1) {
    const answer: Awaited<ReturnType<Stack['query']>> = await stack.query(
      `query Walk($after: String) {
        connection(id: "${connection}") {
          workspace {
            list: ${field.replace('$FIRST', String(first))} {
              nodes { ${selection} }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
      }`,
      { after },
    );
    expect(answer.errors).toBeUndefined();
    const list = (
      answer.data as {
        connection: {
          workspace: {
            list: {
              nodes: Data[];
              pageInfo: { hasNextPage: boolean; endCursor: string };
            };
          };
        };
      }
    ).connection.workspace.list;
    nodes.push(...list.nodes);
    if (!list.pageInfo.hasNextPage) return nodes;
    after = list.pageInfo.endCursor;
  }
  throw new Error('the walk does not end');
}

it('walks every company Intercom lists, in its order, exactly once', async () => {
  const region = stack.simulator.regions.us;
  // The truth, straight from the simulator's REST pages.
  const expected: Record<string, unknown>[] = [];
  for (let page = 1; ; page += 1) {
    const response = await fetch(
      `${region.url}/companies?page=${page}&per_page=60`,
      {
        headers: { authorization: `Bearer ${region.token}` },
      },
    );
    const body = (await response.json()) as {
      data: Record<string, unknown>[];
      pages: { total_pages: number };
    };
    expected.push(...body.data);
    if (page >= body.pages.total_pages) break;
  }

  const nodes = await walk(
    CONNECTIONS.us,
    'companies(first: $FIRST, after: $after)',
    7,
    'id companyId name website industry size userCount createdAt',
  );

  expect(expected.length).toBeGreaterThan(7);
  expect(nodes).toEqual(
    expected.map((company) => ({
      id: company.id,
      companyId: company.company_id ?? null,
      name: company.name ?? null,
      website: company.website ?? null,
      industry: company.industry ?? null,
      size: company.size ?? null,
      userCount: company.user_count ?? null,
      createdAt: iso(company.created_at as number | undefined),
    })),
  );
});

it('answers segments, with counts, and each contact’s segments', async () => {
  const data = stack.simulator.regions.au.workspace;
  const members = Object.entries(data.segmentContactIds);
  const contact = data.contacts.find(
    (c) => members.filter(([, ids]) => ids.includes(c.id)).length >= 2,
  );
  if (!contact) throw new Error('no contact is in two segments');

  const answer = await stack.query<{
    connection: {
      workspace: {
        segments: {
          id: string;
          name: string;
          count: number;
          personType: string;
          createdAt: string;
        }[];
        contact: { segments: { id: string }[] };
      };
    };
  }>(
    `query S($id: ID!) {
      connection(id: "${CONNECTIONS.au}") {
        workspace {
          segments { id name count personType createdAt }
          contact(id: $id) { segments { id } }
        }
      }
    }`,
    { id: contact.id },
  );

  expect(answer.errors).toBeUndefined();
  const workspace = answer.data?.connection.workspace;
  expect(workspace?.segments).toEqual(
    data.segments.map((segment) => ({
      id: segment.id,
      name: segment.name,
      count: data.segmentContactIds[segment.id]?.length,
      personType: segment.person_type,
      createdAt: iso(segment.created_at),
    })),
  );
  expect(workspace?.contact.segments.map((s) => s.id).sort()).toEqual(
    members
      .filter(([, ids]) => ids.includes(contact.id))
      .map(([id]) => id)
      .sort(),
  );
});

it.each(['CONTACT', 'COMPANY', 'CONVERSATION'] as const)(
  'answers the %s data attributes, archived ones included',
  async (model) => {
    const data = stack.simulator.regions.eu.workspace;
    const expected =
      model === 'CONVERSATION'
        ? data.conversationAttributes.map((a) => ({
            name: a.name,
            dataType: a.data_type,
            archived: a.archived,
            description: a.description || null,
            fullName: `custom_attributes.${a.name}`,
            custom: true,
          }))
        : data.dataAttributes
            .filter((a) => a.model === model.toLowerCase())
            .map((a) => ({
              name: a.name,
              dataType: a.data_type,
              archived: a.archived,
              description: a.description || null,
              fullName: a.full_name,
              custom: a.custom,
            }));

    const answer = await stack.query<{
      connection: { workspace: { dataAttributes: Data[] } };
    }>(`{
      connection(id: "${CONNECTIONS.eu}") {
        workspace {
          dataAttributes(model: ${model}) {
            name dataType archived description fullName custom
          }
        }
      }
    }`);

    expect(answer.errors).toBeUndefined();
    expect(answer.data?.connection.workspace.dataAttributes).toEqual(expected);
    expect(expected.some((attribute) => attribute.archived)).toBe(true);
  },
);

it('answers a long conversation’s most recent parts and says they are truncated', async () => {
  const data = stack.simulator.regions.us.workspace;
  const long = data.conversations.find((c) => c.id === data.longConversationId);
  if (!long) throw new Error('no long conversation');
  const total = long.conversation_parts.total_count;

  const answer = await stack.query<{
    connection: {
      workspace: {
        conversation: {
          partsTruncated: boolean;
          partsTotalCount: number;
          parts: {
            id: string;
            partType: string;
            createdAt: string;
            author: {
              type: string;
              admin: { id: string } | null;
              contact: { id: string } | null;
            };
          }[];
        };
      };
    };
  }>(
    `query P($id: ID!) {
      connection(id: "${CONNECTIONS.us}") {
        workspace {
          conversation(id: $id) {
            partsTruncated partsTotalCount
            parts { id partType createdAt author { type admin { id } contact { id } } }
          }
        }
      }
    }`,
    { id: long.id },
  );

  expect(answer.errors).toBeUndefined();
  const conversation = answer.data?.connection.workspace.conversation;
  expect(total).toBeGreaterThan(500);
  expect(conversation?.partsTruncated).toBe(true);
  expect(conversation?.partsTotalCount).toBe(total);
  expect(conversation?.parts).toHaveLength(500);
  // The workspace holds every part; Intercom sends the newest 500.
  expect(conversation?.parts.map((part) => part.id)).toEqual(
    long.conversation_parts.conversation_parts
      .map((part) => part.id)
      .slice(-500),
  );
  for (const part of conversation?.parts ?? []) {
    if (part.author.type === 'admin') expect(part.author.admin).not.toBeNull();
    if (['user', 'lead'].includes(part.author.type)) {
      expect(part.author.contact).not.toBeNull();
    }
  }
});

it('reads parts for a page of conversations with one call per conversation', async () => {
  stack.simulator.resetCalls();
  await stack.gateway.cache.clear();

  const answer = await stack.query<{
    connection: {
      workspace: {
        conversations: {
          nodes: { partsTruncated: boolean; parts: { id: string }[] }[];
        };
      };
    };
  }>(`{
    connection(id: "${CONNECTIONS.eu}") {
      workspace {
        conversations(first: 5) { nodes { partsTruncated partsTotalCount parts { id } } }
      }
    }
  }`);

  expect(answer.errors).toBeUndefined();
  const byId = stack.simulator
    .calls()
    .filter((call) => call.path.startsWith('/conversations/'));
  expect(byId).toHaveLength(5);
});

it('follows a merged contact to the contact it was merged into', async () => {
  const data = stack.simulator.regions.eu.workspace;
  const merged = data.mergedContacts[0];
  if (!merged) throw new Error('no merged contact');

  const answer = await stack.query(
    `query M($id: ID!) {
      connection(id: "${CONNECTIONS.eu}") { workspace { contact(id: $id) { id } } }
    }`,
    { id: merged.id },
  );

  expect(answer.errors).toBeUndefined();
  expect(answer.data).toEqual({
    connection: { workspace: { contact: { id: merged.mergedInto } } },
  });
});

it('walks the activity log of chosen types to its end, newest first', async () => {
  const data = stack.simulator.regions.au.workspace;
  const types = ['admin_login_failure', 'role_change', 'app_data_export'];
  const after = data.referenceTime - 300 * 86_400;
  const expected = data.activityLogs
    .filter(
      (log) => log.created_at >= after && types.includes(log.activity_type),
    )
    .sort((a, b) => b.created_at - a.created_at);

  const nodes = await walk(
    CONNECTIONS.au,
    `activityLogs(createdAfter: "${new Date(after * 1000).toISOString()}", eventTypes: ${JSON.stringify(types)}, first: $FIRST, after: $after)`,
    9,
    'id activityType description createdAt metadata performedById performedByEmail ip performedBy { id }',
  );

  expect(expected.length).toBeGreaterThan(9);
  expect(nodes.map((node) => node.id)).toEqual(expected.map((log) => log.id));
  const first = expected[0];
  expect(nodes[0]).toEqual({
    id: first?.id,
    activityType: first?.activity_type,
    description: first?.activity_description,
    metadata: first?.metadata,
    performedBy: { id: first?.performed_by.id },
    createdAt: iso(first?.created_at),
    performedById: first?.performed_by.id,
    performedByEmail: first?.performed_by.email,
    ip: first?.performed_by.ip,
  });
});

it('keeps activity log bounds exact and refuses ranges Intercom cannot take', async () => {
  const data = stack.simulator.regions.us.workspace;
  const entry = data.activityLogs[20];
  if (!entry) throw new Error('no activity log');
  const at = (seconds: number) => new Date(seconds * 1000).toISOString();
  const list = (after: string, before?: string, types?: string[]) =>
    stack.query<{
      connection: {
        workspace: { activityLogs: { nodes: { id: string }[] } };
      };
    }>(`{
      connection(id: "${CONNECTIONS.us}") {
        workspace {
          activityLogs(
            createdAfter: "${after}"
            ${before ? `createdBefore: "${before}"` : ''}
            ${types ? `eventTypes: ${JSON.stringify(types)}` : ''}
            first: 150
          ) { nodes { id } }
        }
      }
    }`);

  // Strictly after and strictly before, to the millisecond.
  const exactly = await list(at(entry.created_at), at(entry.created_at + 1));
  const around = await list(
    at(entry.created_at - 0.5),
    at(entry.created_at + 0.5),
  );
  const backwards = await list(at(entry.created_at), at(entry.created_at - 60));
  const empty = await list(at(entry.created_at), undefined, []);

  const ids = (answer: typeof exactly) =>
    answer.data?.connection.workspace.activityLogs.nodes.map((n) => n.id);
  expect(ids(exactly)).not.toContain(entry.id);
  expect(ids(around)).toContain(entry.id);
  expect(backwards.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    argument: 'createdBefore',
  });
  expect(empty.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    argument: 'eventTypes',
  });
});

it('fills a page of a type-filtered log from Intercom’s largest pages', async () => {
  const data = stack.simulator.regions.eu.workspace;
  const type = 'admin_login_success';
  const matching = data.activityLogs.filter(
    (log) => log.activity_type === type,
  );

  const answer = await stack.query<{
    connection: {
      workspace: { activityLogs: { nodes: { activityType: string }[] } };
    };
  }>(`{
    connection(id: "${CONNECTIONS.eu}") {
      workspace {
        activityLogs(
          createdAfter: "1970-01-01T00:00:00Z", eventTypes: ["${type}"], first: 10
        ) { nodes { activityType } }
      }
    }
  }`);

  expect(matching.length).toBeGreaterThan(10);
  expect(answer.data?.connection.workspace.activityLogs.nodes).toHaveLength(10);
});

it('reads a type-filtered log through Intercom’s search: full pages, one call for fewer than 150 entries', async () => {
  const data = stack.simulator.regions.us.workspace;
  const types = ['admin_login_success', 'macro_update'];
  const matching = data.activityLogs.filter((log) =>
    types.includes(log.activity_type),
  );
  stack.simulator.resetCalls();

  const sizes: number[] = [];
  let after: string | null = null;
  for (;;) {
    const answer: GraphQLAnswer<{
      connection: {
        workspace: {
          activityLogs: {
            nodes: { id: string }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
        };
      };
    }> = await stack.query(
      `query Logs($after: String) {
        connection(id: "${CONNECTIONS.us}") {
          workspace {
            activityLogs(
              createdAfter: "1970-01-01T00:00:00Z", eventTypes: ${JSON.stringify(types)}, first: 25, after: $after
            ) { nodes { id } pageInfo { hasNextPage endCursor } }
          }
        }
      }`,
      { after },
    );
    const page = answer.data?.connection.workspace.activityLogs;
    if (!page) throw new Error(JSON.stringify(answer.errors));
    sizes.push(page.nodes.length);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }

  expect(matching.length).toBeGreaterThan(50);
  expect(matching.length).toBeLessThan(150);
  // Every page full but the last: Intercom did the filtering.
  expect(sizes.slice(0, -1).every((size) => size === 25)).toBe(true);
  expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(matching.length);
  expect(stack.simulator.calls().map(endpoint)).toEqual([
    'POST /admins/activity_logs/search',
  ]);
});

it('refuses an activity type Intercom does not know, naming the argument and not the value', async () => {
  const answer = await stack.query(`{
    connection(id: "${CONNECTIONS.us}") {
      workspace {
        activityLogs(createdAfter: "1970-01-01T00:00:00Z", eventTypes: ["not_a_type_abc123"]) {
          nodes { id }
        }
      }
    }
  }`);

  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    argument: 'eventTypes',
  });
  expect(JSON.stringify(answer.errors)).not.toContain('not_a_type_abc123');
});

it('answers each company’s tags and custom attributes', async () => {
  const region = stack.simulator.regions.au;
  const company = region.workspace.companies.find(
    (c) => c.tags.tags.length > 0,
  );
  if (!company) throw new Error('no tagged company');

  const answer = await stack.query(
    `query C($id: ID!) {
      connection(id: "${CONNECTIONS.au}") {
        workspace { company(id: $id) { tags { id name } customAttributes } }
      }
    }`,
    { id: company.id },
  );

  expect(answer.errors).toBeUndefined();
  expect(answer.data).toEqual({
    connection: {
      workspace: {
        company: {
          tags: company.tags.tags.map((t) => ({ id: t.id, name: t.name })),
          customAttributes: company.custom_attributes,
        },
      },
    },
  });
});

it.each([
  ['an empty cursor', ''],
  ['a cursor whose page number was changed', 'CHANGED'],
])('refuses %s on companies with BAD_USER_INPUT', async (_what, cursor) => {
  let after = cursor;
  if (cursor === 'CHANGED') {
    const page = await stack.query<{
      connection: {
        workspace: { companies: { pageInfo: { endCursor: string } } };
      };
    }>(`{
      connection(id: "${CONNECTIONS.us}") {
        workspace { companies(first: 2) { pageInfo { endCursor } } }
      }
    }`);
    const state = JSON.parse(
      Buffer.from(
        page.data?.connection.workspace.companies.pageInfo.endCursor ?? '',
        'base64url',
      ).toString(),
    ) as unknown[];
    state[2] = 'x';
    after = Buffer.from(JSON.stringify(state)).toString('base64url');
  }

  const answer = await stack.query(
    `query C($after: String) {
      connection(id: "${CONNECTIONS.us}") {
        workspace { companies(first: 2, after: $after) { nodes { id } } }
      }
    }`,
    { after },
  );

  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    argument: 'after',
  });
});
