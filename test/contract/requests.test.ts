/**
 * Every request the gateway sends Intercom is one that Intercom's OpenAPI
 * description (2.16) declares: its query and path parameters, its JSON
 * body, its `Intercom-Version` and `Accept` headers. Real queries run
 * through the gateway against the simulator, and each request the
 * simulator logged is checked against the operation it was sent to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorCall } from '../../src/simulator/index.js';
import { iso } from '../support/expect.js';
import {
  CONNECTIONS,
  startStack,
  type GraphQLAnswer,
  type Stack,
} from '../support/stack.js';
import { OPENAPI_FILE, OpenApiResponses, openapiAvailable } from './openapi.js';
import { requestProblems, UNDECLARED_PARAMETERS } from './requests.js';

/** Each filter of a search body as "field operator", at any depth. */
function searchTerms(body: unknown): string[] {
  const terms: string[] = [];
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    const { field, operator, value } = node as Record<string, unknown>;
    if (typeof field === 'string') terms.push(`${field} ${String(operator)}`);
    if (Array.isArray(value)) value.forEach(visit);
  };
  visit((body as { query?: unknown } | undefined)?.query);
  return terms;
}

type When = (call: SimulatorCall) => boolean;
const sends =
  (...names: string[]): When =>
  (call) =>
    names.every((name) => name in call.query);
const filters =
  (...terms: string[]): When =>
  (call) =>
    terms.every((term) => searchTerms(call.body).includes(term));
const laterPage: When = (call) =>
  'starting_after' in call.query ||
  typeof (
    call.body as { pagination?: { starting_after?: unknown } } | undefined
  )?.pagination?.starting_after === 'string';
const firstPage: When = (call) => !laterPage(call);
/** The activity log search takes its page size in the body. */
const searchPerPage =
  (perPage: number): When =>
  (call) =>
    (call.body as { per_page?: unknown } | undefined)?.per_page === perPage;
const answered =
  (status: number): When =>
  (call) =>
    call.status === status;

/** The filters the gateway's contact and conversation filters become. */
const DATES = ['created_at >', 'created_at <', 'updated_at >', 'updated_at <'];
const CONTACT_TERMS = ['email =', 'role =', 'id IN', ...DATES];
const CONVERSATION_TERMS = [
  'state =',
  'open =',
  'admin_assignee_id =',
  'team_assignee_id =',
  'tag_ids =',
  'contact_ids =',
  ...DATES,
];

/** An operation, and what tells this use of it apart. */
type Use = readonly [label: string, how?: string, when?: When];

const searchBy =
  (label: string) =>
  (term: string): Use => [label, `by ${term}`, filters(term)];
const paged = (label: string): Use[] => [
  [label, 'first page', firstPage],
  [label, 'a later page', laterPage],
];

/**
 * Every use of Intercom the queries below must make. A query that stops
 * reaching one fails the suite, rather than leaving that request of the
 * gateway unchecked.
 */
