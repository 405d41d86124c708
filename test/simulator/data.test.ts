/**
 * The generated workspaces: sizes, internal consistency and the special
 * records (deleted and not-yet-indexed contacts) tests elsewhere rely on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../src/intercom/regions.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

const workspace = (region: (typeof REGIONS)[number]) =>
  simulator.regions[region].workspace;

describe.each(REGIONS)('the %s workspace', (region) => {
  it('has the default number of contacts and conversations', () => {
    expect(workspace(region).contacts).toHaveLength(400);
    expect(workspace(region).conversations).toHaveLength(150);
  });

  it('has 8-15 admins, 3-6 teams, 10-20 tags and a few dozen companies', () => {
    const { admins, teams, tags, companies } = workspace(region);
    expect(admins.length).toBeGreaterThanOrEqual(8);
    expect(admins.length).toBeLessThanOrEqual(15);
    expect(teams.length).toBeGreaterThanOrEqual(3);
    expect(teams.length).toBeLessThanOrEqual(6);
    expect(tags.length).toBeGreaterThanOrEqual(10);
    expect(tags.length).toBeLessThanOrEqual(20);
    expect(companies.length).toBeGreaterThanOrEqual(24);
    expect(companies.length).toBeLessThanOrEqual(40);
  });

  it('agrees on team membership from both sides', () => {
    const { admins, teams } = workspace(region);
    for (const team of teams) {
      expect(team.admin_ids.length).toBeGreaterThan(0);
      for (const adminId of team.admin_ids) {
        const admin = admins.find((a) => a.id === String(adminId));
        expect(admin?.team_ids).toContain(Number(team.id));
      }
    }
    for (const admin of admins) {
      for (const teamId of admin.team_ids) {
        const team = teams.find((t) => t.id === String(teamId));
        expect(team?.admin_ids).toContain(Number(admin.id));
      }
    }
  });

  it('describes its app, owned by the token admin', () => {
    const { app, me, admins } = workspace(region);
    const expected = {
      us: ['US', 'America/New_York'],
      eu: ['EU', 'Europe/Dublin'],
      au: ['AU', 'Australia/Sydney'],
    }[region];
    expect([app.region, app.timezone]).toEqual(expected);
    expect(me.app).toEqual(app);
    expect(me.id).toBe(admins[0]?.id);
  });

  it('mixes users and leads, some of either without an email', () => {
    const { contacts } = workspace(region);
    const withoutEmail = contacts.filter((c) => !('email' in c));
    expect(contacts.some((c) => c.role === 'user')).toBe(true);
    expect(contacts.some((c) => c.role === 'lead')).toBe(true);
    expect(withoutEmail.some((c) => c.role === 'lead')).toBe(true);
    expect(withoutEmail.some((c) => c.role === 'user')).toBe(true);
    // Non-nullable in the description: absent, never null.
    expect(contacts.map((c) => c.email)).not.toContain(null);
    expect(contacts.some((c) => c.phone === null)).toBe(true);
    expect(contacts.some((c) => c.name === null)).toBe(true);
  });

  it('gives contacts custom attributes of mixed types', () => {
    const { contacts, referenceTime } = workspace(region);
    const values = contacts.flatMap((c) => Object.values(c.custom_attributes));
    const kinds = new Set(values.map((v) => (v === null ? 'null' : typeof v)));
    expect([...kinds].sort()).toEqual(['boolean', 'null', 'number', 'string']);
    const trialEnds = contacts
      .map((c) => c.custom_attributes.trial_ends_at)
      .filter((v) => typeof v === 'number');
    expect(trialEnds.length).toBeGreaterThan(0);
    for (const date of trialEnds) {
      expect(Math.abs(date - referenceTime)).toBeLessThan(100 * 86_400);
    }
  });

  it('links contacts only to admins, tags and companies that exist', () => {
    const { contacts, admins, tags, companies } = workspace(region);
    const adminIds = new Set(admins.map((a) => a.id));
    const tagIds = new Set(tags.map((t) => t.id));
    const companyIds = new Set(companies.map((c) => c.id));
    for (const contact of contacts) {
      if (contact.owner_id !== null) {
        expect(adminIds.has(contact.owner_id)).toBe(true);
      }
      for (const tag of contact.tags.data)
        expect(tagIds.has(tag.id)).toBe(true);
      for (const company of contact.companies.data) {
        expect(companyIds.has(company.id)).toBe(true);
      }
    }
    expect(contacts.some((c) => c.owner_id !== null)).toBe(true);
    expect(contacts.some((c) => c.tags.data.length > 0)).toBe(true);
    expect(contacts.some((c) => c.companies.data.length > 0)).toBe(true);
  });

  it('assigns conversations to real admins and teams, or to nobody (0)', () => {
    const { conversations, admins, teams } = workspace(region);
    const adminIds = new Set(admins.map((a) => Number(a.id)));
    const teamIds = new Set(teams.map((t) => Number(t.id)));
    for (const c of conversations) {
      if (c.admin_assignee_id !== 0) {
        expect(adminIds.has(c.admin_assignee_id)).toBe(true);
      }
      if (c.team_assignee_id !== 0) {
        expect(teamIds.has(c.team_assignee_id)).toBe(true);
      }
      expect(c.contacts.contacts.length).toBeGreaterThanOrEqual(1);
      expect(c.contacts.contacts.length).toBeLessThanOrEqual(3);
    }
    const unassigned = conversations.filter(
      (c) => c.admin_assignee_id === 0 && c.team_assignee_id === 0,
    );
    expect(unassigned.length).toBeGreaterThan(0);
    expect(conversations.some((c) => c.team_assignee_id !== 0)).toBe(true);
  });

  it('varies conversation states and optional fields', () => {
    const { conversations } = workspace(region);
    const states = new Set(conversations.map((c) => c.state));
    expect([...states].sort()).toEqual(['closed', 'open', 'snoozed']);
    for (const c of conversations) expect(c.open).toBe(c.state !== 'closed');
    const some = (test: (c: (typeof conversations)[number]) => boolean) =>
      conversations.some(test);
    expect(some((c) => c.conversation_rating !== null)).toBe(true);
    expect(some((c) => c.conversation_rating === null)).toBe(true);
    expect(some((c) => c.sla_applied !== null)).toBe(true);
    expect(some((c) => c.waiting_since === null)).toBe(true);
    expect(some((c) => c.waiting_since !== null)).toBe(true);
    expect(some((c) => c.title === null)).toBe(true);
    expect(some((c) => c.tags.tags.length > 0)).toBe(true);
    expect(some((c) => c.statistics !== null)).toBe(true);
  });

  it('keeps timestamps within two years before its reference time', () => {
    const { contacts, conversations, referenceTime } = workspace(region);
    const twoYearsAgo = referenceTime - 731 * 86_400;
    for (const record of [...contacts, ...conversations]) {
      expect(record.created_at).toBeGreaterThan(twoYearsAgo);
      expect(record.created_at).toBeLessThanOrEqual(record.updated_at);
      expect(record.updated_at).toBeLessThanOrEqual(referenceTime);
    }
  });

  it('lists deleted contact ids that conversations reference but no contact has', () => {
    const { contacts, conversations, deletedContactIds } = workspace(region);
    expect(deletedContactIds.length).toBeGreaterThan(0);
    const referenced = new Set(
      conversations.flatMap((c) => c.contacts.contacts.map((r) => r.id)),
    );
    for (const id of deletedContactIds) {
      expect(referenced.has(id)).toBe(true);
      expect(contacts.some((c) => c.id === id)).toBe(false);
    }
  });

  it('lists unindexed contacts that exist, at least one in a conversation', () => {
    const { contacts, conversations, unindexedContactIds } = workspace(region);
    expect(unindexedContactIds.length).toBeGreaterThan(0);
    for (const id of unindexedContactIds) {
      expect(contacts.some((c) => c.id === id)).toBe(true);
    }
    const referenced = conversations.some((c) =>
      c.contacts.contacts.some((r) => unindexedContactIds.includes(r.id)),
    );
    expect(referenced).toBe(true);
  });
});

describe('where the special records sit', () => {
  /** List positions of conversations naming one of these contact ids. */
  function positions(region: (typeof REGIONS)[number], ids: string[]) {
    return workspace(region)
      .conversations.map((c, i) => ({ c, i }))
      .filter(({ c }) => c.contacts.contacts.some((r) => ids.includes(r.id)))
      .map(({ i }) => i);
  }

  it('puts deleted contacts on the first page in the US only', () => {
    const us = positions('us', workspace('us').deletedContactIds);
    expect(us.length).toBeGreaterThan(0);
    expect(us.every((i) => i < 20)).toBe(true);
    for (const region of ['eu', 'au'] as const) {
      const found = positions(region, workspace(region).deletedContactIds);
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((i) => i >= 60)).toBe(true);
    }
  });

  it('puts the not-yet-indexed contacts in the two newest conversations', () => {
    for (const region of REGIONS) {
      const { unindexedContactIds, conversations } = workspace(region);
      expect(positions(region, unindexedContactIds)).toEqual([
        conversations.length - 2,
        conversations.length - 1,
      ]);
    }
  });

  it('lists conversations oldest first, ids rising with time', () => {
    for (const region of REGIONS) {
      const list = workspace(region).conversations;
      list.slice(1).forEach((c, i) => {
        const before = list[i];
        expect(c.created_at).toBeGreaterThanOrEqual(before?.created_at ?? 0);
        expect(BigInt(c.id)).toBeGreaterThan(BigInt(before?.id ?? 0));
      });
    }
  });
});

