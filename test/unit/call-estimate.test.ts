import {
  extendSchema,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateCalls } from '../../src/graphql/call-estimate.js';
import { buildSchema } from '../../src/graphql/schema.js';

const schema = buildSchema();

/**
 * The token mutations come with the admin schema; where this tree does not
 * have them yet, they are declared here, so the rules for them are tested
 * either way.
 */
const mutations = schema.getMutationType()?.getFields() ?? {};
const adminSchema =
  'testIntercomToken' in mutations
    ? schema
    : extendSchema(
        schema,
        parse(`extend type Mutation {
          testIntercomToken(region: Region!, token: String!): Boolean
          addConnection(id: ID!, region: Region!, token: String!): IntercomConnection!
          removeConnection(id: ID!): Boolean
        }`),
      );

interface Options {
  variables?: Record<string, unknown>;
  connectionIds?: string[];
  healthIsFresh?: (id: string) => boolean;
  schema?: GraphQLSchema;
}

function estimate(query: string, options: Options = {}): number {
  const document = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments[definition.name.value] = definition;
    } else if (definition.kind === Kind.OPERATION_DEFINITION) {
      operation = definition;
    }
  }
  if (!operation) throw new Error('no operation');
  return estimateCalls({
    schema: options.schema ?? schema,
    operation,
    fragments,
    variables: options.variables ?? {},
    connectionIds: options.connectionIds ?? ['a', 'b', 'c'],
    ...(options.healthIsFresh ? { healthIsFresh: options.healthIsFresh } : {}),
  });
}

/** `selection` inside the workspace of connection "a". */
function inWorkspace(selection: string): string {
  return `{ connection(id: "a") { workspace { ${selection} } } }`;
}

describe('estimateCalls for pages and records read by id', () => {
  it('counts one call per page and one per record read by id below it', () => {
    // The page, then each contact's segments, one contact a call.
    expect(
      estimate(
        inWorkspace('contacts(first: 20) { nodes { segments { id } } }'),
      ),
    ).toBe(1 + 20);
  });

  it('takes `first` from variables, and the list’s default when it is left out', () => {
    const query = `query Q($n: Int) {
      connection(id: "a") {
        workspace { contacts(first: $n) { nodes { segments { id } } } }
      }
    }`;

    expect(estimate(query, { variables: { n: 7 } })).toBe(1 + 7);
    expect(estimate(query)).toBe(1 + 50);
  });

  it('bounds `first` at Intercom’s largest page', () => {
    expect(
      estimate(
        inWorkspace(
          'contacts(first: 2147483647) { edges { node { segments { id } } } }',
        ),
      ),
    ).toBe(1 + 150);
  });

  it('multiplies nested lists by the sizes assumed for them', () => {
    // 20 conversations with 5 contacts each: 100 contact ids in one batch
    // (1 search and 10 reads by id), then each contact's segments.
    expect(
      estimate(
        inWorkspace(
          'conversations(first: 20) { nodes { contacts { segments { id } } } }',
        ),
      ),
    ).toBe(1 + 1 + 10 + 100);
  });

  it('counts companies by id at most as the pages of a large workspace’s list', () => {
    // 20 contacts with 10 companies each: 200 ids in one batch, found in
    // at most 17 pages of companies.
    expect(
      estimate(
        inWorkspace('contacts(first: 20) { nodes { companies { id } } }'),
      ),
    ).toBe(1 + 17);
  });

  it('counts each data attribute list and each activity log page', () => {
    expect(
      estimate(
        inWorkspace(`
          contact: dataAttributes(model: CONTACT) { name }
          company: dataAttributes(model: COMPANY) { name }
          activityLogs(createdAfter: "2024-01-01T00:00:00Z") {
            nodes { performedBy { id } }
          }
        `),
      ),
    ).toBe(2 + 1 + 1);
  });
});

