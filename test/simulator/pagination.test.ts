/**
 * Cursor paging on GET /contacts, GET /conversations and both searches:
 * every record exactly once, in order, with Intercom's `pages` object.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  IntercomContactList,
  IntercomConversationList,
  IntercomErrorBody,
} from '../../src/intercom/models.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import {
  call,
  search,
  searchIds,
  type Answer,
  type SearchPage,
} from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

interface Walk {
  ids: string[];
  pages: Answer<SearchPage>[];
}

/** Follows `pages.next` from the first page of a list to its end. */
async function walk(kind: 'contacts' | 'conversations', perPage?: number) {
  const region = simulator.regions.us;
  const size = perPage === undefined ? '' : `per_page=${perPage}&`;
  const result: Walk = { ids: [], pages: [] };
  let cursor: string | null = null;
  do {
    const after: string = cursor === null ? '' : `starting_after=${cursor}`;
    const answer: Walk['pages'][number] = await call(
      region,
      `/${kind}?${size}${after}`,
    );
    expect(answer.status).toBe(200);
    result.pages.push(answer);
    const items = answer.body.data ?? answer.body.conversations ?? [];
    result.ids.push(...items.map((item) => item.id));
    cursor = answer.body.pages.next?.starting_after ?? null;
  } while (cursor !== null);
  return result;
}

describe('GET /contacts paging', () => {
  it.each([
    [40, 40],
    [150, 150],
    [undefined, 50],
  ])(
    'walks every contact exactly once with per_page %s',
    async (perPage, size) => {
      const { contacts } = simulator.regions.us.workspace;
      const { ids, pages } = await walk('contacts', perPage);

      expect(ids).toEqual(contacts.map((c) => c.id));
      const totalPages = Math.ceil(contacts.length / size);
      expect(pages).toHaveLength(totalPages);
      pages.forEach((answer, i) => {
        expect(answer.body.total_count).toBe(contacts.length);
        expect(answer.body.pages).toMatchObject({
          type: 'pages',
          page: i + 1,
          per_page: size,
          total_pages: totalPages,
        });
      });
      // The last page has no `next` at all, rather than a null one.
      expect(pages.at(-1)?.body.pages).not.toHaveProperty('next');
      expect(pages[0]?.body.pages.next?.per_page).toBe(size);
    },
  );

  it('keeps a cursor valid when per_page changes between pages', async () => {
    const region = simulator.regions.us;
    const first = await call<IntercomContactList>(
      region,
      '/contacts?per_page=40',
    );
    const cursor = first.body.pages?.next?.starting_after ?? '';
    const second = await call<IntercomContactList>(
      region,
      `/contacts?per_page=10&starting_after=${cursor}`,
    );
    const expected = region.workspace.contacts.slice(40, 50).map((c) => c.id);
    expect(second.body.data.map((c) => c.id)).toEqual(expected);
  });
});

describe('GET /conversations paging', () => {
  it.each([
    [undefined, 20],
    [150, 150],
  ])(
    'walks every conversation exactly once with per_page %s',
    async (perPage, size) => {
      const { conversations } = simulator.regions.us.workspace;
      const { ids, pages } = await walk('conversations', perPage);
      expect(ids).toEqual(conversations.map((c) => c.id));
      expect(pages).toHaveLength(Math.ceil(conversations.length / size));
      expect(pages[0]?.body.type).toBe('conversation.list');
      expect(pages[0]?.body.total_count).toBe(conversations.length);
    },
  );

  it('leaves conversation parts out of list items', async () => {
    const answer = await call<IntercomConversationList>(
      simulator.regions.us,
      '/conversations',
    );
    for (const item of answer.body.conversations) {
      expect(item).not.toHaveProperty('conversation_parts');
    }
  });
});

describe('search paging', () => {
  it('pages search results with the same pages object', async () => {
    const region = simulator.regions.eu;
    const query = { field: 'role', operator: '=', value: 'user' };
    const all = await searchIds(region, 'contacts', query, 150);
    const inSevens = await searchIds(region, 'contacts', query, 7);
    expect(inSevens).toEqual(all);

    const first = await search(region, 'contacts', query);
    expect(first.body.pages).toMatchObject({
      type: 'pages',
      page: 1,
      per_page: 50,
      total_pages: Math.ceil(all.length / 50),
    });
    expect(first.body.total_count).toBe(all.length);
  });

  it('pages conversation searches by 20 unless told otherwise', async () => {
    const region = simulator.regions.eu;
    const query = { field: 'open', operator: '=', value: true };
    const first = await search(region, 'conversations', query);
    expect(first.body.pages.per_page).toBe(20);
    expect(first.body.conversations).toHaveLength(20);
  });

  it('answers an empty search with no pages to follow', async () => {
    const answer = await search(simulator.regions.eu, 'contacts', {
      field: 'email',
      operator: '=',
      value: 'nobody@nowhere.invalid',
    });
    expect(answer.body.total_count).toBe(0);
    expect(answer.body.pages).toEqual({
      type: 'pages',
      page: 1,
      per_page: 50,
      total_pages: 0,
    });
  });
});

describe('paging errors', () => {
  async function expectBadRequest(
    answer: Promise<Answer<IntercomErrorBody>>,
    field: string,
  ) {
    const { status, body } = await answer;
    expect(status).toBe(400);
    expect(body.type).toBe('error.list');
    expect(body.errors[0]).toMatchObject({ code: 'parameter_invalid', field });
  }

  it.each(['0', '151', 'ten', '-5', '2.5'])(
    'refuses per_page=%s',
    async (value) => {
      await expectBadRequest(
        call(simulator.regions.us, `/contacts?per_page=${value}`),
        'per_page',
      );
    },
  );

  it('refuses a cursor the simulator never issued', async () => {
    await expectBadRequest(
      call(simulator.regions.us, '/conversations?starting_after=garbage'),
      'starting_after',
    );
  });

  it('refuses a cursor from another listing', async () => {
    const region = simulator.regions.us;
    const conversations = await call<IntercomConversationList>(
      region,
      '/conversations',
    );
    const cursor = conversations.body.pages?.next?.starting_after ?? '';
    await expectBadRequest(
      call(region, `/contacts?starting_after=${cursor}`),
      'starting_after',
    );
    await expectBadRequest(
      search(
        region,
        'conversations',
        { field: 'open', operator: '=', value: true },
        {
          pagination: { starting_after: cursor },
        },
      ),
      'pagination.starting_after',
    );
  });

  it('refuses search page sizes above 150', async () => {
    await expectBadRequest(
      search(
        simulator.regions.us,
        'contacts',
        { field: 'role', operator: '=', value: 'lead' },
        {
          pagination: { per_page: 151 },
        },
      ),
      'pagination.per_page',
    );
  });
});
