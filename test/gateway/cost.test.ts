import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import { INTERCOM_API_VERSION } from '../../src/intercom/regions.js';
import type { CostReport } from '../../src/server/limits.js';
import { endpoint } from '../support/calls.js';
import { client } from '../support/clients.js';
import {
  CONNECTIONS,
  startStack,
  type GraphQLAnswer,
  type Stack,
} from '../support/stack.js';

/** Ten calls per query: a small page with one read per row is too many. */
const tight = client('tight', { maxCallsPerQuery: 10 });
/** The default budget of a configured client. */
const analyst = client('analyst', { maxCallsPerQuery: 500 });
const euOnly = client('eu-only', {
  connections: [CONNECTIONS.eu],
  maxCallsPerQuery: 500,
});

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    configure: (config) => ({ ...config, clients: [tight, analyst, euOnly] }),
  });
});

beforeEach(async () => {
  await stack.gateway.cache.clear();
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await stack.close();
});

function costOf(answer: GraphQLAnswer): CostReport {
  const cost = (answer as { extensions?: { cost?: CostReport } }).extensions
    ?.cost;
  if (!cost) throw new Error(`no extensions.cost in ${JSON.stringify(answer)}`);
  return cost;
}

/** admins { teams { admins { ... } } }, `levels` lists deep. */
function directoryNest(levels: number): string {
  let selection = 'id';
  for (let level = levels - 1; level >= 0; level -= 1) {
    selection = `${level % 2 === 0 ? 'teams' : 'admins'} { id ${selection} }`;
  }
  return `{ connection(id: "${CONNECTIONS.eu}") { workspace { admins { ${selection} } } } }`;
}

describe('refusals', () => {
  it('refuses a query estimated over the caller’s budget, saying both figures, before any Intercom call', async () => {
    // The page, then each of 20 listed conversations read again for its
    // parts: 21 calls, over the 10 this caller may spend.
    const query = `{
      connection(id: "${CONNECTIONS.eu}") {
        workspace { conversations(first: 20) { nodes { parts { id } } } }
      }
    }`;

    const answer = await stack.query(query, undefined, { key: tight.key });

    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_TOO_COSTLY',
      cost: { estimatedCalls: 21, limit: 10 },
    });
    expect(answer.errors?.[0]?.message).toMatch(
      /about 21 Intercom calls.*caller 'tight'.*\(10\)/,
    );
    expect(costOf(answer)).toEqual({
      estimatedCalls: 21,
      limit: 10,
      upstreamCalls: 0,
      cacheHits: 0,
      budgets: [],
    });
    expect(stack.simulator.calls()).toHaveLength(0);

    // A caller with a larger budget runs it.
    const allowed = await stack.query(query, undefined, { key: analyst.key });
    expect(allowed.errors).toBeUndefined();
    expect(costOf(allowed).upstreamCalls).toBe(21);
    expect(stack.simulator.calls()).toHaveLength(21);
  });

  it('refuses a query 40 levels deep before any Intercom call', async () => {
    const answer = await stack.query(directoryNest(40), undefined, {
      key: analyst.key,
    });

    expect(answer.errors?.[0]?.extensions?.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(answer.errors?.[0]?.message).toMatch(/depth limit of 12/);
    // Refused before the estimate, so there is no cost to report.
    expect(answer).not.toHaveProperty('extensions');
    expect(stack.simulator.calls()).toHaveLength(0);
  });

  it('refuses a query of 500 aliases before any Intercom call', async () => {
    const aliases = Array.from({ length: 500 }, (_, i) => `t${i}: tags { id }`);
    const answer = await stack.query(
      `{ connection(id: "${CONNECTIONS.eu}") { workspace { ${aliases.join(' ')} } } }`,
      undefined,
      { key: analyst.key },
    );

    expect(answer.errors?.[0]?.extensions?.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(answer.errors?.[0]?.message).toMatch(/aliases/i);
    expect(stack.simulator.calls()).toHaveLength(0);
  });

  it('counts `connections` by the connections the caller may use', async () => {
    const query = '{ connections { workspace { tags { id } } } }';

    const one = await stack.query(query, undefined, { key: euOnly.key });
    const all = await stack.query(query, undefined, { key: analyst.key });

    expect(costOf(one).estimatedCalls).toBe(1);
    expect(costOf(one).budgets.map((b) => b.connectionId)).toEqual([
      CONNECTIONS.eu,
    ]);
    expect(costOf(all).estimatedCalls).toBe(3);
    expect(costOf(all).budgets.map((b) => b.connectionId)).toEqual(
      Object.values(CONNECTIONS).sort(),
    );
  });
});

