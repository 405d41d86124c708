/**
 * The request check itself: requests shaped as the gateway sends them pass,
 * and each request that breaks one rule of Intercom's description yields
 * exactly that one problem.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILE, OpenApiResponses, openapiAvailable } from './openapi.js';
import { requestProblems, type SentRequest } from './requests.js';

describe.skipIf(!openapiAvailable)(
  `the request check built from ${OPENAPI_FILE} (skipped when that file is absent)`,
  () => {
    let openapi: OpenApiResponses;
    beforeAll(() => {
      openapi = new OpenApiResponses();
    });

    /** A request as the simulator would log it, sent as the gateway does. */
    function sent(
      method: string,
      target: string,
      details: Partial<SentRequest> = {},
    ): SentRequest {
      const url = new URL(target, 'http://intercom.invalid');
      return {
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: undefined,
        intercomVersion: '2.16',
        accept: 'application/json',
        ...details,
      };
    }

    it('accepts requests as the gateway sends them', () => {
      const ids = { field: 'id', operator: 'IN', value: ['a1', 'b2'] };
      const requests = [
        sent('GET', '/contacts?per_page=150&starting_after=Y3Vyc29y'),
        sent('GET', '/admins/activity_logs?created_at_after=0&per_page=250'),
        sent('GET', '/conversations/215470000000011'),
        sent('GET', '/segments?include_count=true'),
        sent('POST', '/contacts/search', {
          body: { query: ids, pagination: { per_page: 150 } },
        }),
        sent('POST', '/admins/activity_logs/search', {
          body: {
            created_at_after: 0,
            created_at_before: 1_700_000_000,
            event_types: ['role_change', 'app_name_change'],
            page: 2,
            per_page: 250,
          },
        }),
      ];
      expect(requests.flatMap((r) => requestProblems(openapi, r))).toEqual([]);
    });

    // Each case breaks one rule, so it must give exactly one problem.
    it.each<[string, SentRequest]>([
      ['an undeclared query parameter', sent('GET', '/me?per_page=1')],
      ['paging beyond the two allowances', sent('GET', '/segments?per_page=5')],
      ['a boolean that is not one', sent('GET', '/segments?include_count=1')],
      ['an integer that is not one', sent('GET', '/companies?page=two')],
      ['a value outside an enum', sent('GET', '/data_attributes?model=ticket')],
      ['a page of contacts past 150', sent('GET', '/contacts?per_page=151')],
      [
        'a page of log entries past 250',
        sent('GET', '/admins/activity_logs?created_at_after=0&per_page=251'),
      ],
      ['an empty cursor', sent('GET', '/contacts?starting_after=')],
      ['no required parameter', sent('GET', '/admins/activity_logs')],
      ['a conversation id of letters', sent('GET', '/conversations/abc')],
      [
        'a search operator the description lacks',
        sent('POST', '/contacts/search', {
          body: { query: { field: 'email', operator: 'LIKE', value: 'a' } },
        }),
      ],
      [
        'a search without its query',
        sent('POST', '/conversations/search', {
          body: { pagination: { per_page: 5 } },
        }),
      ],
      [
        'a log search without created_at_after',
        sent('POST', '/admins/activity_logs/search', {
          body: { event_types: ['role_change'] },
        }),
      ],
      [
        'a log search of more than 250 a page',
        sent('POST', '/admins/activity_logs/search', {
          body: { created_at_after: 0, per_page: 251 },
        }),
      ],
      [
        'a log search for event types that are not text',
        sent('POST', '/admins/activity_logs/search', {
          body: { created_at_after: 0, event_types: [7] },
        }),
      ],
      [
        'a log search without a body',
        sent('POST', '/admins/activity_logs/search'),
      ],
      ['a body the operation does not take', sent('GET', '/me', { body: {} })],
      ['a version not listed', sent('GET', '/me', { intercomVersion: '2.99' })],
      ['no version', sent('GET', '/me', { intercomVersion: null })],
      ['another Accept', sent('GET', '/me', { accept: 'text/html' })],
      ['an operation the description lacks', sent('DELETE', '/me')],
    ])('refuses %s', (_, request) => {
      expect(requestProblems(openapi, request)).toHaveLength(1);
    });
  },
);
