import type {
  IntercomContact,
  IntercomConversation,
  IntercomSearchQuery,
  IntercomSingleFilter,
} from '../intercom/models.js';
import type {
  ContactFilter,
  ConversationFilter,
} from '../generated/graphql.js';
import { toUnix } from './scalars.js';
import { badInput, checkId, whatBreaks } from './user-errors.js';

/** A filter as an Intercom search, plus the exact check Intercom cannot do. */
export interface SearchPlan<T> {
  query: IntercomSearchQuery;
  /** Only where the search matches more loosely than the filter asks. */
  keep?: (row: T) => boolean;
}

/**
 * Intercom matches contact timestamps by whole days in the workspace's
 * timezone (`>` from the start of the next day, `<` before the start of
 * the day). Two days of margin covers any timezone and daylight-saving
 * shift, so the search returns every contact the caller asked for and the
 * gateway drops those outside the exact bound.
 */
const DAY_MARGIN_SECONDS = 2 * 24 * 60 * 60;

type TimeField = 'created_at' | 'updated_at';

interface TimeBound {
  field: TimeField;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

export function contactSearch(
  filter: ContactFilter,
): SearchPlan<IntercomContact> | undefined {
  const filters: IntercomSingleFilter[] = [];
  if (filter.email != null) {
    filters.push({ field: 'email', operator: '=', value: filter.email });
  }
  if (filter.role != null) {
    filters.push({
      field: 'role',
      operator: '=',
      value: filter.role.toLowerCase(),
    });
  }
  const bounds = timeBounds(filter);
  filters.push(...timeFilters(bounds, DAY_MARGIN_SECONDS));
  return plan(filters, bounds);
}

export function conversationSearch(
  filter: ConversationFilter,
): SearchPlan<IntercomConversation> | undefined {
  const filters: IntercomSingleFilter[] = [];
  if (filter.state != null) {
    const state = filter.state.toLowerCase();
    filters.push({ field: 'state', operator: '=', value: state });
  }
  if (filter.open != null) {
    filters.push({ field: 'open', operator: '=', value: filter.open });
  }
  if (filter.adminAssigneeId != null) {
    const id = integerId(filter.adminAssigneeId, 'filter.adminAssigneeId');
    filters.push({ field: 'admin_assignee_id', operator: '=', value: id });
  }
  if (filter.teamAssigneeId != null) {
    const id = integerId(filter.teamAssigneeId, 'filter.teamAssigneeId');
    filters.push({ field: 'team_assignee_id', operator: '=', value: id });
  }
  if (filter.tagId != null) {
    const id = checkId(filter.tagId, 'filter.tagId');
    filters.push({ field: 'tag_ids', operator: '=', value: id });
  }
  if (filter.contactId != null) {
    const id = checkId(filter.contactId, 'filter.contactId');
    filters.push({ field: 'contact_ids', operator: '=', value: id });
  }
  // Conversation search compares whole timestamps, but its `>` and `<`
  // include the bound itself; the exact check below makes them strict.
  const bounds = timeBounds(filter);
  filters.push(...timeFilters(bounds, 0));
  return plan(filters, bounds);
}

/** The creation and update bounds both filters share. */
function timeBounds(filter: {
  createdAfter?: string | null;
  createdBefore?: string | null;
  updatedAfter?: string | null;
  updatedBefore?: string | null;
}): TimeBound[] {
  return [
    {
      field: 'created_at',
      after: filter.createdAfter,
      before: filter.createdBefore,
    },
    {
      field: 'updated_at',
      after: filter.updatedAfter,
      before: filter.updatedBefore,
    },
  ];
}

function timeFilters(
  bounds: TimeBound[],
  marginSeconds: number,
): IntercomSingleFilter[] {
  const filters: IntercomSingleFilter[] = [];
  for (const { field, after, before } of bounds) {
    if (after != null) {
      const value = toUnix(after) - marginSeconds;
      filters.push({ field, operator: '>', value });
    }
    if (before != null) {
      const value = toUnix(before) + marginSeconds;
      filters.push({ field, operator: '<', value });
    }
  }
  return filters;
}

function plan<T extends Record<TimeField, number>>(
  filters: IntercomSingleFilter[],
  bounds: TimeBound[],
): SearchPlan<T> | undefined {
  const [only] = filters;
  if (only === undefined) return undefined;
  const query: IntercomSearchQuery =
    filters.length === 1 ? only : { operator: 'AND', value: filters };
  const exact = bounds.flatMap(({ field, after, before }) => {
    const checks: ((row: T) => boolean)[] = [];
    if (after != null) {
      const bound = Date.parse(after) / 1000;
      checks.push((row) => row[field] > bound);
    }
    if (before != null) {
      const bound = Date.parse(before) / 1000;
      checks.push((row) => row[field] < bound);
    }
    return checks;
  });
  if (exact.length === 0) return { query };
  return { query, keep: (row) => exact.every((check) => check(row)) };
}

/** Intercom's assignee ids are integers; anything else cannot match. */
function integerId(id: string, argument: string): number {
  if (!/^\d{1,15}$/.test(id)) {
    throw badInput(
      `Expected \`${argument}\` to be an Intercom admin or team id (1 to 15 digits), got ${whatBreaks(id, /\D/u, 15)}.`,
      argument,
    );
  }
  return Number(id);
}
