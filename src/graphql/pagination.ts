import type { PageRequest, RecordPage } from '../intercom/api.js';
import {
  decodeCursor,
  cursorsOf,
  type ListIdentity,
  type Position,
} from './cursor.js';
import type { PageParent } from './parents.js';
import { badInput } from './user-errors.js';

/** Intercom's largest page, for lists and searches alike. */
export const MAX_PAGE_SIZE = 150;

/** `first` when a list field leaves it out: Intercom's own defaults. */
export const DEFAULT_PAGE_SIZES = {
  contacts: 50,
  conversations: 20,
  companies: 15,
  activityLogs: 20,
  securityEvents: 20,
} as const;

export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
}

export interface PageOptions<T, N> {
  identity: ListIdentity;
  args: PageArgs;
  defaultFirst: number;
  /** The largest `first`; Intercom's largest page unless it pages smaller. */
  maxFirst?: number;
  fetch: (page: PageRequest) => Promise<RecordPage<T>>;
  /** Drops rows Intercom matched more loosely than the caller asked. */
  keep?: (row: T) => boolean;
  /** Whether a cursor's Intercom position is one this list can send. */
  validPosition?: (startingAfter: string) => boolean;
  toNode: (row: T) => N;
}

/**
 * Reads one Relay page with exactly one Intercom call. The call starts at
 * the Intercom page that holds `after` and asks for the rows already read
 * there plus `first`, capped at Intercom's page size; if that cap cuts the
 * page short, the answer simply has fewer rows and `hasNextPage` stays
 * true, which Relay allows. No row is skipped or repeated across pages.
 */
export async function readPage<T, N>(
  options: PageOptions<T, N>,
): Promise<PageParent<N>> {
  const { identity, args } = options;
  const first = args.first ?? options.defaultFirst;
  const maxFirst = options.maxFirst ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > maxFirst) {
    throw badInput(
      `Expected \`first\` between 1 and ${maxFirst} (Intercom's largest page), got ${first}.`,
      'first',
    );
  }
  const start: Position =
    args.after === null || args.after === undefined
      ? { startingAfter: null, offset: 0 }
      : decodeCursor(args.after, identity);
  if (
    start.startingAfter !== null &&
    options.validPosition &&
    !options.validPosition(start.startingAfter)
  ) {
    throw badInput(
      'Expected `after` to be a cursor this gateway returned, got one whose position was changed.',
      'after',
    );
  }

  // Rows the gateway filters out still cost a read, so a filtered list is
  // read in Intercom's largest pages: fewer short pages, fewer calls.
  const perPage = options.keep
    ? MAX_PAGE_SIZE
    : Math.min(MAX_PAGE_SIZE, start.offset + first);
  const page = await options.fetch({
    perPage,
    startingAfter: start.startingAfter,
  });
  const next = page.pages?.next?.starting_after ?? null;

  // A cursor's offset is at most the end of the page it was read from: one
  // past it was edited (or the page shrank since), and reading on would
  // skip the rest of that page without a word.
  if (start.offset > page.rows.length) {
    throw badInput(
      'Expected `after` to be a cursor this gateway returned, got one that points past the end of its page; start the list again without `after`.',
      'after',
    );
  }

  // A position at the end of an Intercom page is written as the start of
  // the next one, so the following read needs no detour through this page.
  const positionAfter = (index: number): Position =>
    index + 1 >= page.rows.length && next !== null
      ? { startingAfter: next, offset: 0 }
      : { startingAfter: start.startingAfter, offset: index + 1 };

  // Rows are read until `first` are kept or the Intercom page ends; `end`
  // is one past the last row looked at.
  const cursorAt = cursorsOf(identity);
  const edges: PageParent<N>['edges'] = [];
  let end = start.offset;
  while (end < page.rows.length && edges.length < first) {
    const row = page.rows[end] as T;
    if (!options.keep || options.keep(row)) {
      edges.push({
        cursor: cursorAt(positionAfter(end)),
        node: options.toNode(row),
      });
    }
    end += 1;
  }

  // Where the next read resumes: past every row this read looked at, kept
  // or not, so rows dropped by `keep` are not fetched again.
  const hasNextPage = end < page.rows.length || next !== null;
  const readAny = end > start.offset;
  return {
    edges,
    hasNextPage,
    hasPreviousPage: Boolean(args.after),
    endCursor:
      readAny || hasNextPage
        ? cursorAt(positionAfter(Math.max(end, 1) - 1))
        : (args.after ?? null),
    totalCount: page.totalCount,
  };
}

/** The fields of every Relay connection type, read off one page. */
export function pageResolvers<N>() {
  return {
    edges: (page: PageParent<N>) => page.edges,
    nodes: (page: PageParent<N>) => page.edges.map((edge) => edge.node),
    pageInfo: (page: PageParent<N>) => ({
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.edges[0]?.cursor ?? null,
      endCursor: page.endCursor,
    }),
    totalCount: (page: PageParent<N>) => page.totalCount,
  };
}

/**
 * `totalCount` where the schema promises one: Intercom always counts
 * contacts and conversations, so a missing count is a malformed answer.
 */
export function requiredTotal<N>(page: PageParent<N>): number {
  if (page.totalCount === null) {
    throw new Error("Intercom's list answer lacks total_count");
  }
  return page.totalCount;
}
