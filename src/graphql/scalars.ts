import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import type { UnixSeconds } from '../intercom/models.js';

// RFC 3339 date-times only: a bare date or a time without an offset would
// be read in the server's timezone, which callers cannot know.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** Intercom's Unix seconds as an ISO-8601 string, or null if absent. */
export function fromUnix(seconds: UnixSeconds | null | undefined) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return null;
  return new Date(seconds * 1000).toISOString();
}

/** A DateTime argument as Intercom's Unix seconds (rounded down). */
export function toUnix(dateTime: string): UnixSeconds {
  return Math.floor(Date.parse(dateTime) / 1000);
}

function parseDateTime(value: unknown): string {
  const parts = typeof value === 'string' ? RFC3339.exec(value) : null;
  if (typeof value !== 'string' || !parts) {
    throw new TypeError(
      `Expected an ISO-8601 date-time with a timezone, such as 2024-05-01T12:30:00Z, got ${JSON.stringify(value)}.`,
    );
  }
  // The offset groups are absent for a `Z` time, whatever the types say.
  const fields = parts
    .slice(1)
    .map((part: string | undefined) => Number(part ?? 0));
  if (!isRealTime(fields)) {
    throw new TypeError(`Expected a real date and time, got "${value}".`);
  }
  return new Date(Date.parse(value)).toISOString();
}

/** Whether the fields name a real moment: no 30 February, no 25:00. */
function isRealTime(fields: number[]): boolean {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] =
    fields;
  const [offsetHours = 0, offsetMinutes = 0] = fields.slice(6);
  // Date.UTC reads years 0 to 99 as 1900 to 1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours < 24 &&
    offsetMinutes < 60
  );
}

export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => {
    if (typeof value === 'string') return value;
    if (value instanceof Date) return value.toISOString();
    throw new TypeError(`DateTime cannot represent ${typeof value} values.`);
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new TypeError(
        `Expected an ISO-8601 date-time string, got a ${ast.kind} literal.`,
      );
    }
    return parseDateTime(ast.value);
  },
});

function literalValue(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalValue);
    case Kind.OBJECT:
      return Object.fromEntries(
        ast.fields.map((field) => [
          field.name.value,
          literalValue(field.value),
        ]),
      );
    case Kind.VARIABLE:
      throw new TypeError('JSON literals cannot hold variables.');
  }
}

export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalValue,
});
