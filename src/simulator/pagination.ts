/**
 * Intercom's cursor paging (`cursor_pages`): `per_page` plus an opaque
 * `starting_after` cursor, answered with a `pages` object whose `next`
 * is left out on the last page.
 */
import type { IntercomPages } from '../intercom/models.js';
import { ApiError, invalidParameter } from './errors.js';

export const MAX_PER_PAGE = 150;

/** The listing a cursor belongs to: it only works where it came from. */
export type CursorScope =
  | 'contacts'
  | 'contacts.search'
  | 'conversations'
  | 'conversations.search'
  | 'activity_logs';

export interface PageRequest {
  perPage: number;
  startingAfter: string | null;
}

export interface Page<T> {
  items: T[];
  pages: IntercomPages;
}

/**
 * A cursor is the base64url of "<scope>:<offset>". It holds a position, not
 * a page, so a client may change `per_page` between pages, as Intercom
 * allows. The records never change, which is what makes offsets safe here.
 */
export function encodeCursor(scope: CursorScope, offset: number): string {
  return Buffer.from(`${scope}:${offset}`).toString('base64url');
}

function decodeCursor(
  cursor: string,
  scope: CursorScope,
  total: number,
  field: string,
): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^([a-z._]+):(\d{1,9})$/.exec(text);
  const offset = Number(match?.[2]);
  if (match?.[1] !== scope || offset < 1 || offset > total) {
    throw new ApiError(
      400,
      'parameter_invalid',
      `${field} must be a cursor returned in pages.next by this ${scope} listing; got '${cursor}'`,
      field,
    );
  }
  return offset;
}

/** Reads `per_page` as a query-string or JSON value, from 1 to `max`. */
export function parsePerPage(
  raw: unknown,
  fallback: number,
  field: string,
  max = MAX_PER_PAGE,
): number {
  if (raw === undefined || raw === null) return fallback;
  const perPage =
    typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (
    typeof perPage !== 'number' ||
    !Number.isInteger(perPage) ||
    perPage < 1 ||
    perPage > max
  ) {
    throw invalidParameter(
      `${field} must be an integer from 1 to ${max}; got ${JSON.stringify(raw)}`,
      field,
    );
  }
  return perPage;
}

/** Reads `starting_after`; an empty string counts as absent. */
export function parseStartingAfter(raw: unknown, field: string): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string') {
    throw invalidParameter(
      `${field} must be a string cursor; got ${JSON.stringify(raw)}`,
      field,
    );
  }
  return raw;
}

export function paginate<T>(
  items: readonly T[],
  request: PageRequest,
  scope: CursorScope,
  cursorField = 'starting_after',
): Page<T> {
  const { perPage } = request;
  const offset =
    request.startingAfter === null
      ? 0
      : decodeCursor(request.startingAfter, scope, items.length, cursorField);
  const end = Math.min(items.length, offset + perPage);

  const pages: IntercomPages = {
    type: 'pages',
    page: Math.floor(offset / perPage) + 1,
    per_page: perPage,
    total_pages: Math.ceil(items.length / perPage),
  };
  if (end < items.length) {
    pages.next = {
      per_page: perPage,
      starting_after: encodeCursor(scope, end),
    };
  }
  return { items: items.slice(offset, end), pages };
}
