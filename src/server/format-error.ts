import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors.js';
import { IntercomError } from '../intercom/errors.js';
import { withoutInputValues } from './input-values.js';

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * The codes of graphql-js's coercion and validation errors, whose messages
 * quote the input they refuse (src/server/input-values.ts).
 */
const INPUT_CODES = new Set<unknown>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
]);

/** An error without the input values its message quotes. */
function withoutValues(formatted: GraphQLFormattedError) {
  const message = withoutInputValues(formatted.message);
  return message === formatted.message ? formatted : { ...formatted, message };
}

/**
 * Shapes every error a caller sees. Intercom failures keep their code,
 * HTTP status and Intercom's request id (what Intercom support asks for);
 * errors the gateway raised on purpose pass as they are; anything else is
 * a fault of ours, masked for the caller, since its message could hold
 * anything (and logged in full by `errorLogPlugin`).
 */
export function createErrorFormatter() {
  return (
    formatted: GraphQLFormattedError,
    thrown: unknown,
  ): GraphQLFormattedError => {
    const original = unwrapResolverError(thrown);

    if (original instanceof IntercomError) {
      return {
        ...formatted,
        message: original.message,
        extensions: {
          code: original.code,
          connectionId: original.connectionId,
          ...(original.status ? { upstreamStatus: original.status } : {}),
          ...(original.intercomCode
            ? { intercomCode: original.intercomCode }
            : {}),
          ...(original.requestId ? { requestId: original.requestId } : {}),
          ...(original.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: original.retryAfterSeconds }
            : {}),
        },
      };
    }

    // Apollo gives INTERNAL_SERVER_ERROR to anything thrown without a
    // code, so that code marks an unexpected error, never an expected one.
    const code = formatted.extensions?.code;
    const expected =
      typeof code === 'string' &&
      KNOWN_CODES.has(code) &&
      code !== ErrorCode.INTERNAL_SERVER_ERROR;
    if (expected) {
      return INPUT_CODES.has(code) ? withoutValues(formatted) : formatted;
    }

    // graphql-js refuses some requests only at execution, such as a
    // mutation against a schema without mutations. Those errors belong to
    // no field and wrap nothing, and they are the caller's to fix.
    if (
      original instanceof GraphQLError &&
      original.originalError === undefined &&
      original.path === undefined
    ) {
      return {
        ...withoutValues(formatted),
        extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
      };
    }

    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * Whether an error is a fault of ours: not Intercom's answer, not an
 * error raised on purpose with a code, not a request graphql-js refuses.
 */
export function isUnexpected(error: GraphQLError): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof IntercomError) return false;
  const code = error.extensions.code;
  if (
    typeof code === 'string' &&
    KNOWN_CODES.has(code) &&
    code !== ErrorCode.INTERNAL_SERVER_ERROR
  ) {
    return false;
  }
  return !(
    original instanceof GraphQLError &&
    original.originalError === undefined &&
    original.path === undefined
  );
}

/**
 * Logs every unexpected error in full, with the logger of the request it
 * happened in, which the error formatter does not know.
 */
export function errorLogPlugin(
  logger: Logger,
): ApolloServerPlugin<{ logger?: Logger }> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            if (!isUnexpected(error)) continue;
            (contextValue.logger ?? logger).error(
              { err: unwrapResolverError(error), path: error.path },
              'unexpected error while answering a query',
            );
          }
          return Promise.resolve();
        },
      });
    },
  };
}
