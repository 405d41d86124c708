import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REGIONS, type Region } from '../../src/intercom/regions.js';
import type { SimulatedWorkspace } from '../../src/simulator/index.js';
import { iso } from '../support/expect.js';
import { endpoint, roundTrips } from '../support/calls.js';
import { categoryOf, SECURITY_SETTINGS } from '../support/security.js';
import {
  CONNECTIONS,
  startStack,
  type GraphQLAnswer,
  type Stack,
} from '../support/stack.js';

// Security events and the workspace overview, over HTTP, against facts
// computed here from the simulator's records, never through the gateway's
// code: the activity types of each category are spelled out below.

let stack: Stack;

/** A US connection whose token may read everything but the IP allowlist. */
const NO_ALLOWLIST = 'us-no-allowlist';

beforeAll(async () => {
  // Calls in flight together overlap in the simulator's log, and calls
  // that wait for another do not, at this latency (see the batching tests).
  stack = await startStack({
    simulator: { latencyMs: 60 },
    configure: (config, simulator) => ({
      ...config,
      connections: [
        ...config.connections,
        {
          id: NO_ALLOWLIST,
          region: 'us',
          token: simulator.regions.us.tokens.noIpAllowlist,
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

const workspaceOf = (region: Region): SimulatedWorkspace =>
  stack.simulator.regions[region].workspace;

const EVENTS = /* GraphQL */ `
  query Events(
    $id: ID!
    $since: DateTime!
    $until: DateTime
    $categories: [SecurityEventCategory!]
    $first: Int
    $after: String
  ) {
    connection(id: $id) {
      workspace {
        securityEvents(
          since: $since
          until: $until
          categories: $categories
          first: $first
          after: $after
        ) {
          nodes {
            id
            category
            activityType
            createdAt
            performedById
            performedByEmail
            performedBy {
              id
            }
            ip
            before
            after
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`;

interface EventRow {
  id: string;
  category: string;
  activityType: string;
  createdAt: string;
  performedById: string | null;
  performedByEmail: string | null;
  performedBy: { id: string } | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

interface EventsPage {
  connection: {
    workspace: {
      securityEvents: {
        nodes: EventRow[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
  };
}

/** Every page of `securityEvents`, `first` at a time, and their sizes. */
async function walk(region: Region, variables: Record<string, unknown>) {
  const rows: EventRow[] = [];
  const sizes: number[] = [];
  let after: string | null = null;
  for (;;) {
    const answer: GraphQLAnswer<EventsPage> = await stack.query<EventsPage>(
      EVENTS,
      {
        id: CONNECTIONS[region],
        ...variables,
        after,
      },
    );
    expect(answer.errors).toBeUndefined();
    const page = answer.data?.connection.workspace.securityEvents;
    if (!page) throw new Error('no page');
    rows.push(...page.nodes);
    sizes.push(page.nodes.length);
    if (!page.pageInfo.hasNextPage) return { rows, sizes };
    after = page.pageInfo.endCursor;
    if (sizes.length > 200) throw new Error('the walk does not end');
  }
}

/** The values before and after a change, as Intercom's metadata has them. */
function changeOf(metadata: Record<string, unknown>) {
  if ('before' in metadata || 'after' in metadata) {
    return { before: metadata.before ?? null, after: metadata.after ?? null };
  }
  const changes = metadata.changes as
    Record<string, { before: unknown; after: unknown }> | undefined;
  if (!changes) return { before: null, after: null };
  const pick = (side: 'before' | 'after') =>
    Object.fromEntries(
      Object.entries(changes).map(([key, change]) => [key, change[side]]),
    );
  return { before: pick('before'), after: pick('after') };
}

describe.each(REGIONS)('securityEvents (%s)', (region) => {
  it("walks the whole log across Intercom's pages: only security types, newest first, who, where, when and the values changed", async () => {
    const data = workspaceOf(region);
    const logs = data.activityLogs;
    const security = logs.filter((log) => categoryOf(log.activity_type));
    // More than one Intercom page of 150, so the walk crosses a page's end.
    expect(security.length).toBeGreaterThan(150);
    // The log has plenty of other entries, which must all be left out.
    expect(security.length).toBeLessThan(logs.length - 100);

    const { rows, sizes } = await walk(region, { since: iso(0), first: 17 });
    const admins = new Set(data.admins.map((admin) => admin.id));
    expect(rows).toEqual(
      security.map((log) => ({
        id: log.id,
        category: categoryOf(log.activity_type),
        activityType: log.activity_type,
        createdAt: iso(log.created_at),
        performedById: log.performed_by.id,
        performedByEmail: log.performed_by.email,
        performedBy: admins.has(log.performed_by.id)
          ? { id: log.performed_by.id }
          : null,
        ip: log.performed_by.ip,
        ...changeOf(log.metadata),
      })),
    );
    expect(Math.max(...sizes)).toBe(17);
    // Newest first, as the log is read.
    const times = rows.map((row) => Date.parse(row.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // Intercom filters by type itself: the walk reads 150 entries a call.
    const calls = stack.simulator.calls().map(endpoint);
    expect(new Set(calls)).toEqual(
      new Set(['POST /admins/activity_logs/search', 'GET /admins']),
    );
    expect(
      calls.filter((c) => c === 'POST /admins/activity_logs/search'),
    ).toHaveLength(Math.ceil(security.length / 150));
  });

  it('keeps an event at `since` and leaves out one at `until`', async () => {
    const security = workspaceOf(region).activityLogs.filter((log) =>
      categoryOf(log.activity_type),
    );
    const newer = security[Math.floor(security.length / 4)];
    const older = security[Math.floor((security.length * 3) / 4)];
    if (!newer || !older) throw new Error('too few security events');
    const expected = security.filter(
      (log) =>
        log.created_at >= older.created_at && log.created_at < newer.created_at,
    );
    expect(expected).toContain(older);
    expect(expected).not.toContain(newer);

    const { rows } = await walk(region, {
      since: iso(older.created_at),
      until: iso(newer.created_at),
      first: 40,
    });
    expect(rows.map((row) => row.id)).toEqual(expected.map((log) => log.id));
  });

  it('narrows to the categories asked for', async () => {
    const data = workspaceOf(region);
    const wanted = ['SIGN_IN', 'DATA_EXPORT'];
    const expected = data.activityLogs.filter((log) =>
      wanted.includes(categoryOf(log.activity_type) ?? ''),
    );
    const { rows } = await walk(region, {
      since: iso(0),
      categories: wanted,
      first: 150,
    });
    expect(rows.map((row) => row.id)).toEqual(expected.map((log) => log.id));
    expect(new Set(rows.map((row) => row.category))).toEqual(new Set(wanted));
  });
});

it('refuses an empty list of categories and an end before the start', async () => {
  const empty = await stack.query(EVENTS, {
    id: CONNECTIONS.eu,
    since: iso(0),
    categories: [],
  });
  expect(empty.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    argument: 'categories',
  });
  const backwards = await stack.query(EVENTS, {
    id: CONNECTIONS.eu,
    since: '2026-02-01T00:00:00.000Z',
    until: '2026-01-01T00:00:00.000Z',
  });
  expect(backwards.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    argument: 'until',
  });
  expect(stack.simulator.calls()).toEqual([]);
});

it('a refused activity search fails securityEvents alone, not the workspace', async () => {
  stack.simulator.inject(
    'eu',
    { kind: 'forbidden' },
    { path: '/admins/activity_logs/search', times: Infinity },
  );
  try {
    const answer = await stack.query<{
      connection: {
        workspace: {
          name: string;
          securityEvents: unknown;
          overview: { adminCount: number };
        };
      };
    }>(
      `{
        connection(id: "${CONNECTIONS.eu}") {
          workspace {
            name
            securityEvents(since: "1970-01-01T00:00:00Z") { nodes { id } }
            overview { adminCount lastSecuritySettingsChangeAt }
          }
        }
      }`,
    );
    expect(answer.data?.connection.workspace).toEqual({
      name: workspaceOf('eu').app.name,
      securityEvents: null,
      overview: {
        adminCount: workspaceOf('eu').admins.length,
        lastSecuritySettingsChangeAt: null,
      },
    });
    expect(
      answer.errors?.map((e) => [e.path?.join('.'), e.extensions?.code]),
    ).toEqual(
      expect.arrayContaining([
        ['connection.workspace.securityEvents', 'FORBIDDEN'],
        [
          'connection.workspace.overview.lastSecuritySettingsChangeAt',
          'FORBIDDEN',
        ],
      ]),
    );
    expect(answer.errors).toHaveLength(2);
  } finally {
    stack.simulator.clearFaults();
  }
});

const OVERVIEW = /* GraphQL */ `
  query Overview($id: ID!) {
    connection(id: $id) {
      workspace {
        overview {
          identityVerification
          ipAllowlistEnabled
          ipAllowlistEntryCount
          adminCount
          adminsByRole {
            role {
              id
              name
            }
            adminCount
          }
          adminsWithInboxSeat
          teamCount
          tagCount
          contactCount
          openConversationCount
          lastSecuritySettingsChangeAt
        }
      }
    }
  }
`;

interface Overview {
  connection: { workspace: { overview: Record<string, unknown> } };
}

/** The overview's facts, from the simulator's records. */
function facts(data: SimulatedWorkspace) {
  const roles = new Map<string | null, { role: unknown; adminCount: number }>();
  for (const admin of data.admins) {
    const key = admin.role?.id ?? null;
    const entry = roles.get(key) ?? {
      role: admin.role ? { id: admin.role.id, name: admin.role.name } : null,
      adminCount: 0,
    };
    entry.adminCount += 1;
    roles.set(key, entry);
  }
  const settingChanges = data.activityLogs
    .filter((log) => SECURITY_SETTINGS.includes(log.activity_type))
    .map((log) => log.created_at);
  return {
    identityVerification: data.app.identity_verification,
    ipAllowlistEnabled: data.ipAllowlist.enabled,
    ipAllowlistEntryCount: data.ipAllowlist.ip_allowlist.length,
    adminCount: data.admins.length,
    adminsByRole: [...roles.values()],
    adminsWithInboxSeat: data.admins.filter((a) => a.has_inbox_seat).length,
    teamCount: data.teams.length,
    tagCount: data.tags.length,
    contactCount: data.contacts.length,
    openConversationCount: data.conversations.filter((c) => c.state === 'open')
      .length,
    lastSecuritySettingsChangeAt:
      settingChanges.length > 0 ? iso(Math.max(...settingChanges)) : null,
  };
}

function costOf(answer: object) {
  return (answer as { extensions?: { cost?: Record<string, unknown> } })
    .extensions?.cost;
}

const OVERVIEW_CALLS = [
  'GET /admins',
  'GET /contacts',
  'GET /ip_allowlist',
  'GET /me',
  'GET /tags',
  'GET /teams',
  'POST /admins/activity_logs/search',
  'POST /conversations/search',
];

describe.each(REGIONS)('overview (%s)', (region) => {
  it('matches the facts, one call each in one round trip, and none repeated', async () => {
    const data = workspaceOf(region);
    const cold = await stack.query<Overview>(OVERVIEW, {
      id: CONNECTIONS[region],
    });
    expect(cold.errors).toBeUndefined();
    expect(cold.data?.connection.workspace.overview).toEqual(facts(data));

    const calls = stack.simulator.calls();
    expect(calls.map(endpoint).sort()).toEqual(OVERVIEW_CALLS);
    expect(roundTrips(calls)).toBe(1);
    // The estimate made before running foresaw exactly these calls.
    expect(costOf(cold)).toMatchObject({
      estimatedCalls: OVERVIEW_CALLS.length,
      upstreamCalls: OVERVIEW_CALLS.length,
    });

    stack.simulator.resetCalls();
    const warm = await stack.query<Overview>(OVERVIEW, {
      id: CONNECTIONS[region],
    });
    expect(warm.data).toEqual(cold.data);
    expect(stack.simulator.calls()).toEqual([]);
    expect(costOf(warm)).toMatchObject({
      upstreamCalls: 0,
      cacheHits: OVERVIEW_CALLS.length,
    });
  });
});

it('a token forbidden the IP allowlist still gets the rest, FORBIDDEN on that fact alone', async () => {
  const answer = await stack.query<Overview>(OVERVIEW, { id: NO_ALLOWLIST });
  const expected = facts(workspaceOf('us'));
  expect(answer.data?.connection.workspace.overview).toEqual({
    ...expected,
    ipAllowlistEnabled: null,
    ipAllowlistEntryCount: null,
  });
  expect(
    answer.errors?.map((error) => [
      error.path?.join('.'),
      error.extensions?.code,
    ]),
  ).toEqual([
    ['connection.workspace.overview.ipAllowlistEnabled', 'FORBIDDEN'],
    ['connection.workspace.overview.ipAllowlistEntryCount', 'FORBIDDEN'],
  ]);
  // One refused call serves both facts.
  expect(
    stack.simulator
      .calls()
      .map(endpoint)
      .filter((c) => c === 'GET /ip_allowlist'),
  ).toHaveLength(1);

  const settings = await stack.query<{
    connection: { workspace: Record<string, unknown> };
  }>(
    /* GraphQL */ `
      query ($id: ID!) {
        connection(id: $id) {
          workspace {
            identityVerification
            ipAllowlist {
              enabled
            }
            brands {
              id
            }
          }
        }
      }
    `,
    { id: NO_ALLOWLIST },
  );
  expect(settings.data?.connection.workspace).toMatchObject({
    identityVerification: expected.identityVerification,
    ipAllowlist: null,
  });
  expect(settings.data?.connection.workspace.brands).toHaveLength(
    workspaceOf('us').brands.length,
  );
  expect(settings.errors?.map((e) => e.extensions?.code)).toEqual([
    'FORBIDDEN',
  ]);
});
