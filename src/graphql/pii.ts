/**
 * The `@pii` directive at work: every field it marks records itself in the
 * operation's audit stats and, for callers with `pii: mask`, answers a
 * masked value.
 *
 * Masking wraps the field's own resolver, so it happens after the loaders
 * and the response cache: those keep Intercom's values, shared by every
 * caller of the connection, and each caller's answer is masked on its way
 * out. A mask can therefore never be cached and reach a revealing caller,
 * nor a revealed value a masking one.
 */
import assert from 'node:assert/strict';
import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isListType,
  isNonNullType,
  type GraphQLFieldConfig,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import type { PiiKind } from '../generated/graphql.js';
import { describeMask, isPiiKind, maskValue, shapeOf } from '../pii/mask.js';
import type { GatewayContext } from './context.js';

/** What the wrapped resolvers need of the context. */
type PiiContext = Pick<GatewayContext, 'caller' | 'stats'>;

type Masker = (value: unknown) => unknown;

/**
 * The schema with every `@pii` field wrapped and its description saying
 * how it is masked. Throws at start-up for a directive the masks cannot
 * serve, such as an EMAIL on an Int field.
 */
export function applyPiiMasking(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (
      field: GraphQLFieldConfig<unknown, PiiContext>,
      fieldName,
      typeName,
    ) => {
      const coordinate = `${typeName}.${fieldName}`;
      const kind = piiKindOf(schema, field, coordinate);
      return kind === undefined ? field : wrapField(field, kind, coordinate);
    },

    // Interface fields have no resolvers: a directive there would mask
    // nothing, so the implementing types' fields must carry it.
    [MapperKind.INTERFACE_FIELD]: (field, fieldName, typeName) => {
      assert(
        getDirective(schema, field, 'pii') === undefined,
        `@pii on interface field ${typeName}.${fieldName} would mask nothing; put it on the object types' fields`,
      );
      return field;
    },
  });
}

function piiKindOf(
  schema: GraphQLSchema,
  field: GraphQLFieldConfig<unknown, PiiContext>,
  coordinate: string,
): PiiKind | undefined {
  const directive = getDirective(schema, field, 'pii')?.[0];
  if (directive === undefined) return undefined;
  const kind: unknown = directive.kind;
  assert(isPiiKind(kind), `@pii on ${coordinate} has no known kind`);

  // A mask answers strings or JSON; on another type it would break the
  // field's type instead of masking it.
  const named = getNamedType(field.type).name;
  const expected = shapeOf(kind) === 'json' ? 'JSON' : 'String';
  assert(
    named === expected,
    `@pii(kind: ${kind}) on ${coordinate} expects a ${expected} field, got ${named}`,
  );
  return kind;
}

function wrapField(
  field: GraphQLFieldConfig<unknown, PiiContext>,
  kind: PiiKind,
  coordinate: string,
): GraphQLFieldConfig<unknown, PiiContext> {
  // Fields that read a property of the parent have no resolver of their
  // own; graphql-js would use this one.
  const resolve: GraphQLFieldResolver<unknown, PiiContext> =
    field.resolve ?? defaultFieldResolver;
  const mask = maskerFor(kind, field.type);

  const settle = (value: unknown, context: PiiContext): unknown => {
    if (value === null || value === undefined) return value;
    context.stats.piiFields.add(coordinate);
    switch (context.caller.pii) {
      case 'reveal':
        return value;
      case 'mask':
        return mask(value);
    }
  };

  const nullable = !isNonNullType(field.type);
  const note = describeMask(kind, nullable);
  return {
    ...field,
    description: field.description ? `${field.description}\n\n${note}` : note,
    resolve: (source, args, context, info) => {
      const value = resolve(source, args, context, info);
      return isPromiseLike(value)
        ? Promise.resolve(value).then((settled) => settle(settled, context))
        : settle(value, context);
    },
  };
}

/**
 * Masks a value of the field's type: a list item by item, each with its
 * own nullability, items that are promises included, as graphql-js
 * allows them.
 */
function maskerFor(kind: PiiKind, type: GraphQLOutputType): Masker {
  const nullable = !isNonNullType(type);
  const inner = getNullableType(type);
  if (!isListType(inner)) {
    return (value) => maskValue(kind, value, nullable);
  }

  const item = maskerFor(kind, inner.ofType);
  const maskItem: Masker = (value) =>
    isPromiseLike(value) ? Promise.resolve(value).then(item) : item(value);
  return (value) => {
    // A string is iterable, and masked letter by letter it would show
    // whole (a name's initials are its letters): it is no list here.
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' || !isIterable(value)) return null;
    return Array.from(value, maskItem);
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] ===
      'function'
  );
}
