import { ErrorCode } from '../errors.js';
import type { IntercomErrorBody } from './models.js';

/** The gateway codes an Intercom failure can carry. */
export type IntercomFailureCode =
  | typeof ErrorCode.INTERCOM_UNAUTHORIZED
  | typeof ErrorCode.FORBIDDEN
  | typeof ErrorCode.NOT_FOUND
  | typeof ErrorCode.RATE_LIMITED
  | typeof ErrorCode.UPSTREAM_UNAVAILABLE
  | typeof ErrorCode.BAD_USER_INPUT;

export interface IntercomErrorDetails {
  code: IntercomFailureCode;
  connectionId: string;
  /** HTTP status of Intercom's answer; absent when there was no answer. */
  status?: number;
  /** Intercom's own error code, such as `token_not_found`. */
  intercomCode?: string;
  /** Intercom's `request_id`, which Intercom support asks for. */
  requestId?: string;
  cause?: unknown;
}

/**
 * A failed call to Intercom, typed once at the HTTP boundary. Everything
 * above the client works with this, never with raw responses. The message
 * is safe to show a caller: it names the connection, never its token.
 */
export class IntercomError extends Error {
  readonly code: IntercomFailureCode;
  readonly connectionId: string;
  readonly status: number | undefined;
  readonly intercomCode: string | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, details: IntercomErrorDetails) {
    super(message, { cause: details.cause });
    this.name = 'IntercomError';
    this.code = details.code;
    this.connectionId = details.connectionId;
    this.status = details.status;
    this.intercomCode = details.intercomCode;
    this.requestId = details.requestId;
  }
}

/** Reads Intercom's `error.list` body, or nothing if the body is not one. */
export function readErrorBody(body: unknown): IntercomErrorBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const candidate = body as Partial<IntercomErrorBody>;
  if (candidate.type !== 'error.list' || !Array.isArray(candidate.errors)) {
    return undefined;
  }
  return candidate as IntercomErrorBody;
}

/**
 * Maps an Intercom error answer onto a gateway code: by HTTP status first,
 * since every Intercom error carries one, then by Intercom's code where the
 * status alone is ambiguous.
 */
export function codeForStatus(status: number): IntercomFailureCode {
  if (status === 401) return ErrorCode.INTERCOM_UNAUTHORIZED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404 || status === 410) return ErrorCode.NOT_FOUND;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status === 400 || status === 422) return ErrorCode.BAD_USER_INPUT;
  return ErrorCode.UPSTREAM_UNAVAILABLE;
}

/** Builds the error for an Intercom answer with a non-2xx status. */
export function errorFromAnswer(
  connectionId: string,
  status: number,
  body: unknown,
  headerRequestId: string | undefined,
): IntercomError {
  const parsed = readErrorBody(body);
  const first = parsed?.errors[0];
  const requestId = parsed?.request_id ?? headerRequestId;
  const code = codeForStatus(status);
  const reason = first
    ? `${first.code}${first.message ? `: ${first.message}` : ''}`
    : 'no error body';
  return new IntercomError(
    `${describe(code, connectionId)} (HTTP ${status}, ${reason})`,
    {
      code,
      connectionId,
      status,
      ...(first ? { intercomCode: first.code } : {}),
      ...(requestId ? { requestId } : {}),
    },
  );
}

function describe(code: IntercomFailureCode, connectionId: string): string {
  switch (code) {
    case ErrorCode.INTERCOM_UNAUTHORIZED:
      return `Intercom rejected the token of connection '${connectionId}'`;
    case ErrorCode.FORBIDDEN:
      return `Intercom refused connection '${connectionId}' access to this data`;
    case ErrorCode.NOT_FOUND:
      return `Intercom has no such record in connection '${connectionId}'`;
    case ErrorCode.RATE_LIMITED:
      return `Intercom's rate limit for connection '${connectionId}' is spent`;
    case ErrorCode.BAD_USER_INPUT:
      return `Intercom refused the request for connection '${connectionId}'`;
    case ErrorCode.UPSTREAM_UNAVAILABLE:
      return `Intercom failed to answer for connection '${connectionId}'`;
  }
}
