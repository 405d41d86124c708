import { describe, expect, it } from 'vitest';
import {
  contactSearch,
  conversationSearch,
} from '../../src/graphql/filters.js';
import type {
  IntercomContact,
  IntercomConversation,
} from '../../src/intercom/models.js';

const DAY = 86_400;
const t = (iso: string) => Date.parse(iso) / 1000;

describe('contactSearch', () => {
  it('needs no search for an empty filter', () => {
    expect(contactSearch({})).toBeUndefined();
  });

  it('sends a single condition as a single filter', () => {
    expect(contactSearch({ email: 'a@b.io' })?.query).toEqual({
      field: 'email',
      operator: '=',
      value: 'a@b.io',
    });
  });

  it('joins several conditions with AND and widens date bounds by two days', () => {
    const plan = contactSearch({
      role: 'LEAD',
      createdAfter: '2024-03-01T10:00:00.000Z',
      updatedBefore: '2024-04-01T00:00:00.000Z',
    });

    expect(plan?.query).toEqual({
      operator: 'AND',
      value: [
        { field: 'role', operator: '=', value: 'lead' },
        {
          field: 'created_at',
          operator: '>',
          value: t('2024-03-01T10:00:00Z') - 2 * DAY,
        },
        {
          field: 'updated_at',
          operator: '<',
          value: t('2024-04-01T00:00:00Z') + 2 * DAY,
        },
      ],
    });
  });

  it('keeps only contacts strictly inside the exact bounds', () => {
    const plan = contactSearch({
      createdAfter: '2024-03-01T10:00:00.000Z',
      createdBefore: '2024-03-02T00:00:00.000Z',
    });
    const at = (iso: string) =>
      ({ created_at: t(iso), updated_at: 0 }) as IntercomContact;

    expect(contactSearch({ role: 'USER' })?.keep).toBeUndefined();
    expect(plan?.keep?.(at('2024-03-01T10:00:00Z'))).toBe(false);
    expect(plan?.keep?.(at('2024-03-01T10:00:01Z'))).toBe(true);
    expect(plan?.keep?.(at('2024-03-01T23:59:59Z'))).toBe(true);
    expect(plan?.keep?.(at('2024-03-02T00:00:00Z'))).toBe(false);
    expect(plan?.keep?.(at('2024-02-29T12:00:00Z'))).toBe(false);
  });
});

describe('conversationSearch', () => {
  it('maps every condition onto Intercom conversation fields', () => {
    const plan = conversationSearch({
      state: 'SNOOZED',
      open: true,
      adminAssigneeId: '42',
      teamAssigneeId: '7',
      tagId: '15',
      contactId: 'abc',
      createdAfter: '2024-01-01T00:00:00Z',
    });

    expect(plan?.query).toEqual({
      operator: 'AND',
      value: [
        { field: 'state', operator: '=', value: 'snoozed' },
        { field: 'open', operator: '=', value: true },
        { field: 'admin_assignee_id', operator: '=', value: 42 },
        { field: 'team_assignee_id', operator: '=', value: 7 },
        { field: 'tag_ids', operator: '=', value: '15' },
        { field: 'contact_ids', operator: '=', value: 'abc' },
        {
          field: 'created_at',
          operator: '>',
          value: t('2024-01-01T00:00:00Z'),
        },
      ],
    });
  });

  it('makes Intercom inclusive time bounds strict', () => {
    const plan = conversationSearch({ updatedAfter: '2024-01-01T00:00:00Z' });
    const at = (seconds: number) =>
      ({ created_at: 0, updated_at: seconds }) as IntercomConversation;

    expect(plan?.keep?.(at(t('2024-01-01T00:00:00Z')))).toBe(false);
    expect(plan?.keep?.(at(t('2024-01-01T00:00:01Z')))).toBe(true);
  });

  it('refuses an assignee id that is not an integer', () => {
    expect(() => conversationSearch({ teamAssigneeId: '7x' })).toThrow(
      /filter.teamAssigneeId/,
    );
  });
});
