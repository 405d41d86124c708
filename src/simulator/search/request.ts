/**
 * The body of a search request: `{query, pagination, sort}` as the
 * description's `search_request` and `contact_search_request` define it.
 */
import { ApiError, invalidParameter } from '../errors.js';
import {
  parsePerPage,
  parseStartingAfter,
  type PageRequest,
} from '../pagination.js';
import type { Scalar, SearchDialect } from './dialect.js';
import { compileQuery, type Predicate } from './query.js';

export interface SearchRequest<T> {
  matches: Predicate<T>;
  page: PageRequest;
  /** Set when the body asks for an order other than the default one. */
  compare: ((a: T, b: T) => number) | null;
}

export interface SearchOptions {
  defaultPerPage: number;
  /** Only contact search documents `sort`. */
  sortable: boolean;
}

export function parseSearchRequest<T>(
  dialect: SearchDialect<T>,
  body: unknown,
  options: SearchOptions,
): SearchRequest<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(
      400,
      'parameter_not_found',
      `The body must be a JSON object with a query; got ${body === undefined ? 'no body' : JSON.stringify(body)}`,
      'query',
    );
  }
  const { query, pagination, sort } = body as Record<string, unknown>;
  if (query === undefined) {
    throw new ApiError(
      400,
      'parameter_not_found',
      'query is required',
      'query',
    );
  }
  const matches = compileQuery(dialect, query);

  let page: PageRequest = {
    perPage: options.defaultPerPage,
    startingAfter: null,
  };
  if (pagination !== undefined && pagination !== null) {
    if (typeof pagination !== 'object' || Array.isArray(pagination)) {
      throw invalidParameter(
        `pagination must be an object {per_page, starting_after}; got ${JSON.stringify(pagination)}`,
        'pagination',
      );
    }
    const { per_page: perPage, starting_after: startingAfter } =
      pagination as Record<string, unknown>;
    page = {
      perPage: parsePerPage(
        perPage,
        options.defaultPerPage,
        'pagination.per_page',
      ),
      startingAfter: parseStartingAfter(
        startingAfter,
        'pagination.starting_after',
      ),
    };
  }

  const compare =
    options.sortable && sort !== undefined && sort !== null
      ? parseSort(dialect, sort)
      : null;
  return { matches, page, compare };
}

/**
 * `sort: {field, order}`. The order defaults to descending, as documented.
 * Records without a value sort last either way; ties keep the default
 * order, since the sort that applies it is stable.
 */
function parseSort<T>(
  dialect: SearchDialect<T>,
  sort: unknown,
): (a: T, b: T) => number {
  const { field, order = 'descending' } =
    typeof sort === 'object' && sort !== null
      ? (sort as Record<string, unknown>)
      : {};
  const spec = typeof field === 'string' ? dialect.field(field) : undefined;
  if (spec === undefined) {
    throw invalidParameter(
      `sort.field must be a searchable ${dialect.name} field; got ${JSON.stringify(field)}`,
      'sort.field',
    );
  }
  if (order !== 'ascending' && order !== 'descending') {
    // Wording and code of the description's own example.
    throw new ApiError(
      400,
      'invalid_sort_order',
      `Invalid sort order '${String(order)}'. Must be one of: ascending, descending`,
      'sort.order',
    );
  }
  const sign = order === 'ascending' ? 1 : -1;
  const key = (record: T): Scalar | undefined => spec.values(record)[0];
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === undefined || y === undefined) {
      return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0);
    }
    if (x === y) return 0;
    return (x < y ? -1 : 1) * sign;
  };
}
