/**
 * POST /contacts/search: the query tree, its limits, the operators each
 * field type allows and the calendar-day matching of dates. Expectations
 * are computed from the raw records, never from the simulator's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import {
  startSimulator,
  type SimulatedContact,
  type SimulatedRegion,
  type Simulator,
} from '../../src/simulator/index.js';
import { search, searchIds } from './http.js';

let simulator: Simulator;
let eu: SimulatedRegion;
let us: SimulatedRegion;
beforeAll(async () => {
  simulator = await startSimulator();
  eu = simulator.regions.eu;
  us = simulator.regions.us;
});
afterAll(() => simulator.close());

/** Ids search should find: matching, indexed contacts, in list order. */
function expected(
  region: SimulatedRegion,
  test: (contact: SimulatedContact) => boolean,
): string[] {
  const { contacts, unindexedContactIds } = region.workspace;
  return contacts
    .filter((c) => !unindexedContactIds.includes(c.id) && test(c))
    .map((c) => c.id);
}

async function expectRefused(query: unknown, message: RegExp) {
  const answer = await search<IntercomErrorBody>(eu, 'contacts', query);
  expect(answer.status).toBe(400);
  expect(answer.body.type).toBe('error.list');
  expect(answer.body.errors[0]?.message).toMatch(message);
}

const filter = (field: string, operator: string, value: unknown) => ({
  field,
  operator,
  value,
});

describe('contact search filters', () => {
  it('finds contacts by id with IN', async () => {
    const ids = eu.workspace.contacts.slice(10, 25).map((c) => c.id);
    const found = await searchIds(eu, 'contacts', filter('id', 'IN', ids));
    expect(found).toEqual(expected(eu, (c) => ids.includes(c.id)));
    expect(found).toHaveLength(15);
  });

  it('excludes ids with NIN', async () => {
    const ids = eu.workspace.contacts.slice(0, 30).map((c) => c.id);
    const found = await searchIds(eu, 'contacts', filter('id', 'NIN', ids));
    expect(found).toEqual(expected(eu, (c) => !ids.includes(c.id)));
  });

  it('combines AND and OR groups two levels deep', async () => {
    const tag = eu.workspace.tags[0]?.id ?? '';
    const query = {
      operator: 'OR',
      value: [
        {
          operator: 'AND',
          value: [
            filter('role', '=', 'user'),
            filter('custom_attributes.plan', 'IN', ['pro', 'enterprise']),
          ],
        },
        filter('tag_id', '=', tag),
      ],
    };
    const found = await searchIds(eu, 'contacts', query);
    expect(found).toEqual(
      expected(
        eu,
        (c) =>
          (c.role === 'user' &&
            ['pro', 'enterprise'].includes(String(c.custom_attributes.plan))) ||
          c.tags.data.some((t) => t.id === tag),
      ),
    );
    expect(found.length).toBeGreaterThan(0);
  });

  it('matches strings without regard to case', async () => {
    const contact = eu.workspace.contacts.find((c) => c.email !== undefined);
    const email = contact?.email ?? '';
    const found = await searchIds(
      eu,
      'contacts',
      filter('email', '=', email.toUpperCase()),
    );
    expect(found).toEqual([contact?.id]);
  });

  it('supports contains, starts with and ends with', async () => {
    const cases: [string, (name: string) => boolean][] = [
      ['~', (name) => name.includes('an')],
      ['!~', (name) => !name.includes('an')],
      ['^', (name) => name.startsWith('ma')],
      ['$', (name) => name.endsWith('er')],
    ];
    for (const [operator, test] of cases) {
      const value = { '~': 'an', '!~': 'an', '^': 'Ma', $: 'ER' }[operator];
      const found = await searchIds(
        eu,
        'contacts',
        filter('name', operator, value),
      );
      // Negated operators also match contacts that have no name at all.
      expect(found).toEqual(
        expected(eu, (c) =>
          c.name === null ? operator === '!~' : test(c.name.toLowerCase()),
        ),
      );
    }
  });

  it('matches a missing value with null', async () => {
    const noEmail = await searchIds(eu, 'contacts', filter('email', '=', null));
    expect(noEmail).toEqual(expected(eu, (c) => c.email === undefined));
    expect(noEmail.length).toBeGreaterThan(0);
    const withPhone = await searchIds(
      eu,
      'contacts',
      filter('phone', '!=', null),
    );
    expect(withPhone).toEqual(expected(eu, (c) => c.phone !== null));
  });

  it('compares numbers and booleans in custom attributes', async () => {
    const seats = await searchIds(
      eu,
      'contacts',
      filter('custom_attributes.seats', '>=', 100),
    );
    expect(seats).toEqual(
      expected(eu, (c) => Number(c.custom_attributes.seats ?? -1) >= 100),
    );
    const spend = await searchIds(
      eu,
      'contacts',
      filter('custom_attributes.monthly_spend', '<', '10.5'),
    );
    expect(spend).toEqual(
      expected(eu, (c) => Number(c.custom_attributes.monthly_spend) < 10.5),
    );
    const beta = await searchIds(
      eu,
      'contacts',
      filter('custom_attributes.beta_tester', '=', true),
    );
    expect(beta).toEqual(
      expected(eu, (c) => c.custom_attributes.beta_tester === true),
    );
  });

  it('filters by tag, company, owner and location', async () => {
    const { tags, companies, admins } = eu.workspace;
    const tag = tags[1]?.id ?? '';
    const company = companies[0]?.id ?? '';
    const owner = admins[2]?.id ?? '';
    expect(
      await searchIds(eu, 'contacts', filter('tag_id', '!=', tag)),
    ).toEqual(expected(eu, (c) => !c.tags.data.some((t) => t.id === tag)));
    expect(
      await searchIds(eu, 'contacts', filter('company_id', '=', company)),
    ).toEqual(
      expected(eu, (c) => c.companies.data.some((d) => d.id === company)),
    );
    expect(
      await searchIds(eu, 'contacts', filter('owner_id', '=', owner)),
    ).toEqual(expected(eu, (c) => c.owner_id === owner));
    expect(
      await searchIds(
        eu,
        'contacts',
        filter('location.country', '=', 'Germany'),
      ),
    ).toEqual(expected(eu, (c) => c.location.country === 'Germany'));
  });
});

