/**
 * Contacts merged into another: by id they answer 410 with a `Link` to
 * the surviving contact; lists and searches never show them; some
 * conversations still name them, placed like the deleted contacts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  IntercomContactList,
  IntercomErrorBody,
} from '../../src/intercom/models.js';
import { REGIONS, type Region } from '../../src/intercom/regions.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { call, searchIds, type Answer } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

const workspace = (region: Region) => simulator.regions[region].workspace;

describe.each(REGIONS)('merged contacts of the %s workspace', (name) => {
  it('are 2-3 contacts, each merged into a contact that exists', () => {
    const { mergedContacts, contacts, deletedContactIds } = workspace(name);
    expect(mergedContacts.length).toBeGreaterThanOrEqual(2);
    expect(mergedContacts.length).toBeLessThanOrEqual(3);
    const ids = new Set(contacts.map((c) => c.id));
    for (const { id, mergedInto } of mergedContacts) {
      expect(ids.has(id)).toBe(false);
      expect(deletedContactIds).not.toContain(id);
      expect(ids.has(mergedInto)).toBe(true);
      expect(id).toMatch(/^[0-9a-f]{24}$/);
    }
  });

  it('answer 410 with a Link header to the surviving contact', async () => {
    const region = simulator.regions[name];
    for (const { id, mergedInto } of workspace(name).mergedContacts) {
      const answer = await call<IntercomErrorBody>(region, `/contacts/${id}`);
      expect(answer.status).toBe(410);
      expect(answer.headers.get('link')).toBe(
        `</contacts/${mergedInto}>; rel="canonical"`,
      );
      expect(answer.body).toEqual({
        type: 'error.list',
        request_id: answer.headers.get('x-request-id'),
        errors: [
          {
            code: 'contact_merged',
            message:
              "This contact has been merged. See the 'Link' header for the canonical contact.",
          },
        ],
      });
      const survivor = await call(region, `/contacts/${mergedInto}`);
      expect(survivor.status).toBe(200);
    }
  });

  it('answer 410 under their own path too', async () => {
    const region = simulator.regions[name];
    const [merged] = workspace(name).mergedContacts;
    for (const below of ['companies', 'segments']) {
      const answer = await call(region, `/contacts/${merged?.id}/${below}`);
      expect(answer.status).toBe(410);
      expect(answer.headers.get('link')).toContain(merged?.mergedInto);
    }
  });

  it('are never listed or found by search', async () => {
    const region = simulator.regions[name];
    const ids = workspace(name).mergedContacts.map((m) => m.id);
    expect(
      await searchIds(region, 'contacts', {
        field: 'id',
        operator: 'IN',
        value: ids,
      }),
    ).toEqual([]);
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
    for (const id of ids) expect(listed).not.toContain(id);
  });
});

describe('conversations naming merged contacts', () => {
  function positions(region: Region) {
    const ids = workspace(region).mergedContacts.map((m) => m.id);
    return workspace(region)
      .conversations.map((c, i) => ({ c, i }))
      .filter(({ c }) => c.contacts.contacts.some((r) => ids.includes(r.id)))
      .map(({ i }) => i);
  }

  it('exist in every region, never as the only or first contact', () => {
    for (const region of REGIONS) {
      const ids = workspace(region).mergedContacts.map((m) => m.id);
      expect(positions(region).length).toBeGreaterThanOrEqual(1);
      for (const c of workspace(region).conversations) {
        const refs = c.contacts.contacts;
        expect(refs.length).toBeLessThanOrEqual(3);
        expect(ids).not.toContain(refs[0]?.id);
      }
    }
  });

  it('sit on the first page in the US, past the first 50 in the EU and AU', () => {
    expect(positions('us').every((i) => i < 20)).toBe(true);
    for (const region of ['eu', 'au'] as const) {
      expect(positions(region).every((i) => i >= 50)).toBe(true);
    }
  });
});