const EXERCISED: readonly Use[] = [
  ['GET /me'],
  ['GET /admins'],
  ['GET /teams'],
  ['GET /tags'],
  ['GET /segments', 'with include_count', sends('include_count')],
  ...['contact', 'company'].map((model): Use => [
    'GET /data_attributes',
    `for model=${model} with include_archived`,
    (call) => call.query.model === model && sends('include_archived')(call),
  ]),
  [
    'GET /conversations/attributes',
    'with include_archived',
    sends('include_archived'),
  ],
  ['GET /companies', 'with page and per_page', sends('page', 'per_page')],
  ['GET /companies/{company_id}'],
  ...paged('GET /contacts'),
  ['GET /contacts/{contact_id}', 'of a contact', answered(200)],
  ['GET /contacts/{contact_id}', 'of a merged contact', answered(410)],
  ['GET /contacts/{contact_id}/segments'],
  ...CONTACT_TERMS.map(searchBy('POST /contacts/search')),
  ['POST /contacts/search', 'a later page', laterPage],
  ...paged('GET /conversations'),
  ['GET /conversations/{conversation_id}'],
  ...CONVERSATION_TERMS.map(searchBy('POST /conversations/search')),
  ['POST /conversations/search', 'a later page', laterPage],
  ...paged('GET /admins/activity_logs'),
  [
    'GET /admins/activity_logs',
    'with created_at_before',
    sends('created_at_before'),
  ],
  ['GET /ip_allowlist'],
  ['GET /brands'],
  ['GET /away_status_reasons'],
  ['GET /admins/activity_log_event_types'],
  ['GET /contacts', 'for its count', (call) => call.query.per_page === '1'],
  ['POST /conversations/search', 'for a count', filters('state =')],
  ['POST /admins/activity_logs/search', 'one row', searchPerPage(1)],
  ['POST /admins/activity_logs/search', 'a page', searchPerPage(150)],
  [
    'POST /admins/activity_logs/search',
    'with created_at_before, as later pages are',
    (call) => 'created_at_before' in (call.body as object),
  ],
];

/** A record the simulator's data must hold for a query to be written. */
function needed<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) {
    throw new Error(`the simulator's EU workspace has no ${what}`);
  }
  return value;
}

const DAY_SECONDS = 24 * 60 * 60;

/** One aliased read of a list's first five rows per filter. */
function filtered(list: string, filters: Record<string, string>): string {
  return Object.entries(filters)
    .map(([alias, filter]) => `${alias}: ${list}(first: 5, filter: ${filter})`)
    .map((read) => `${read} { nodes { id } }`)
    .join('\n');
}