describe('ids across regions', () => {
  it('shares contact and conversation ids between regions', () => {
    const ids = (region: (typeof REGIONS)[number]) =>
      workspace(region)
        .contacts.map((c) => c.id)
        .sort();
    expect(ids('eu')).toEqual(ids('us'));
    expect(ids('au')).toEqual(ids('us'));
    const conversationIds = (region: (typeof REGIONS)[number]) =>
      workspace(region)
        .conversations.map((c) => c.id)
        .sort();
    expect(conversationIds('eu')).toEqual(conversationIds('us'));
  });

  it('uses Intercom-like id formats', () => {
    for (const region of REGIONS) {
      for (const c of workspace(region).contacts) {
        expect(c.id).toMatch(/^[0-9a-f]{24}$/);
      }
      for (const c of workspace(region).conversations) {
        expect(c.id).toMatch(/^[1-9][0-9]*$/);
      }
    }
  });

  it('gives every region its own app id', () => {
    const codes = REGIONS.map((region) => workspace(region).app.id_code);
    expect(new Set(codes).size).toBe(3);
  });
});

describe('startSimulator options', () => {
  it('generates the requested number of contacts and conversations', async () => {
    const small = await startSimulator({
      contactsPerWorkspace: 30,
      conversationsPerWorkspace: 12,
    });
    try {
      expect(small.regions.au.workspace.contacts).toHaveLength(30);
      expect(small.regions.au.workspace.conversations).toHaveLength(12);
    } finally {
      await small.close();
    }
  });

  it('refuses sizes too small to hold the special records', async () => {
    await expect(startSimulator({ contactsPerWorkspace: 2 })).rejects.toThrow(
      /contactsPerWorkspace must be an integer >= \d+; got 2/,
    );
    await expect(startSimulator({ latencyMs: -1 })).rejects.toThrow(RangeError);
  });
});
