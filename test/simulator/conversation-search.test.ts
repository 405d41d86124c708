/**
 * POST /conversations/search: state, assignee, tag and contact filters,
 * and the inclusive `>` and `<` the description documents for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import {
  startSimulator,
  type SimulatedConversation,
  type SimulatedRegion,
  type Simulator,
} from '../../src/simulator/index.js';
import { search, searchIds } from './http.js';

let simulator: Simulator;
let region: SimulatedRegion;
beforeAll(async () => {
  simulator = await startSimulator();
  region = simulator.regions.au;
});
afterAll(() => simulator.close());

const filter = (field: string, operator: string, value: unknown) => ({
  field,
  operator,
  value,
});

/** Ids search should find, in list order (created_at, then id). */
function expected(test: (conversation: SimulatedConversation) => boolean) {
  return region.workspace.conversations.filter(test).map((c) => c.id);
}

async function find(query: unknown) {
  return searchIds(region, 'conversations', query);
}

describe('conversation search filters', () => {
  it.each(['open', 'closed', 'snoozed'])(
    'finds %s conversations by state',
    async (state) => {
      const found = await find(filter('state', '=', state));
      expect(found).toEqual(expected((c) => c.state === state));
      expect(found.length).toBeGreaterThan(0);
    },
  );

  it('finds open ones by the open flag, snoozed included', async () => {
    expect(await find(filter('open', '=', true))).toEqual(
      expected((c) => c.state !== 'closed'),
    );
  });

  it('finds unassigned conversations with admin_assignee_id = 0', async () => {
    const found = await find({
      operator: 'AND',
      value: [
        filter('admin_assignee_id', '=', 0),
        filter('team_assignee_id', '=', 0),
      ],
    });
    expect(found).toEqual(
      expected((c) => c.admin_assignee_id === 0 && c.team_assignee_id === 0),
    );
    expect(found.length).toBeGreaterThan(0);
  });

  it('finds conversations by admin and team assignee', async () => {
    const admins = region.workspace.admins.slice(0, 3).map((a) => Number(a.id));
    expect(await find(filter('admin_assignee_id', 'IN', admins))).toEqual(
      expected((c) => admins.includes(c.admin_assignee_id)),
    );
    const team = Number(region.workspace.teams[0]?.id);
    expect(await find(filter('team_assignee_id', '=', team))).toEqual(
      expected((c) => c.team_assignee_id === team),
    );
  });

  it('finds conversations carrying a tag, or not', async () => {
    const tag = region.workspace.conversations.find(
      (c) => c.tags.tags.length > 0,
    )?.tags.tags[0]?.id;
    const hasTag = (c: SimulatedConversation) =>
      c.tags.tags.some((t) => t.id === tag);
    expect(await find(filter('tag_ids', '=', tag))).toEqual(expected(hasTag));
    expect(await find(filter('tag_ids', '!=', tag))).toEqual(
      expected((c) => !hasTag(c)),
    );
  });

  it('finds conversations by contact, deleted and unindexed contacts too', async () => {
    const { deletedContactIds, unindexedContactIds, contacts } =
      region.workspace;
    const wanted = [
      deletedContactIds[0],
      unindexedContactIds[0],
      contacts[5]?.id,
    ];
    for (const id of wanted) {
      const found = await find(filter('contact_ids', '=', id));
      expect(found).toEqual(
        expected((c) => c.contacts.contacts.some((r) => r.id === id)),
      );
    }
    const deleted = await find(filter('contact_ids', 'IN', deletedContactIds));
    expect(deleted.length).toBeGreaterThan(0);
  });

  it('finds conversations by the source author email', async () => {
    const email = region.workspace.conversations.find(
      (c) => typeof c.source.author?.email === 'string',
    )?.source.author?.email;
    expect(await find(filter('source.author.email', '=', email))).toEqual(
      expected((c) => c.source.author?.email === email),
    );
  });

  it('matches source.body word by word', async () => {
    const found = await find(filter('source.body', '=', 'invoice'));
    expect(found).toEqual(
      expected((c) => /\binvoice\b/i.test(c.source.body ?? '')),
    );
    expect(found.length).toBeGreaterThan(0);
    expect(await find(filter('source.body', '=', 'download last'))).toEqual([]);
  });

  it('compares statistics', async () => {
    const found = await find(
      filter('statistics.time_to_admin_reply', '>', 3_600),
    );
    expect(found).toEqual(
      expected((c) => (c.statistics?.time_to_admin_reply ?? -1) >= 3_600),
    );
    const closedBy = await find(filter('statistics.last_close_at', '!=', null));
    expect(closedBy).toEqual(
      expected((c) => typeof c.statistics?.last_close_at === 'number'),
    );
  });

  it('finds conversations by id and priority', async () => {
    const ids = region.workspace.conversations.slice(3, 9).map((c) => c.id);
    expect(await find(filter('id', 'IN', ids))).toEqual(ids);
    expect(await find(filter('priority', 'IN', ['high', 'urgent']))).toEqual(
      expected((c) => c.priority === 'high' || c.priority === 'urgent'),
    );
  });
});

describe('conversation search dates', () => {
  it('treats > as greater or equal, to the second', async () => {
    const value = region.workspace.conversations[40]?.created_at ?? 0;
    const found = await find(filter('created_at', '>', value));
    expect(found).toEqual(expected((c) => c.created_at >= value));
    expect(found).toContain(region.workspace.conversations[40]?.id);
  });

  it('treats < as lower or equal, to the second', async () => {
    const value = region.workspace.conversations[40]?.updated_at ?? 0;
    const found = await find(filter('updated_at', '<', String(value)));
    expect(found).toEqual(expected((c) => c.updated_at <= value));
  });

  it('matches = on the exact second, not the day', async () => {
    const conversation = region.workspace.conversations[12];
    const found = await find(
      filter('created_at', '=', conversation?.created_at),
    );
    expect(found).toEqual([conversation?.id]);
  });
});

describe('conversation search validation', () => {
  it.each([
    [
      filter('created_at', '>=', 1),
      /'>=' is not supported on conversations field created_at/,
    ],
    [filter('admin_assignee_id', '<=', 1), /'<=' is not supported/],
    [filter('admin_assignee_id', '=', 'nobody'), /must be an integer/],
    [filter('state', '>', 'open'), /'>' is not supported/],
    [filter('open', '=', 'true'), /must be true or false/],
    [filter('contact', '=', 'x'), /not a searchable conversations field/],
  ])('refuses %j', async (query, message) => {
    const answer = await search<IntercomErrorBody>(
      region,
      'conversations',
      query,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({ code: 'parameter_invalid' });
    expect(answer.body.errors[0]?.message).toMatch(message);
  });
});
