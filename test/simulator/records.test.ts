/**
 * Fetching records: what each endpoint answers, the 404s, ids shared
 * between regions, deleted contacts and the search index's lag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  IntercomContact,
  IntercomContactList,
  IntercomErrorBody,
} from '../../src/intercom/models.js';
import {
  startSimulator,
  type SimulatedConversation,
  type Simulator,
} from '../../src/simulator/index.js';
import { call, searchIds, type Answer } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

describe('record endpoints', () => {
  it('answers with the workspace records as they are', async () => {
    const region = simulator.regions.eu;
    const { workspace } = region;
    const admin = workspace.admins[3];
    const team = workspace.teams[1];
    const tag = workspace.tags[2];
    const company = workspace.companies[4];
    const expectations: [string, unknown][] = [
      ['/me', workspace.me],
      ['/admins', { type: 'admin.list', admins: workspace.admins }],
      [`/admins/${admin?.id ?? ''}`, admin],
      ['/teams', { type: 'team.list', teams: workspace.teams }],
      [`/teams/${team?.id ?? ''}`, team],
      ['/tags', { type: 'list', data: workspace.tags }],
      [`/tags/${tag?.id ?? ''}`, tag],
      [`/companies/${company?.id ?? ''}`, company],
    ];
    for (const [path, body] of expectations) {
      const answer = await call(region, path);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(body);
    }
  });

  it('answers a conversation by id with its parts', async () => {
    const region = simulator.regions.us;
    const conversation = region.workspace.conversations[20];
    const answer = await call<SimulatedConversation>(
      region,
      `/conversations/${conversation?.id ?? ''}`,
    );
    expect(answer.body).toEqual(conversation);
    expect(answer.body.conversation_parts.type).toBe('conversation_part.list');
  });

  it.each([
    ['/admins/123', 'admin_not_found', 'Admin not found'],
    ['/teams/123', 'team_not_found', 'Team not found'],
    ['/tags/123', 'not_found', 'Resource Not Found'],
    [
      '/companies/5f0000000000000000000000',
      'company_not_found',
      'Company Not Found',
    ],
    ['/contacts/5f0000000000000000000000', 'not_found', 'User Not Found'],
    ['/conversations/123', 'not_found', 'Resource Not Found'],
  ])('answers 404 for an unknown id at %s', async (path, code, message) => {
    const answer = await call<IntercomErrorBody>(simulator.regions.us, path);
    expect(answer.status).toBe(404);
    expect(answer.body.errors).toEqual([{ code, message }]);
  });

  it('answers 404 for routes it does not serve', async () => {
    for (const [method, path] of [
      ['GET', '/articles'],
      ['DELETE', '/contacts/abc'],
      ['POST', '/contacts'],
      ['GET', '/contacts/search'],
    ] as const) {
      const answer = await call<IntercomErrorBody>(simulator.regions.us, path, {
        method,
      });
      expect(answer.status).toBe(404);
      expect(answer.body.errors[0]?.code).toBe('not_found');
    }
  });

  it('answers 400 to a body that is not JSON', async () => {
    const answer = await call<IntercomErrorBody>(
      simulator.regions.us,
      '/contacts/search',
      {
        body: '{"query": ',
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]?.code).toBe('bad_request');
  });

  it('answers 400 to an Intercom-Version that does not exist', async () => {
    const answer = await call<IntercomErrorBody>(simulator.regions.us, '/me', {
      headers: { 'intercom-version': '3.0' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]?.code).toBe('intercom_version_invalid');
  });
});

describe('ids shared across regions', () => {
  it('serves the same contact id with different people in US and EU', async () => {
    const { us, eu } = simulator.regions;
    const ids = us.workspace.contacts.map((c) => c.id);
    let differing = 0;
    for (const id of ids.slice(0, 40)) {
      const [a, b] = await Promise.all([
        call<IntercomContact>(us, `/contacts/${id}`),
        call<IntercomContact>(eu, `/contacts/${id}`),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      if (a.body.name !== b.body.name || a.body.email !== b.body.email) {
        differing++;
      }
    }
    expect(differing).toBe(40);
  });

  it('serves the same conversation id with different content in US and EU', async () => {
    const { us, eu } = simulator.regions;
    const id = us.workspace.conversations[0]?.id ?? '';
    const [a, b] = await Promise.all([
      call<SimulatedConversation>(us, `/conversations/${id}`),
      call<SimulatedConversation>(eu, `/conversations/${id}`),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).not.toEqual(b.body);
  });
});

describe('deleted contacts', () => {
  it('answers 404 for contacts conversations still reference', async () => {
    const region = simulator.regions.eu;
    for (const id of region.workspace.deletedContactIds) {
      const answer = await call<IntercomErrorBody>(region, `/contacts/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.body.errors[0]?.code).toBe('not_found');
    }
  });

  it('never finds them by search or in the list', async () => {
    const region = simulator.regions.eu;
    const { deletedContactIds } = region.workspace;
    const found = await searchIds(region, 'contacts', {
      field: 'id',
      operator: 'IN',
      value: deletedContactIds,
    });
    expect(found).toEqual([]);
    const list = await call<IntercomContactList>(
      region,
      '/contacts?per_page=150',
    );
    expect(list.body.total_count).toBe(region.workspace.contacts.length);
  });
});

describe('contacts not yet indexed for search', () => {
  it('are served by id and by the list', async () => {
    const region = simulator.regions.au;
    const { unindexedContactIds, contacts } = region.workspace;
    for (const id of unindexedContactIds) {
      const answer = await call<IntercomContact>(region, `/contacts/${id}`);
      expect(answer.status).toBe(200);
      expect(answer.body.id).toBe(id);
    }
    const listed: string[] = [];
    let next: string | null | undefined = '';
    while (typeof next === 'string') {
      const after = next === '' ? '' : `&starting_after=${next}`;
      const page: Answer<IntercomContactList> = await call(
        region,
        `/contacts?per_page=150${after}`,
      );
      listed.push(...page.body.data.map((c) => c.id));
      next = page.body.pages?.next?.starting_after;
    }
    expect(listed).toHaveLength(contacts.length);
    for (const id of unindexedContactIds) expect(listed).toContain(id);
  });

  it('are missing from search, even by id', async () => {
    const region = simulator.regions.au;
    const { unindexedContactIds } = region.workspace;
    expect(
      await searchIds(region, 'contacts', {
        field: 'id',
        operator: 'IN',
        value: unindexedContactIds,
      }),
    ).toEqual([]);
    const everyone = await searchIds(region, 'contacts', {
      field: 'role',
      operator: 'IN',
      value: ['user', 'lead'],
    });
    expect(everyone).toHaveLength(
      region.workspace.contacts.length - unindexedContactIds.length,
    );
    for (const id of unindexedContactIds) expect(everyone).not.toContain(id);
  });
});
