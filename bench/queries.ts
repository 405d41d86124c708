/**
 * The benchmark's named queries, with the fewest Intercom calls and
 * sequential round trips each can be answered in. `npm run bench` runs
 * them for figures; test/gateway/floor.test.ts runs them for the counts,
 * so a change that costs a call or a round trip more fails the tests.
 */
import type { SimulatedWorkspace } from '../src/simulator/index.js';

/** One GraphQL request as the benchmark sends it. */
export interface BenchRequest {
  query: string;
  variables: Record<string, unknown>;
}

/** Sends one request and returns its `data`, failing on any error. */
export type Send = (request: BenchRequest) => Promise<unknown>;

export interface BenchQuery {
  name: string;
  title: string;
  /**
   * The requests of one run: one for most queries, one per page for a
   * walk, each page asked with the cursor the previous one returned.
   */
  run(
    send: Send,
    connectionId: string,
    data: SimulatedWorkspace,
  ): Promise<void>;
  /**
   * The fewest Intercom calls and sequential round trips a cold run can
   * take against the simulator's workspace, and why.
   */
  floor(data: SimulatedWorkspace): { calls: number; roundTrips: number };
  why: string;
}

/** Intercom's largest page of contacts. */
const PAGE = 150;

const Q1 = `query FiftyConversations($id: ID!) {
  connection(id: $id) {
    workspace {
      conversations(first: 50) {
        nodes {
          id
          state
          adminAssignee { id name }
          teamAssignee { id name }
          tags { id name }
          contacts { id name email }
        }
      }
    }
  }
}`;

const Q2 = `query HundredContacts($id: ID!) {
  connection(id: $id) {
    workspace {
      contacts(first: 100) {
        nodes {
          id
          name
          email
          owner { id name }
          tags { id name }
          companies { id name }
        }
      }
    }
  }
}`;

const Q3 = `query WorkspaceDirectory($id: ID!) {
  connection(id: $id) {
    workspace {
      teams { id name admins { id name } }
      admins { id name email teams { id name } }
      tags { id name }
    }
  }
}`;

const Q4 = `query ContactWalk($id: ID!, $after: String) {
  connection(id: $id) {
    workspace {
      contacts(first: ${PAGE}, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id name email updatedAt }
      }
    }
  }
}`;

const Q5 = `query ConversationThread($id: ID!, $conversation: ID!) {
  connection(id: $id) {
    workspace {
      conversation(id: $conversation) {
        id
        parts {
          id
          partType
          createdAt
          author { type name admin { id name } contact { id name } }
        }
      }
    }
  }
}`;

const Q6 = `query AccessReview($id: ID!) {
  connection(id: $id) {
    workspace {
      overview {
        identityVerification
        ipAllowlistEnabled
        ipAllowlistEntryCount
        adminCount
        adminsByRole { role { id name } adminCount }
        adminsWithInboxSeat
        teamCount
        tagCount
        contactCount
        openConversationCount
        lastSecuritySettingsChangeAt
      }
    }
  }
}`;

interface WalkPage {
  connection: {
    workspace: {
      contacts: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
  };
}

/** A walk over every contact, page by page, each after the last cursor. */
async function walkContacts(send: Send, connectionId: string): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const page = (await send({
      query: Q4,
      variables: { id: connectionId, after },
    })) as WalkPage;
    const { hasNextPage, endCursor } =
      page.connection.workspace.contacts.pageInfo;
    if (!hasNextPage || endCursor === null) return;
    after = endCursor;
  }
}

const one =
  (
    query: string,
    variables: (
      data: SimulatedWorkspace,
    ) => Record<string, unknown> = () => ({}),
  ) =>
  async (send: Send, connectionId: string, data: SimulatedWorkspace) => {
    await send({ query, variables: { id: connectionId, ...variables(data) } });
  };

export const BENCH_QUERIES: readonly BenchQuery[] = [
  {
    name: 'Q1',
    title: '50 conversations with assignees, tags and contacts',
    run: one(Q1),
    floor: () => ({ calls: 4, roundTrips: 2 }),
    why: 'the page, then the admin and team lists and one contact search at once',
  },
  {
    name: 'Q2',
    title: '100 contacts with owner, tags and companies',
    run: one(Q2),
    floor: () => ({ calls: 4, roundTrips: 2 }),
    why: 'the page, then the admin and tag lists and one page of companies at once',
  },
  {
    name: 'Q3',
    title: 'workspace directory: teams, admins, tags',
    run: one(Q3),
    floor: () => ({ calls: 3, roundTrips: 1 }),
    why: 'the team, admin and tag lists at once',
  },
  {
    name: 'Q4',
    title: 'walk over every contact, 150 a page',
    run: walkContacts,
    floor: (data) => {
      const pages = Math.max(1, Math.ceil(data.contacts.length / PAGE));
      return { calls: pages, roundTrips: pages };
    },
    why: 'one call per page, each after the cursor of the one before',
  },
  {
    name: 'Q5',
    title: 'a conversation with its parts and their authors',
    run: one(Q5, (data) => ({ conversation: data.longConversationId })),
    floor: () => ({ calls: 3, roundTrips: 2 }),
    why: 'the conversation, then the admin list and one contact search at once',
  },
  {
    name: 'Q6',
    title: "an access review's overview of a workspace",
    run: one(Q6),
    floor: () => ({ calls: 8, roundTrips: 1 }),
    why: 'one read per fact (me, allowlist, admins, teams, tags, two counts, one activity search), all at once',
  },
];
