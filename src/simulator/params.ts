/**
 * Query-string parameters of the list endpoints. An empty value counts as
 * absent, as with `starting_after`; a value that is present must be what
 * the description declares, or the answer is 400 naming the parameter.
 */
import { ApiError, invalidParameter } from './errors.js';

type Query = Readonly<Record<string, string>>;

function present(query: Query, field: string): string | null {
  const raw = query[field];
  return raw === undefined || raw === '' ? null : raw;
}

/** A boolean parameter (`include_count`, `include_archived`). */
export function booleanParam(query: Query, field: string): boolean {
  const raw = present(query, field);
  if (raw === null) return false;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw invalidParameter(
    `${field} must be true or false; got ${JSON.stringify(raw)}`,
    field,
  );
}

/** A 1-based page number (`page`), 1 when absent. */
export function pageParam(query: Query, field: string): number {
  const raw = present(query, field);
  if (raw === null) return 1;
  const page = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
  if (page < 1) {
    throw invalidParameter(
      `${field} must be an integer of 1 or more; got ${JSON.stringify(raw)}`,
      field,
    );
  }
  return page;
}

/**
 * A Unix time sent as a string of digits (`created_at_after`), as the
 * description types it. A missing required one is Intercom's
 * `parameter_not_found`.
 */
export function unixParam(query: Query, field: string, required: true): number;
export function unixParam(
  query: Query,
  field: string,
  required: false,
): number | null;
export function unixParam(
  query: Query,
  field: string,
  required: boolean,
): number | null {
  const raw = present(query, field);
  if (raw === null) {
    if (!required) return null;
    throw new ApiError(
      400,
      'parameter_not_found',
      `${field} is a required parameter`,
      field,
    );
  }
  if (!/^\d{1,12}$/.test(raw)) {
    throw invalidParameter(
      `${field} must be a UNIX timestamp in seconds; got ${JSON.stringify(raw)}`,
      field,
    );
  }
  return Number(raw);
}

/** A parameter limited to a few values, or null when absent. */
export function enumParam<T extends string>(
  query: Query,
  field: string,
  allowed: readonly T[],
): T | null {
  const raw = present(query, field);
  if (raw === null) return null;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw invalidParameter(
    `${field} must be one of ${allowed.join(', ')}; got ${JSON.stringify(raw)}`,
    field,
  );
}