describe('estimateCalls for the directory', () => {
  it('reads each directory list once per connection, however many rows need it', () => {
    const query = inWorkspace(`
      name
      timezone
      admins { teams { admins { id } } }
      teams { admins { id } }
      tags { id }
      conversations(first: 50) {
        nodes {
          adminAssignee { id }
          teamAssignee { id }
          tags { id }
          statistics { lastClosedBy { id } }
        }
      }
      contacts(first: 50) { nodes { owner { id } tags { id } } }
    `);

    // GET /me, /admins, /teams, /tags, and the two pages.
    expect(estimate(query)).toBe(4 + 2);
  });

  it('reads them for each connection the caller may use', () => {
    const query = '{ connections { workspace { name tags { id } } } }';

    expect(estimate(query, { connectionIds: ['a', 'b'] })).toBe(2 * 2);
    expect(estimate(query, { connectionIds: ['a', 'b', 'c'] })).toBe(3 * 2);
  });

  it('shares the reads of a connection asked for twice, and costs nothing for one the caller may not use', () => {
    const query = `{
      connections { workspace { tags { id } } }
      again: connection(id: "a") { workspace { tags { id } } }
      other: connection(id: "z") { workspace { tags { id } admins { id } } }
    }`;

    expect(estimate(query, { connectionIds: ['a', 'b'] })).toBe(2);
  });
});

describe('estimateCalls for settings, the overview and security events', () => {
  it('reads each setting once per connection, identity verification with GET /me', () => {
    expect(
      estimate(
        inWorkspace(`name identityVerification ipAllowlist { entries }
          brands { id } awayStatusReasons { id } activityLogEventTypes`),
      ),
    ).toBe(5);
  });

  it('counts one read per fact of the overview, shared reads once', () => {
    expect(
      estimate(
        inWorkspace(`overview {
          identityVerification ipAllowlistEnabled ipAllowlistEntryCount
          adminCount adminsByRole { adminCount } adminsWithInboxSeat
          teamCount tagCount contactCount openConversationCount
          lastSecuritySettingsChangeAt
        } admins { id }`),
      ),
    ).toBe(8);
  });

  it("counts the admins' away reasons and team priorities as their lists", () => {
    expect(
      estimate(
        inWorkspace(`admins(filter: { hasRole: true }) {
          awayStatusReason { id } primaryTeams { primaryAdmins { id } }
          secondaryTeams { secondaryAdmins { id } }
        }`),
      ),
    ).toBe(3);
  });

  it('counts a page of security events and the admins behind them', () => {
    expect(
      estimate(
        inWorkspace(`securityEvents(since: "2026-01-01T00:00:00Z", first: 150) {
          nodes { performedBy { teams { id } } }
        }`),
      ),
    ).toBe(3);
  });
});

describe('estimateCalls for contacts by id', () => {
  const conversationsWithContacts = (first: number) =>
    inWorkspace(`conversations(first: ${first}) { nodes { contacts { id } } }`);

  it('searches 150 ids at a time, and reads by id one in ten of them', () => {
    // 50 conversations of 5 contacts: 250 ids, 2 searches and 25 reads.
    expect(estimate(conversationsWithContacts(50))).toBe(1 + 2 + 25);
    // 150 conversations: 750 ids, 5 searches and 75 reads.
    expect(estimate(conversationsWithContacts(150))).toBe(1 + 5 + 75);
  });

  it('batches the contacts of separate lists apart, since their pages arrive apart', () => {
    const twoLists = inWorkspace(`
      a: conversations(first: 10) { nodes { contacts { id } } }
      b: conversations(first: 10) { nodes { contacts { id } } }
    `);

    // Each list: its page, one search and 5 reads for its 50 ids.
    expect(estimate(twoLists)).toBe(2 * (1 + 1 + 5));
    expect(estimate(conversationsWithContacts(20))).toBe(1 + 1 + 10);
  });

  it('batches the rating’s contact with the participants of the same page', () => {
    const query = inWorkspace(`
      conversations(first: 10) {
        nodes { contacts { id } rating { contact { id } } }
      }
    `);

    // 50 participants and 10 raters: 60 ids, one search and 6 reads.
    expect(estimate(query)).toBe(1 + 1 + 6);
  });

  it('searches once for the contacts a workspace names by id', () => {
    expect(
      estimate(
        inWorkspace('x: contact(id: "1") { id } y: contact(id: "2") { id }'),
      ),
    ).toBe(1 + 1);
  });
});

