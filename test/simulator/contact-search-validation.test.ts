/**
 * POST /contacts/search refuses what Intercom refuses: queries past the
 * nesting and size limits, unknown fields, wrong value types, operators a
 * field's type does not allow, and sort orders other than the two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import {
  startSimulator,
  type SimulatedRegion,
  type Simulator,
} from '../../src/simulator/index.js';
import { search } from './http.js';

let simulator: Simulator;
let eu: SimulatedRegion;
beforeAll(async () => {
  simulator = await startSimulator();
  eu = simulator.regions.eu;
});
afterAll(() => simulator.close());

const filter = (field: string, operator: string, value: unknown) => ({
  field,
  operator,
  value,
});

async function expectRefused(query: unknown, message: RegExp) {
  const answer = await search<IntercomErrorBody>(eu, 'contacts', query);
  expect(answer.status).toBe(400);
  expect(answer.body.type).toBe('error.list');
  expect(answer.body.errors[0]?.message).toMatch(message);
}

describe('contact search validation', () => {
  it('allows 15 filters in a group and refuses 16', async () => {
    const ids = eu.workspace.contacts.map((c) => c.id);
    const group = (size: number) => ({
      operator: 'OR',
      value: ids.slice(0, size).map((id) => filter('id', '=', id)),
    });
    expect((await search(eu, 'contacts', group(15))).status).toBe(200);
    await expectRefused(
      group(16),
      /holds 16 filters; an OR group allows at most 15/,
    );
  });

  it('refuses groups nested more than two levels deep', async () => {
    const leaf = filter('role', '=', 'user');
    const twoLevels = {
      operator: 'AND',
      value: [{ operator: 'OR', value: [leaf] }],
    };
    expect((await search(eu, 'contacts', twoLevels)).status).toBe(200);
    await expectRefused(
      { operator: 'AND', value: [twoLevels] },
      /nests groups more than 2 levels deep/,
    );
  });

  it.each([
    [
      filter('favourite_colour', '=', 'blue'),
      /is not a searchable contacts field/,
    ],
    [
      filter('custom_attributes.shoe_size', '=', 9),
      /is not a searchable contacts field/,
    ],
    [filter('created_at', '=', 'yesterday'), /must be a Unix timestamp/],
    [filter('custom_attributes.seats', '>', 'many'), /must be an integer/],
    [
      filter('custom_attributes.beta_tester', '=', 'yes'),
      /must be true or false/,
    ],
    [filter('role', '=', 5), /must be a string/],
    [filter('role', '>', 'user'), /'>' is not supported/],
    [
      filter('tag_id', 'IN', ['1']),
      /'IN' is not supported on contacts field tag_id/,
    ],
    [filter('id', 'IN', 'abc'), /must be a non-empty list with IN/],
    [filter('id', '=', ['abc']), /lists go with IN and NIN/],
    [filter('id', 'LIKE', 'abc'), /operator must be one of/],
    [{ operator: 'XOR', value: [] }, /must be AND or OR/],
    [{ operator: 'AND', value: [] }, /non-empty list of filters/],
  ])('refuses %j', async (query, message) => {
    await expectRefused(query, message);
  });

  it('refuses a body without a query', async () => {
    const answer = await search<IntercomErrorBody>(eu, 'contacts', undefined);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({
      code: 'parameter_not_found',
    });
  });
});

describe('contact search sorting', () => {
  it('sorts by a field, values before missing ones, descending by default', async () => {
    const query = filter('role', '=', 'lead');
    const answer = await search(eu, 'contacts', query, {
      sort: { field: 'last_seen_at' },
      pagination: { per_page: 150 },
    });
    const seen = new Map(
      eu.workspace.contacts.map((c) => [c.id, c.last_seen_at]),
    );
    const times = (answer.body.data ?? []).map((c) => seen.get(c.id) ?? null);
    const known = times.filter((t) => t !== null);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(times.slice(known.length).every((t) => t === null)).toBe(true);
  });

  it('refuses an unknown sort order with invalid_sort_order', async () => {
    const answer = await search<IntercomErrorBody>(
      eu,
      'contacts',
      filter('role', '=', 'lead'),
      {
        sort: { field: 'created_at', order: 'desc' },
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({
      code: 'invalid_sort_order',
      message:
        "Invalid sort order 'desc'. Must be one of: ascending, descending",
    });
  });
});
