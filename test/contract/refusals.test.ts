/**
 * Refusals answer as described: 400, 401, 403, 404, 408, 410, 422, 429
 * and the JSON 5xx answers, from the endpoints themselves, the token
 * variants, the rate limit and injected faults. Faults that send no JSON
 * (HTML pages, cut-off bodies, empty 401s, hangs) are left out: there is
 * nothing to validate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startSimulator,
  type SimulatedFault,
  type Simulator,
} from '../../src/simulator/index.js';
import { call } from '../simulator/http.js';
import { checker, type Request } from './check.js';
import { OPENAPI_FILE, OpenApiResponses, openapiAvailable } from './openapi.js';

describe.skipIf(!openapiAvailable)(
  `refusals validate against ${OPENAPI_FILE} (skipped when that file is absent)`,
  () => {
    let simulator: Simulator;
    let openapi: OpenApiResponses;

    beforeAll(async () => {
      openapi = new OpenApiResponses();
      simulator = await startSimulator({
        contactsPerWorkspace: 60,
        conversationsPerWorkspace: 30,
        rateLimitPerWindow: 1_000_000,
      });
    });
    afterAll(() => simulator.close());

    const { checkAll } = checker(() => openapi);

    /** One GET of every endpoint, on records that exist. */
    function everyEndpoint(): Request[] {
      const { workspace } = simulator.regions.us;
      const contact = workspace.contacts[0]?.id ?? '';
      const query = { query: { field: 'id', operator: '=', value: 'x' } };
      return [
        ['/me'],
        ['/admins'],
        [`/admins/${workspace.admins[0]?.id ?? ''}`],
        ['/admins/activity_logs?created_at_after=0'],
        ['/admins/activity_logs/search', { body: { created_at_after: 0 } }],
        ['/admins/activity_log_event_types'],
        ['/teams'],
        ['/tags'],
        ['/segments'],
        [`/segments/${workspace.segments[0]?.id ?? ''}`],
        ['/data_attributes'],
        ['/companies'],
        [`/companies/${workspace.companies[0]?.id ?? ''}`],
        ['/contacts'],
        [`/contacts/${contact}`],
        [`/contacts/${contact}/companies`],
        [`/contacts/${contact}/segments`],
        ['/contacts/search', { body: query }],
        ['/conversations'],
        ['/conversations/search', { body: query }],
        ['/conversations/attributes'],
        [`/conversations/${workspace.conversations[0]?.id ?? ''}`],
        ['/ip_allowlist'],
        ['/brands'],
        [`/brands/${workspace.brands[0]?.id ?? ''}`],
        ['/away_status_reasons'],
      ];
    }

    /** Checks every endpoint under a fault that answers them all. */
    async function underFault(fault: SimulatedFault, status: number) {
      simulator.inject('us', fault, { times: Infinity });
      try {
        return await checkAll(simulator.regions.us, everyEndpoint(), status);
      } finally {
        simulator.clearFaults();
      }
    }

    it('400: bad parameters of the new endpoints', async () => {
      const problems = await checkAll(
        simulator.regions.eu,
        [
          ['/admins/activity_logs'],
          ['/admins/activity_logs?created_at_after=soon'],
          ['/admins/activity_logs?created_at_after=5&created_at_before=4'],
          ['/admins/activity_logs?created_at_after=0&per_page=0'],
          ['/admins/activity_logs?created_at_after=0&starting_after=eA'],
          ['/companies?page=0'],
          ['/companies?per_page=100'],
          ['/segments?include_count=maybe'],
          ['/data_attributes?model=ticket'],
          ['/data_attributes?include_archived=1'],
          ['/conversations/attributes?include_archived=yes'],
          ...[
            undefined,
            { created_at_before: 5 },
            { created_at_after: '5' },
            { created_at_after: 5, created_at_before: 4 },
            { created_at_after: 0, event_types: [] },
            { created_at_after: 0, event_types: ['nope'] },
            { created_at_after: 0, page: 0 },
            { created_at_after: 0, per_page: 0 },
          ].map(
            (body) =>
              [
                '/admins/activity_logs/search',
                { method: 'POST', body },
              ] as const,
          ),
        ],
        400,
      );
      expect(problems).toEqual([]);
    });

    it('401: no token, another region, revoked and expired tokens', async () => {
      const { us, eu } = simulator.regions;
      const problems: string[] = [];
      for (const token of [
        null,
        eu.token,
        eu.tokens.planRestricted,
        eu.tokens.noIpAllowlist,
        us.tokens.revoked,
        us.tokens.expired,
      ]) {
        const requests = everyEndpoint().map(
          ([path, options]) => [path, { ...options, token }] as const,
        );
        problems.push(...(await checkAll(us, requests, 401)));
      }
      expect(problems).toEqual([]);
    });

    it('403: token variants and injected refusals', async () => {
      const { au } = simulator.regions;
      const conversation = au.workspace.conversations[2]?.id ?? '';
      const query = { query: { field: 'id', operator: '=', value: 'x' } };
      const restricted = au.tokens.planRestricted;
      const problems = await checkAll(
        au,
        [
          [`/conversations/${conversation}`, { token: au.tokens.noParts }],
          ['/conversations', { token: restricted }],
          ['/conversations/search', { body: query, token: restricted }],
          ['/conversations/attributes', { token: restricted }],
          [`/conversations/${conversation}`, { token: restricted }],
          ['/ip_allowlist', { token: au.tokens.noIpAllowlist }],
        ],
        403,
      );
      problems.push(
        ...(await underFault({ kind: 'forbidden' }, 403)),
        ...(await underFault(
          { kind: 'forbidden', code: 'api_plan_restricted' },
          403,
        )),
      );
      expect(problems).toEqual([]);
    });

    it('404: unknown records under the new endpoints', async () => {
      const unknown = '000000000000000000000000';
      const problems = await checkAll(
        simulator.regions.us,
        [
          ['/segments/123'],
          ['/companies?name=Nobody'],
          ['/companies?company_id=none'],
          [`/contacts/${unknown}/companies`],
          [`/contacts/${unknown}/segments`],
          [
            `/contacts/${simulator.regions.us.workspace.deletedContactIds[0] ?? ''}/segments`,
          ],
        ],
        404,
      );
      expect(problems).toEqual([]);
    });

    it('408: a request timeout on every endpoint', async () => {
      expect(await underFault({ kind: 'request_timeout' }, 408)).toEqual([]);
    });

    it('410: merged contacts and what lies under them', async () => {
      const region = simulator.regions.eu;
      const problems = await checkAll(
        region,
        region.workspace.mergedContacts.flatMap(({ id }) => [
          [`/contacts/${id}`] as const,
          [`/contacts/${id}/companies`] as const,
          [`/contacts/${id}/segments`] as const,
        ]),
        410,
      );
      expect(problems).toEqual([]);
    });

    it('422: the conversation model of data attributes', async () => {
      const problems = await checkAll(
        simulator.regions.au,
        [['/data_attributes?model=conversation']],
        422,
      );
      expect(problems).toEqual([]);
    });

    it('429: injected, with and without rate-limit headers', async () => {
      expect(await underFault({ kind: 'rate_limited' }, 429)).toEqual([]);
      expect(
        await underFault({ kind: 'rate_limited', resetInSeconds: null }, 429),
      ).toEqual([]);
    });

    it('429: past the budget', async () => {
      const limited = await startSimulator({
        contactsPerWorkspace: 20,
        conversationsPerWorkspace: 10,
        rateLimitPerWindow: 1,
        rateLimitWindowSeconds: 3_600,
      });
      try {
        // The first request spends the budget; every later one is refused.
        await call(limited.regions.eu, '/me');
        // Ids from another workspace: nothing is looked up past the budget.
        expect(
          await checkAll(limited.regions.eu, everyEndpoint(), 429),
        ).toEqual([]);
      } finally {
        await limited.close();
      }
    });

    it.each([500, 502, 503, 504] as const)(
      '%s: server errors in an error list',
      async (status) => {
        expect(
          await underFault({ kind: 'server_error', status }, status),
        ).toEqual([]);
      },
    );

    it('401: injected codes', async () => {
      for (const code of [
        'unauthorized',
        'token_not_found',
        'token_revoked',
        'token_expired',
      ] as const) {
        expect(await underFault({ kind: 'unauthorized', code }, 401)).toEqual(
          [],
        );
      }
    });

    it('400: injected', async () => {
      expect(await underFault({ kind: 'bad_request' }, 400)).toEqual([]);
    });
  },
);