describe.skipIf(!openapiAvailable)(
  `the gateway's requests validate against ${OPENAPI_FILE} (skipped when that file is absent)`,
  () => {
    let openapi: OpenApiResponses;
    let stack: Stack;
    /** What went wrong while querying: GraphQL errors and short walks. */
    const failures: string[] = [];

    /** One query on the EU connection; its errors become failures. */
    async function ask<T>(
      name: string,
      query: string,
      variables: Record<string, unknown> = {},
    ): Promise<T | undefined> {
      const answer: GraphQLAnswer<T> = await stack.query<T>(query, {
        connection: CONNECTIONS.eu,
        ...variables,
      });
      for (const error of answer.errors ?? []) {
        failures.push(
          `${name}: ${error.message} (${String(error.extensions?.code)} at ${error.path?.join('.') ?? '-'})`,
        );
      }
      return answer.data ?? undefined;
    }

    /** A list's first page and the one after it, as a client pages. */
    async function twoPages(name: string, list: string): Promise<void> {
      let after: string | null = null;
      for (const page of [1, 2]) {
        const data: PageAnswer | undefined = await ask(
          `${name}, page ${page}`,
          `query Page($connection: ID!, $after: String) {
            connection(id: $connection) {
              workspace {
                list: ${list} {
                  nodes { id }
                  pageInfo { hasNextPage endCursor }
                }
              }
            }
          }`,
          { after },
        );
        const info: Page['pageInfo'] | undefined =
          data?.connection?.workspace?.list.pageInfo;
        if (page === 1 && !info?.hasNextPage) {
          failures.push(`${name}: the first page is the last, nothing to walk`);
        }
        after = info?.endCursor ?? null;
      }
    }

    interface Page {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    }
    /** A failed read nulls the workspace, or the connection above it. */
    interface PageAnswer {
      connection: { workspace: { list: Page } | null } | null;
    }

    beforeAll(async () => {
      openapi = new OpenApiResponses();
      stack = await startStack();
      const data = stack.simulator.regions.eu.workspace;
      const unindexed = new Set(data.unindexedContactIds);
      const deleted = new Set(data.deletedContactIds);
      const from = iso(data.referenceTime - 90 * DAY_SECONDS);
      const to = iso(data.referenceTime);

      // The connection's health, the workspace and its directory.
      await ask(
        'directory',
        `query Directory($connection: ID!, $company: ID!) {
          connection(id: $connection) {
            status
            workspace {
              name
              admins { id teams { id } }
              teams { id admins { id } }
              tags { id }
              segments { id count }
              contact: dataAttributes(model: CONTACT) { name }
              company: dataAttributes(model: COMPANY) { name }
              conversation: dataAttributes(model: CONVERSATION) { name }
              companies(first: 60) { nodes { id } }
              byId: company(id: $company) { id }
            }
          }
        }`,
        { company: needed(data.companies[0]?.id, 'company') },
      );

      // Contacts by id (one search has not indexed yet, one merged away),
      // with their relations, and every contact filter.
      await ask(
        'contacts',
        `query Contacts($connection: ID!, $unindexed: ID!, $merged: ID!,
            $email: String!, $from: DateTime!, $to: DateTime!) {
          connection(id: $connection) {
            workspace {
              unindexed: contact(id: $unindexed) {
                id owner { id } companies { id } segments { id }
              }
              merged: contact(id: $merged) { id }
              ${filtered('contacts', {
                email: '{ email: $email }',
                role: '{ role: LEAD }',
                created: '{ createdAfter: $from, createdBefore: $to }',
                updated: '{ updatedAfter: $from, updatedBefore: $to }',
              })}
            }
          }
        }`,
        {
          unindexed: needed(data.unindexedContactIds[0], 'unindexed contact'),
          merged: needed(data.mergedContacts[0]?.id, 'merged contact'),
          email: needed(
            data.contacts.find((c) => c.email && !unindexed.has(c.id))?.email,
            'contact with an email',
          ),
          from,
          to,
        },
      );
      await twoPages('contacts', 'contacts(first: 150, after: $after)');
      await twoPages(
        'users',
        'contacts(first: 10, after: $after, filter: { role: USER })',
      );

      // Conversations with their parts and contacts: the contacts of all
      // of them are asked for at once, as one id IN search. Conversations
      // naming a deleted contact would answer with an error, so they are
      // left out.
      const { conversations } = data;
      const picked = conversations
        .filter((c) => c.contacts.contacts.every((r) => !deleted.has(r.id)))
        .slice(0, 5);
      await ask(
        'conversations by id',
        `query Conversations($connection: ID!) {
          connection(id: $connection) {
            workspace {
              ${picked
                .map((c, i) => `c${i}: conversation(id: "${c.id}")`)
                .map((read) => `${read} { id parts { id } contacts { id } }`)
                .join('\n')}
            }
          }
        }`,
      );

      // Every conversation filter, then the plain list and a search paged.
      await ask(
        'conversation filters',
        `query Filters($connection: ID!, $admin: ID!, $team: ID!, $tag: ID!,
            $contact: ID!, $from: DateTime!, $to: DateTime!) {
          connection(id: $connection) {
            workspace {
              ${filtered('conversations', {
                state: '{ state: OPEN }',
                open: '{ open: true }',
                admin: '{ adminAssigneeId: $admin }',
                team: '{ teamAssigneeId: $team }',
                tag: '{ tagId: $tag }',
                contact: '{ contactId: $contact }',
                created: '{ createdAfter: $from, createdBefore: $to }',
                updated: '{ updatedAfter: $from, updatedBefore: $to }',
              })}
            }
          }
        }`,
        {
          admin: String(
            needed(
              conversations.find((c) => c.admin_assignee_id)?.admin_assignee_id,
              'assigned conversation',
            ),
          ),
          team: String(
            needed(
              conversations.find((c) => c.team_assignee_id)?.team_assignee_id,
              'conversation assigned to a team',
            ),
          ),
          tag: needed(
            conversations.find((c) => c.tags.tags.length > 0)?.tags.tags[0]?.id,
            'tagged conversation',
          ),
          contact: needed(
            picked[0]?.contacts.contacts[0]?.id,
            'conversation with a contact',
          ),
          from,
          to,
        },
      );
      await twoPages(
        'conversations',
        'conversations(first: 100, after: $after)',
      );
      await twoPages(
        'open conversations',
        'conversations(first: 5, after: $after, filter: { state: OPEN })',
      );

      // The activity log, whole and within a range.
      const epoch = String(iso(0));
      await twoPages(
        'activity log',
        `activityLogs(createdAfter: "${epoch}", first: 150, after: $after)`,
      );
      await ask(
        'activity range',
        `query Range($connection: ID!, $from: DateTime!, $to: DateTime!) {
          connection(id: $connection) {
            workspace {
              activityLogs(createdAfter: $from, createdBefore: $to, first: 5) {
                nodes { id performedBy { id } }
              }
            }
          }
        }`,
        { from, to },
      );

      // Settings, admins of an access review, security events paged and
      // within a range, and the overview's counts.
      await ask(
        'settings',
        `query Settings($connection: ID!, $from: DateTime!, $to: DateTime!) {
          connection(id: $connection) {
            workspace {
              identityVerification
              ipAllowlist { enabled entries }
              brands { id }
              awayStatusReasons { id }
              activityLogEventTypes
              admins(filter: { hasInboxSeat: true }) {
                id role { id } awayStatusReason { id } primaryTeams { id }
              }
              teams { secondaryAdmins { id } }
              overview { contactCount openConversationCount lastSecuritySettingsChangeAt }
              range: securityEvents(since: $from, until: $to, first: 5) {
                nodes { id before after }
              }
            }
          }
        }`,
        { from, to },
      );
      await twoPages(
        'security events',
        `securityEvents(since: "${epoch}", first: 150, after: $after)`,
      );
    });

    afterAll(() => stack.close());

    it('answers every query without errors, so each call happened', () => {
      expect(failures).toEqual([]);
    });

    it('sends each request with the parameters, body and headers its operation declares', () => {
      const calls = stack.simulator.calls();
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.flatMap((call) => requestProblems(openapi, call))).toEqual(
        [],
      );
    });

    it('reaches every Intercom endpoint the gateway reads', () => {
      const calls = stack.simulator.calls().map((call) => ({
        call,
        label: openapi.operation(call.method, call.path)?.label,
      }));
      const missing = EXERCISED.filter(
        ([label, , when]) =>
          !calls.some((c) => c.label === label && (when?.(c.call) ?? true)),
      ).map(([label, how]) => (how ? `${label}, ${how}` : label));
      expect(missing).toEqual([]);
    });

    it('sends a conversation id only as the integer the description declares', async () => {
      // The gateway's id check lets letters through, while the description
      // types this path parameter as an integer. The answer is not the
      // point here, only what the gateway sent for it.
      const before = stack.simulator.calls().length;
      await stack.query(
        `query Letters($connection: ID!) {
          connection(id: $connection) {
            workspace { conversation(id: "abc123") { id } }
          }
        }`,
        { connection: CONNECTIONS.eu },
      );
      const sent = stack.simulator.calls().slice(before);
      expect(sent.flatMap((call) => requestProblems(openapi, call))).toEqual(
        [],
      );
    });

    it.each(Object.keys(UNDECLARED_PARAMETERS))(
      'allows only what the description still leaves out of %s',
      (label) => {
        const [method = '', path = ''] = label.split(' ');
        const matched = openapi.operation(method, path);
        expect(matched?.label).toBe(label);
        const declared = (matched?.operation.parameters ?? []).map(
          (p) => `${p.in} ${p.name}`,
        );
        for (const allowed of UNDECLARED_PARAMETERS[label] ?? []) {
          expect(declared).not.toContain(`${allowed.in} ${allowed.name}`);
        }
      },
    );
  },
);
