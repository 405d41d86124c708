/**
 * The stable `extensions.code` values of the gateway's GraphQL errors.
 * Callers branch on these strings, so they never change meaning; new codes
 * may be added.
 */
export const ErrorCode = {
  /** No gateway key, or a key the gateway does not know. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller may not use that connection, or Intercom refused a scope. */
  FORBIDDEN: 'FORBIDDEN',
  /** The record does not exist in that workspace. */
  NOT_FOUND: 'NOT_FOUND',
  /** Intercom rejected the connection's token. */
  INTERCOM_UNAUTHORIZED: 'INTERCOM_UNAUTHORIZED',
  /** Intercom's rate limit for the connection is spent. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Intercom did not answer, or answered with something unusable. */
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  /** An argument, cursor or filter the gateway or Intercom cannot use. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The query would cost more upstream calls than the caller may spend. */
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  /** The query is not valid GraphQL. */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The query does not fit the schema. */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** The query names an operation the document does not hold. */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** The HTTP request itself is unusable (method, headers, body). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** A persisted-query hash the gateway does not know: send the query. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** A fault of the gateway itself; details are in the server log only. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Normalises anything thrown into an Error, once, where it is caught. */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
