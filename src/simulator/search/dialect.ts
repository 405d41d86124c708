/**
 * What a search endpoint accepts: its fields, their types and the
 * operators each type allows. Contacts and conversations differ (see the
 * descriptions of POST /contacts/search and POST /conversations/search).
 */

export const OPERATORS = [
  '=',
  '!=',
  'IN',
  'NIN',
  '<',
  '<=',
  '>',
  '>=',
  '~',
  '!~',
  '^',
  '$',
] as const;

export type Operator = (typeof OPERATORS)[number];

export type FieldType = 'string' | 'integer' | 'float' | 'boolean' | 'date';

export type Scalar = string | number | boolean;

export interface FieldSpec<T> {
  type: FieldType;
  /**
   * The field's values on a record: none when absent or null, several for
   * list fields such as tag ids (matching any of them).
   */
  values(record: T): readonly Scalar[];
  /** Overrides the operators of the type (tag_id allows = and != only). */
  operators?: readonly Operator[];
}

export interface SearchDialect<T> {
  /** Names the endpoint in error messages. */
  name: 'contacts' | 'conversations';
  field(name: string): FieldSpec<T> | undefined;
  operators: Readonly<Record<FieldType, readonly Operator[]>>;
  /**
   * How dates compare. Contacts match by calendar day in the workspace's
   * timezone; conversations compare instants, with `>` and `<` including
   * the value itself ("greater (or equal)", "lower (or equal)").
   */
  dates: { kind: 'calendar-day'; timeZone: string } | { kind: 'instant' };
  /** Same, for numbers: whether `>` and `<` include the value. */
  inclusiveBounds: boolean;
}

/** Reads a dotted path ("source.author.email") as zero or one scalar. */
export function at(path: string) {
  const keys = path.split('.');
  return (record: unknown): readonly Scalar[] => {
    let value: unknown = record;
    for (const key of keys) {
      if (typeof value !== 'object' || value === null) return [];
      value = (value as Record<string, unknown>)[key];
    }
    return typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
      ? [value]
      : [];
  };
}