const FIFTY_CONVERSATIONS = `query Fifty($id: ID!) {
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
}`;

const DIRECTORY = `query Directory($id: ID!) {
  connection(id: $id) {
    workspace {
      name
      timezone
      admins { id name teams { id name } }
      teams { id name admins { id name } }
      tags { id name }
      segments { id name count }
    }
  }
}`;

const ONE_CONVERSATION = `query One($id: ID!, $conversation: ID!) {
  connection(id: $id) {
    workspace {
      conversation(id: $conversation) {
        id
        partsTotalCount
        parts {
          id
          partType
          author { type name admin { id name } contact { id name } }
        }
      }
    }
  }
}`;

/** The EU conversation with the most parts: Intercom serves 500 of them. */
function longestEuConversation(): string {
  const { conversations } = stack.simulator.regions.eu.workspace;
  const longest = [...conversations].sort(
    (a, b) =>
      b.conversation_parts.conversation_parts.length -
      a.conversation_parts.conversation_parts.length,
  )[0];
  if (!longest) throw new Error('the EU workspace has no conversations');
  return longest.id;
}

/** Runs a query cold (empty cache), then warm, with the calls each made. */
async function coldThenWarm(query: string, variables: Record<string, unknown>) {
  const cold = await stack.query(query, variables, { key: analyst.key });
  const coldCalls = stack.simulator.calls().map(endpoint);
  stack.simulator.resetCalls();
  const warm = await stack.query(query, variables, { key: analyst.key });
  const warmCalls = stack.simulator.calls().map(endpoint);
  return { cold, coldCalls, warm, warmCalls };
}