describe('estimateCalls for conversation parts', () => {
  it('reads a listed conversation again once for all its part fields', () => {
    const query = inWorkspace(`
      conversations(first: 10) {
        nodes { parts { id } partsTotalCount partsTruncated }
      }
    `);

    expect(estimate(query)).toBe(1 + 10);
  });

  it('reads a conversation asked for by id once, its parts included', () => {
    expect(
      estimate(
        inWorkspace('conversation(id: "1") { parts { id } partsTotalCount }'),
      ),
    ).toBe(1);
  });

  it('counts the authors of up to 500 parts as the admins and the conversation’s contacts', () => {
    const query = inWorkspace(`
      conversation(id: "1") {
        parts { author { admin { id } contact { id } } }
      }
    `);

    // The conversation, /admins, and the contacts that wrote its parts:
    // its 5 participants however many parts (1 search, 1 read by id).
    expect(estimate(query)).toBe(1 + 1 + 1 + 1);
  });

  it('counts the part authors of listed conversations by their participants', () => {
    const query = inWorkspace(`
      conversations(first: 10) {
        nodes { parts { author { contact { name } } } }
      }
    `);

    // The page, each conversation read again for its parts, and 5 contacts
    // for each of the 10: 50 ids, 1 search and 5 reads by id.
    expect(estimate(query)).toBe(1 + 10 + 1 + 5);
  });
});

describe('estimateCalls for connection health', () => {
  it('counts one check per connection for all its status fields', () => {
    const query = `{
      connections { status statusMessage checkedAt missingScopes }
      again: connection(id: "a") { tokenRegion }
    }`;

    expect(estimate(query)).toBe(3 * 4);
  });

  it('counts no check where a fresh one is kept', () => {
    expect(
      estimate('{ connections { status } }', {
        healthIsFresh: (id) => id === 'a',
      }),
    ).toBe(2 * 4);
  });
});

describe('estimateCalls for documents', () => {
  it('counts fragments, inline fragments and aliases', () => {
    const query = `
      fragment Segments on ContactConnection { nodes { segments { id } } }
      {
        connection(id: "a") {
          workspace {
            x: contacts(first: 5) { ...Segments ...Segments }
            y: contacts(first: 5) {
              ... on ContactConnection { nodes { segments { id } } }
            }
          }
        }
      }
    `;

    // A fragment spread twice in one selection runs once.
    expect(estimate(query)).toBe(2 * (1 + 5));
  });

  it('leaves out what @skip and @include leave out', () => {
    const query = `query Q($on: Boolean!) {
      connection(id: "a") {
        workspace { tags @include(if: $on) { id } admins @skip(if: true) { id } }
      }
    }`;

    expect(estimate(query, { variables: { on: false } })).toBe(0);
    expect(estimate(query, { variables: { on: true } })).toBe(1);
  });

  it('costs nothing for __typename and introspection', () => {
    expect(estimate('{ __typename __schema { types { name } } }')).toBe(0);
  });
});

describe('estimateCalls for mutations', () => {
  it('counts checkConnection as a health check, which its status fields then read', () => {
    const query = `mutation {
      checkConnection(id: "a") { status statusMessage workspace { name } }
    }`;

    expect(estimate(query)).toBe(4 + 1);
  });

  it('checks again for each checkConnection, and not for a connection the caller may not use', () => {
    const query = `mutation {
      one: checkConnection(id: "a") { status }
      two: checkConnection(id: "a") { status }
      other: checkConnection(id: "z") { status }
    }`;

    expect(estimate(query)).toBe(2 * 4);
  });

  it('counts a token test as 6 calls, and a connection it adds as a new one', () => {
    const options = { schema: adminSchema };

    expect(
      estimate(
        'mutation { testIntercomToken(region: EU, token: "t") { __typename } }',
        options,
      ),
    ).toBe(6);
    // The added connection's status is a check of its own.
    expect(
      estimate(
        'mutation { addConnection(id: "n", region: EU, token: "t") { status } }',
        options,
      ),
    ).toBe(6 + 4);
    expect(
      estimate(
        'mutation { removeConnection(id: "a") { __typename } }',
        options,
      ),
    ).toBe(0);
  });

  it('counts a mutation it does not know as a token test', () => {
    const extended = extendSchema(
      schema,
      parse('extend type Mutation { rotateToken(id: ID!): Boolean }'),
    );

    expect(
      estimate('mutation { rotateToken(id: "a") }', { schema: extended }),
    ).toBe(6);
  });
});