describe('contact search dates', () => {
  /** The calendar date (YYYY-MM-DD) of a Unix time in a timezone. */
  function day(unix: number, timeZone: string): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone }).format(unix * 1000);
  }

  /**
   * A contact created earliest on a day another contact was also created
   * on (in the workspace's timezone), and whose UTC date differs from that
   * local date for some contact on the day: truncation and timezone both
   * show in the results.
   */
  function sharedDay(region: SimulatedRegion) {
    const zone = region.workspace.app.timezone;
    const searchable = region.workspace.contacts.filter(
      (c) => !region.workspace.unindexedContactIds.includes(c.id),
    );
    const byDay = new Map<string, SimulatedContact[]>();
    for (const contact of searchable) {
      const key = day(contact.created_at, zone);
      byDay.set(key, [...(byDay.get(key) ?? []), contact]);
    }
    for (const group of byDay.values()) {
      const [first, ...rest] = group;
      const crossesUtc = group.some(
        (c) => day(c.created_at, 'UTC') !== day(c.created_at, zone),
      );
      if (first !== undefined && rest.length > 0 && crossesUtc) {
        return { zone, value: first.created_at };
      }
    }
    throw new Error('no two contacts share a day; the data changed');
  }

  it('matches = by the calendar day in the workspace timezone', async () => {
    const { zone, value } = sharedDay(us);
    const found = await searchIds(
      us,
      'contacts',
      filter('created_at', '=', value),
    );
    expect(found).toEqual(
      expected(us, (c) => day(c.created_at, zone) === day(value, zone)),
    );
    expect(found.length).toBeGreaterThan(1);
    // Not the UTC day: the workspace is in New York.
    expect(found).not.toEqual(
      expected(us, (c) => day(c.created_at, 'UTC') === day(value, 'UTC')),
    );
  });

  it('matches > from the start of the next day', async () => {
    const { zone, value } = sharedDay(us);
    const found = await searchIds(
      us,
      'contacts',
      filter('created_at', '>', value),
    );
    expect(found).toEqual(
      expected(us, (c) => day(c.created_at, zone) > day(value, zone)),
    );
    // Later the same day is not "greater": the value was truncated.
    const sameDayLater = expected(
      us,
      (c) =>
        c.created_at > value && day(c.created_at, zone) === day(value, zone),
    );
    expect(sameDayLater.length).toBeGreaterThan(0);
    expect(found).not.toContain(sameDayLater[0]);
  });

  it('matches < before the start of the day', async () => {
    const { zone, value } = sharedDay(us);
    const found = await searchIds(
      us,
      'contacts',
      filter('created_at', '<', String(value)),
    );
    expect(found).toEqual(
      expected(us, (c) => day(c.created_at, zone) < day(value, zone)),
    );
  });

  it('matches date custom attributes by day too', async () => {
    const zone = eu.workspace.app.timezone;
    const value = eu.workspace.contacts
      .map((c) => c.custom_attributes.trial_ends_at)
      .find((v) => typeof v === 'number') as number;
    const found = await searchIds(
      eu,
      'contacts',
      filter('custom_attributes.trial_ends_at', '=', value),
    );
    expect(found).toEqual(
      expected(eu, (c) => {
        const date = c.custom_attributes.trial_ends_at;
        return typeof date === 'number' && day(date, zone) === day(value, zone);
      }),
    );
  });

  it.each(['!=', '>=', '<=', 'IN', 'NIN'])(
    'refuses %s on dates',
    async (operator) => {
      const value = operator.includes('IN') ? [1_700_000_000] : 1_700_000_000;
      await expectRefused(
        filter('created_at', operator, value),
        /not supported on contacts field created_at \(date\)/,
      );
    },
  );
});