describe('extensions.cost', () => {
  it('reports the calls of 50 conversations with their assignees, tags and contacts, cold and warm', async () => {
    const run = await coldThenWarm(FIFTY_CONVERSATIONS, {
      id: CONNECTIONS.eu,
    });

    expect(run.cold.errors).toBeUndefined();
    expect(run.coldCalls.sort()).toEqual([
      'GET /admins',
      'GET /conversations',
      'GET /teams',
      'POST /contacts/search',
    ]);
    // Not exact: 5 contacts are assumed per conversation (2 searches and
    // 25 reads by id for 250 ids); these 50 name about 100 in all.
    expect(costOf(run.cold)).toMatchObject({
      estimatedCalls: 30,
      limit: 500,
      upstreamCalls: 4,
      cacheHits: 0,
    });
    expect(run.warmCalls).toEqual([]);
    expect(costOf(run.warm)).toMatchObject({
      estimatedCalls: 30,
      upstreamCalls: 0,
      cacheHits: 4,
    });
  });

  it('reports exactly the calls of the workspace directory, cold and warm', async () => {
    const run = await coldThenWarm(DIRECTORY, { id: CONNECTIONS.eu });

    expect(run.cold.errors).toBeUndefined();
    expect(run.coldCalls.sort()).toEqual([
      'GET /admins',
      'GET /me',
      'GET /segments',
      'GET /tags',
      'GET /teams',
    ]);
    // Exact: every list is one call however many rows refer to it.
    expect(costOf(run.cold)).toMatchObject({
      estimatedCalls: 5,
      upstreamCalls: 5,
      cacheHits: 0,
    });
    expect(run.warmCalls).toEqual([]);
    expect(costOf(run.warm)).toMatchObject({
      estimatedCalls: 5,
      upstreamCalls: 0,
      cacheHits: 5,
    });
  });

  it('reports the calls of one long conversation with its parts and authors, cold and warm', async () => {
    const run = await coldThenWarm(ONE_CONVERSATION, {
      id: CONNECTIONS.eu,
      conversation: longestEuConversation(),
    });

    expect(run.cold.errors).toBeUndefined();
    expect(run.coldCalls.sort()).toEqual([
      'GET /admins',
      'GET /conversations/:id',
      'POST /contacts/search',
    ]);
    // Not exact: the parts are assumed to name 5 contacts, the most a
    // conversation is assumed to have (1 search, 1 read by id for the
    // share search misses); this thread names one, which search finds.
    expect(costOf(run.cold)).toMatchObject({
      estimatedCalls: 4,
      upstreamCalls: 3,
      cacheHits: 0,
    });
    expect(run.warmCalls).toEqual([]);
    expect(costOf(run.warm)).toMatchObject({
      estimatedCalls: 4,
      upstreamCalls: 0,
      cacheHits: 3,
    });
  });

  it('stays above the calls made when search misses contacts, and reports them on an answer with errors', async () => {
    // The US workspace's first conversations name contacts that search
    // does not return (new, deleted, merged): each is read by id, and the
    // deleted ones fail their own fields.
    const answer = await stack.query(
      FIFTY_CONVERSATIONS,
      { id: CONNECTIONS.us },
      { key: analyst.key },
    );
    const calls = stack.simulator.calls().map(endpoint);
    const readsById = calls.filter((call) => call === 'GET /contacts/:id');

    expect(answer.errors?.map((error) => error.extensions?.code)).toContain(
      'NOT_FOUND',
    );
    expect(readsById.length).toBeGreaterThan(0);
    expect(costOf(answer).upstreamCalls).toBe(calls.length);
    expect(costOf(answer).estimatedCalls).toBeGreaterThanOrEqual(calls.length);
  });

  it('reports exactly the calls of checkConnection', async () => {
    const answer = await stack.query(
      `mutation { checkConnection(id: "${CONNECTIONS.eu}") { status } }`,
      undefined,
      { key: analyst.key },
    );

    // GET /me, the one-row probes of contacts and conversations, and the
    // conversation that probe returned, read by id.
    expect(stack.simulator.calls().map(endpoint).sort()).toEqual([
      'GET /contacts',
      'GET /conversations',
      'GET /conversations/:id',
      'GET /me',
    ]);
    expect(costOf(answer)).toMatchObject({
      estimatedCalls: 4,
      upstreamCalls: 4,
    });
  });

  it('counts a status still fresh from the last check as no call, and a stale one as four', async () => {
    const status = `{ connection(id: "${CONNECTIONS.eu}") { status } }`;

    // The gateway checked every connection as it started.
    const fresh = await stack.query(status, undefined, { key: analyst.key });
    expect(stack.simulator.calls()).toEqual([]);
    expect(costOf(fresh)).toMatchObject({
      estimatedCalls: 0,
      upstreamCalls: 0,
    });

    // A minute on, the check is stale and the status costs its calls again.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
    try {
      const stale = await stack.query(status, undefined, { key: analyst.key });
      expect(stack.simulator.calls()).toHaveLength(4);
      expect(costOf(stale)).toMatchObject({
        estimatedCalls: 4,
        upstreamCalls: 4,
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports what is left of the connection’s Intercom budget as the simulator’s headers say', async () => {
    const { eu } = stack.simulator.regions;

    // A window can end between the answer and the look at the headers;
    // then both are taken again in the next one.
    for (let attempt = 1; ; attempt += 1) {
      const answer = await stack.query(
        DIRECTORY,
        { id: CONNECTIONS.eu },
        { key: analyst.key },
      );
      const probe = await fetch(`${eu.url}/me`, {
        headers: {
          authorization: `Bearer ${eu.token}`,
          accept: 'application/json',
          'intercom-version': INTERCOM_API_VERSION,
        },
      });
      await probe.body?.cancel();
      const header = (name: string) => Number(probe.headers.get(name));
      const resetAt = new Date(
        header('x-ratelimit-reset') * 1000,
      ).toISOString();
      const [budget] = costOf(answer).budgets;
      if (budget?.resetAt !== resetAt && attempt < 3) continue;

      expect(costOf(answer).budgets).toHaveLength(1);
      // The look at the headers spent one more call of the same window.
      expect(budget).toEqual({
        connectionId: CONNECTIONS.eu,
        remaining: header('x-ratelimit-remaining') + 1,
        limit: header('x-ratelimit-limit'),
        resetAt,
      });
      return;
    }
  });
});
