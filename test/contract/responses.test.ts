/**
 * Every answer the simulator gives, for every endpoint it serves, matches
 * the response schema Intercom's OpenAPI description (2.16) declares for
 * that path, method and status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../src/intercom/regions.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { checker } from './check.js';
import { OPENAPI_FILE, OpenApiResponses, openapiAvailable } from './openapi.js';
import { requestProblems } from './requests.js';

const LOG_SEARCH = '/admins/activity_logs/search';

describe.skipIf(!openapiAvailable)(
  `simulator answers validate against ${OPENAPI_FILE} (skipped when that file is absent)`,
  () => {
    let simulator: Simulator;
    let openapi: OpenApiResponses;

    beforeAll(async () => {
      openapi = new OpenApiResponses();
      // Shapes, not budgets, are checked here: thousands of requests in a
      // few seconds must not meet the rate limit.
      simulator = await startSimulator({ rateLimitPerWindow: 1_000_000 });
    });
    afterAll(() => simulator.close());

    const { check, checkAll } = checker(() => openapi);

    it.each(REGIONS)(
      'workspace endpoints answer as described (%s)',
      async (name) => {
        const region = simulator.regions[name];
        const { workspace } = region;
        const problems = await checkAll(
          region,
          [
            ['/me'],
            ['/admins'],
            ['/teams'],
            ['/tags'],
            ...workspace.admins.map((a) => [`/admins/${a.id}`] as const),
            ...workspace.teams.map((t) => [`/teams/${t.id}`] as const),
            ...workspace.tags.map((t) => [`/tags/${t.id}`] as const),
            ...workspace.companies.map((c) => [`/companies/${c.id}`] as const),
          ],
          200,
        );
        expect(problems).toEqual([]);
      },
    );

    it.each(REGIONS)(
      'workspace settings answer as described (%s)',
      async (name) => {
        const region = simulator.regions[name];
        const problems = await checkAll(
          region,
          [
            ['/ip_allowlist'],
            ['/brands'],
            ...region.workspace.brands.map(
              (b) => [`/brands/${encodeURIComponent(b.id)}`] as const,
            ),
            ['/away_status_reasons'],
            ['/admins/activity_log_event_types'],
          ],
          200,
        );
        expect(problems).toEqual([]);
      },
    );

    it.each(REGIONS)(
      'activity log searches answer as described, and ask as described (%s)',
      async (name) => {
        const region = simulator.regions[name];
        const { activityLogs, activityLogEventTypes } = region.workspace;
        const middle = activityLogs[150]?.created_at ?? 0;
        const types = [...new Set(activityLogs.map((l) => l.activity_type))];
        const bodies: Record<string, unknown>[] = [
          { created_at_after: 0 },
          { created_at_after: 0, created_at_before: middle, per_page: 250 },
          { created_at_after: middle, event_types: types.slice(0, 3) },
          { created_at_after: 0, event_types: activityLogEventTypes },
          { created_at_after: 0, event_types: types, page: 2, per_page: 1 },
          { created_at_after: 0, page: 99 },
          { created_at_after: 99_999_999_999 },
        ];
        simulator.resetCalls();
        const problems = await checkAll(
          region,
          bodies.map((body) => [LOG_SEARCH, { body }] as const),
          200,
        );
        // The simulator's call log keeps each body as it arrived.
        const sent = simulator.calls();
        expect(sent).toHaveLength(bodies.length);
        problems.push(
          ...sent.flatMap((call) => requestProblems(openapi, call)),
        );
        expect(problems).toEqual([]);
      },
    );

    it.each(REGIONS)(
      'every contact, listed and by id, is as described (%s)',
      async (name) => {
        const region = simulator.regions[name];
        const problems: string[] = [];
        let path: string | null = '/contacts?per_page=150';
        while (path !== null) {
          const { answer, problems: found } = await check(region, path);
          problems.push(...found);
          const next = answer.body.pages.next?.starting_after as
            string | undefined;
          path =
            next === undefined
              ? null
              : `/contacts?per_page=150&starting_after=${next}`;
        }
        problems.push(
          ...(await checkAll(
            region,
            [
              ['/contacts'],
              ...region.workspace.contacts.map(
                (c) => [`/contacts/${c.id}`] as const,
              ),
            ],
            200,
          )),
        );
        expect(problems).toEqual([]);
      },
    );

    it.each(REGIONS)(
      'every conversation, listed and by id, is as described (%s)',
      async (name) => {
        const region = simulator.regions[name];
        const problems: string[] = [];
        let path: string | null = '/conversations?per_page=40';
        while (path !== null) {
          const { answer, problems: found } = await check(region, path);
          problems.push(...found);
          const next = answer.body.pages.next?.starting_after as
            string | undefined;
          path =
            next === undefined ? null : `/conversations?starting_after=${next}`;
        }
        problems.push(
          ...(await checkAll(
            region,
            region.workspace.conversations.map(
              (c) => [`/conversations/${c.id}`] as const,
            ),
            200,
          )),
        );
        expect(problems).toEqual([]);
      },
    );

    it('contact and conversation searches answer as described', async () => {
      const region = simulator.regions.eu;
      const { contacts, tags } = region.workspace;
      const firstTag = tags[0]?.id ?? '';
      const search = (kind: string, body: unknown) =>
        [`/${kind}/search`, { body }] as const;
      const problems = await checkAll(
        region,
        [
          search('contacts', {
            query: { field: 'role', operator: '=', value: 'lead' },
          }),
          search('contacts', {
            query: {
              field: 'id',
              operator: 'IN',
              value: contacts.slice(0, 5).map((c) => c.id),
            },
          }),
          search('contacts', {
            query: {
              operator: 'OR',
              value: [
                { field: 'tag_id', operator: '=', value: firstTag },
                {
                  operator: 'AND',
                  value: [
                    {
                      field: 'email_domain',
                      operator: '=',
                      value: 'gmail.com',
                    },
                    {
                      field: 'custom_attributes.beta_tester',
                      operator: '=',
                      value: true,
                    },
                  ],
                },
              ],
            },
            pagination: { per_page: 7 },
            sort: { field: 'last_seen_at', order: 'ascending' },
          }),
          search('contacts', {
            query: { field: 'name', operator: '=', value: 'Nobody At All' },
          }),
          search('conversations', {
            query: { field: 'state', operator: '=', value: 'open' },
          }),
          search('conversations', {
            query: { field: 'tag_ids', operator: '=', value: firstTag },
            pagination: { per_page: 5 },
          }),
          search('conversations', {
            query: {
              operator: 'AND',
              value: [
                { field: 'admin_assignee_id', operator: '!=', value: 0 },
                {
                  field: 'statistics.time_to_admin_reply',
                  operator: '>',
                  value: 60,
                },
              ],
            },
          }),
        ],
        200,
      );
      expect(problems).toEqual([]);
    });

    it('unauthorized answers are as described for every endpoint', async () => {
      const region = simulator.regions.au;
      const { workspace } = region;
      const anyId = (records: readonly { id: string }[]) =>
        records[0]?.id ?? 'x';
      const paths = [
        '/me',
        '/admins',
        `/admins/${anyId(workspace.admins)}`,
        '/teams',
        `/teams/${anyId(workspace.teams)}`,
        '/tags',
        `/tags/${anyId(workspace.tags)}`,
        `/companies/${anyId(workspace.companies)}`,
        '/contacts',
        `/contacts/${anyId(workspace.contacts)}`,
        '/conversations',
        `/conversations/${anyId(workspace.conversations)}`,
        '/admins/activity_log_event_types',
        '/ip_allowlist',
        '/brands',
        `/brands/${anyId(workspace.brands)}`,
        '/away_status_reasons',
      ];
      const query = { query: { field: 'id', operator: '=', value: 'x' } };
      const problems = await checkAll(
        region,
        [
          ...paths.map((path) => [path, { token: null }] as const),
          ...paths.map(
            (path) => [path, { token: simulator.regions.us.token }] as const,
          ),
          ['/contacts/search', { body: query, token: 'not-a-token' }],
          ['/conversations/search', { body: query, token: null }],
          [LOG_SEARCH, { body: { created_at_after: 0 }, token: null }],
        ],
        401,
      );
      expect(problems).toEqual([]);
    });

    it('not-found answers are as described', async () => {
      const region = simulator.regions.us;
      const problems = await checkAll(
        region,
        [
          ['/admins/1'],
          ['/teams/1'],
          ['/tags/1'],
          ['/companies/000000000000000000000000'],
          ['/contacts/000000000000000000000000'],
          [`/contacts/${region.workspace.deletedContactIds[0] ?? ''}`],
          ['/conversations/1'],
          ['/brands/1'],
          ['/brands/not-a-brand'],
          ['/nowhere'],
          ['/contacts', { method: 'DELETE' }],
        ],
        404,
      );
      expect(problems).toEqual([]);
    });

    it('bad-request answers are as described', async () => {
      const region = simulator.regions.us;
      const filter = { field: 'created_at', operator: '!=', value: 1 };
      const problems = await checkAll(
        region,
        [
          ['/contacts?per_page=0'],
          ['/contacts?starting_after=bm90LWEtY3Vyc29y'],
          ['/conversations?per_page=151'],
          ['/contacts/search', { body: { query: filter } }],
          ['/contacts/search', { body: '{"query":' }],
          [
            '/contacts/search',
            {
              body: {
                query: { field: 'id', operator: '=', value: 'x' },
                sort: { field: 'id', order: 'up' },
              },
            },
          ],
          [
            '/conversations/search',
            { body: { query: { field: 'nope', operator: '=', value: 1 } } },
          ],
          ['/conversations/search', { body: {} }],
          [LOG_SEARCH, { body: {} }],
          [LOG_SEARCH, { body: { created_at_after: 0, event_types: [] } }],
          [LOG_SEARCH, { body: { created_at_after: 0, event_types: ['x'] } }],
          [LOG_SEARCH, { body: { created_at_after: 0, per_page: 251 } }],
          [LOG_SEARCH, { body: { created_at_after: 2, created_at_before: 1 } }],
          ['/me', { headers: { 'intercom-version': '9.9' } }],
        ],
        400,
      );
      expect(problems).toEqual([]);
    });
  },
);
