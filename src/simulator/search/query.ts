/**
 * Intercom's search query tree: validation, with the limits the
 * descriptions state, and compilation into a predicate over records.
 */
import { ApiError, invalidParameter } from '../errors.js';
import { startOfDay, startOfNextDay } from '../time.js';
import {
  OPERATORS,
  type FieldSpec,
  type FieldType,
  type Operator,
  type Scalar,
  type SearchDialect,
} from './dialect.js';

export type Predicate<T> = (record: T) => boolean;

/** "There's a limit of max 2 nested filters": groups within one group. */
export const MAX_GROUP_DEPTH = 2;
/** "There's a limit of max 15 filters for each AND or OR group". */
export const MAX_GROUP_SIZE = 15;

/** Operators that match when the positive form matches no value. */
const NEGATIONS: Partial<Record<Operator, Operator>> = {
  '!=': '=',
  NIN: 'IN',
  '!~': '~',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function compileQuery<T>(
  dialect: SearchDialect<T>,
  query: unknown,
  path = 'query',
  depth = 0,
): Predicate<T> {
  if (!isObject(query)) {
    throw invalidParameter(
      `${path} must be a filter {field, operator, value} or a group {operator: AND|OR, value: [...]}; got ${JSON.stringify(query)}`,
      path,
    );
  }
  if ('field' in query) return compileFilter(dialect, query, path);

  // A group of filters.
  const { operator, value } = query;
  if (operator !== 'AND' && operator !== 'OR') {
    throw invalidParameter(
      `${path}.operator of a group must be AND or OR; got ${JSON.stringify(operator)}`,
      `${path}.operator`,
    );
  }
  if (depth >= MAX_GROUP_DEPTH) {
    throw invalidParameter(
      `${path} nests groups more than ${MAX_GROUP_DEPTH} levels deep; Intercom allows at most ${MAX_GROUP_DEPTH}`,
      path,
    );
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidParameter(
      `${path}.value of an ${operator} group must be a non-empty list of filters`,
      `${path}.value`,
    );
  }
  if (value.length > MAX_GROUP_SIZE) {
    throw invalidParameter(
      `${path}.value holds ${value.length} filters; an ${operator} group allows at most ${MAX_GROUP_SIZE}`,
      `${path}.value`,
    );
  }
  const parts = value.map((child, i) =>
    compileQuery(dialect, child, `${path}.value[${i}]`, depth + 1),
  );
  return operator === 'AND'
    ? (record) => parts.every((part) => part(record))
    : (record) => parts.some((part) => part(record));
}

function compileFilter<T>(
  dialect: SearchDialect<T>,
  filter: Record<string, unknown>,
  path: string,
): Predicate<T> {
  const { field, operator } = filter;
  const spec = typeof field === 'string' ? dialect.field(field) : undefined;
  if (typeof field !== 'string' || spec === undefined) {
    throw invalidParameter(
      `${path}.field ${JSON.stringify(field)} is not a searchable ${dialect.name} field`,
      `${path}.field`,
    );
  }
  if (!OPERATORS.includes(operator as Operator)) {
    throw invalidParameter(
      `${path}.operator must be one of ${OPERATORS.join(' ')}; got ${JSON.stringify(operator)}`,
      `${path}.operator`,
    );
  }
  const op = operator as Operator;
  const allowed = spec.operators ?? dialect.operators[spec.type];
  if (!allowed.includes(op)) {
    throw invalidParameter(
      `${path}.operator '${op}' is not supported on ${dialect.name} field ${field} (${spec.type}); use one of ${allowed.join(' ')}`,
      `${path}.operator`,
    );
  }
  if (!('value' in filter)) {
    throw invalidParameter(`${path}.value is required`, `${path}.value`);
  }

  // A null value asks whether the field has a value at all.
  const { value } = filter;
  if (value === null) {
    if (op === '=') return (record) => spec.values(record).length === 0;
    if (op === '!=') return (record) => spec.values(record).length > 0;
    throw invalidParameter(
      `${path}.value may be null only with = or !=; got null with ${op}`,
      `${path}.value`,
    );
  }

  const positive = NEGATIONS[op] ?? op;
  const matches = matcher(dialect, spec, field, positive, value, path);
  return op in NEGATIONS
    ? (record) => !spec.values(record).some(matches)
    : (record) => spec.values(record).some(matches);
}

/** Tests one value of a record against the (positive) filter. */
function matcher<T>(
  dialect: SearchDialect<T>,
  spec: FieldSpec<T>,
  field: string,
  op: Operator,
  raw: unknown,
  path: string,
): (value: Scalar) => boolean {
  const convert = (item: unknown, itemPath: string) =>
    convertValue(spec.type, item, field, itemPath);

  if (op === 'IN') {
    if (!Array.isArray(raw) || raw.length === 0) {
      throw invalidParameter(
        `${path}.value must be a non-empty list with IN and NIN; got ${JSON.stringify(raw)}`,
        `${path}.value`,
      );
    }
    const wanted = new Set(
      raw.map((item, i) => convert(item, `${path}.value[${i}]`)),
    );
    return (value) => wanted.has(normalise(spec.type, value));
  }
  if (Array.isArray(raw)) {
    throw invalidParameter(
      `${path}.value must be a single value with ${op}; lists go with IN and NIN`,
      `${path}.value`,
    );
  }

  const wanted = convert(raw, `${path}.value`);
  if (spec.type === 'date' && dialect.dates.kind === 'calendar-day') {
    // Contact dates match by calendar day in the workspace's timezone.
    const { timeZone } = dialect.dates;
    const start = startOfDay(wanted as number, timeZone);
    const next = startOfNextDay(wanted as number, timeZone);
    switch (op) {
      case '=':
        return (value) =>
          (value as number) >= start && (value as number) < next;
      case '>':
        return (value) => (value as number) >= next;
      case '<':
        return (value) => (value as number) < start;
    }
  }

  const inclusive = dialect.inclusiveBounds;
  switch (op) {
    case '=':
      return (value) => normalise(spec.type, value) === wanted;
    case '>':
      return inclusive
        ? (value) => (value as number) >= (wanted as number)
        : (value) => (value as number) > (wanted as number);
    case '<':
      return inclusive
        ? (value) => (value as number) <= (wanted as number)
        : (value) => (value as number) < (wanted as number);
    case '>=':
      return (value) => (value as number) >= (wanted as number);
    case '<=':
      return (value) => (value as number) <= (wanted as number);
    case '~':
      return (value) => text(value).includes(wanted as string);
    case '^':
      return (value) => text(value).startsWith(wanted as string);
    case '$':
      return (value) => text(value).endsWith(wanted as string);
    default:
      throw new Error(`operator ${op} reached the matcher unnegated`);
  }
}

/**
 * String comparisons ignore case, as Intercom's search does for names and
 * email addresses; ids are matched the same way for simplicity.
 */
function normalise(type: FieldType, value: Scalar): Scalar {
  return type === 'string' ? text(value) : value;
}

function text(value: Scalar): string {
  return String(value).toLowerCase();
}

const INTEGER_TEXT = /^-?\d+$/;
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * Checks a filter value against the field's type. Numbers and dates may
 * also come as digit strings, as in Intercom's own request examples
 * (`"value": "1306054154"` for created_at); any other string is refused.
 */
function convertValue(
  type: FieldType,
  value: unknown,
  field: string,
  path: string,
): Scalar {
  const refuse = (expected: string): never => {
    throw new ApiError(
      400,
      'parameter_invalid',
      `${path} must be ${expected} for ${type} field ${field}; got ${JSON.stringify(value)}`,
      path,
    );
  };
  switch (type) {
    case 'string':
      return typeof value === 'string'
        ? value.toLowerCase()
        : refuse('a string');
    case 'boolean':
      return typeof value === 'boolean' ? value : refuse('true or false');
    case 'integer':
    case 'date': {
      const expected =
        type === 'date' ? 'a Unix timestamp in seconds' : 'an integer';
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && INTEGER_TEXT.test(value)) {
        return Number(value);
      }
      return refuse(expected);
    }
    case 'float':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && DECIMAL_TEXT.test(value)) {
        return Number(value);
      }
      return refuse('a number');
  }
}
