import { ErrorCode } from '../errors.js';
import type { IntercomErrorBody } from './models.js';
import { INTERCOM_WINDOW_SECONDS } from './regions.js';

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
  /** For RATE_LIMITED: when the budget is back, in seconds. */
  retryAfterSeconds?: number;
  /** For RATE_LIMITED: whether Intercom said when (a reset header). */
  resetKnown?: boolean;
  /** For a merged contact: the id of the contact it was merged into. */
  mergedInto?: string;
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
  readonly retryAfterSeconds: number | undefined;
  readonly resetKnown: boolean;
  readonly mergedInto: string | undefined;

  constructor(message: string, details: IntercomErrorDetails) {
    super(message, { cause: details.cause });
    this.name = 'IntercomError';
    this.code = details.code;
    this.connectionId = details.connectionId;
    this.status = details.status;
    this.intercomCode = details.intercomCode;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.resetKnown = details.resetKnown ?? false;
    this.mergedInto = details.mergedInto;
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

/** What the answer's headers add to an error. */
export interface AnswerHeaders {
  requestId?: string | undefined;
  limits?: { resetAt: number } | undefined;
  /** The `Link` header; Intercom names a merged contact's survivor there. */
  link?: string | undefined;
  /** The request, as `GET /contacts/abc`, so a NOT_FOUND says what. */
  request?: string | undefined;
}

/** Builds the error for an Intercom answer with a non-2xx status. */
export function errorFromAnswer(
  connectionId: string,
  status: number,
  body: unknown,
  headers: AnswerHeaders = {},
): IntercomError {
  const parsed = readErrorBody(body);
  const first = parsed?.errors[0];
  const requestId = parsed?.request_id ?? headers.requestId;
  const code = codeForStatus(status);
  const intercomCode = first?.code;
  const reason = first
    ? `${first.code}${first.message ? `: ${first.message}` : ''}`
    : 'no error body';
  const details: IntercomErrorDetails = {
    code,
    connectionId,
    status,
    ...(intercomCode ? { intercomCode } : {}),
    ...(requestId ? { requestId } : {}),
  };
  if (code === ErrorCode.RATE_LIMITED) {
    const resetAt = headers.limits?.resetAt;
    // Intercom counts calls in fixed windows, so a 429 that does not say
    // when it ends is over within one window.
    details.retryAfterSeconds =
      resetAt === undefined
        ? INTERCOM_WINDOW_SECONDS
        : Math.max(0, Math.ceil(resetAt - Date.now() / 1000));
    details.resetKnown = resetAt !== undefined;
  }
  const survivor = status === 410 ? canonicalContact(headers.link) : undefined;
  if (survivor) details.mergedInto = survivor;
  const what = describe(code, connectionId, intercomCode);
  const asked =
    code === ErrorCode.NOT_FOUND && headers.request
      ? ` for ${headers.request}`
      : '';
  return new IntercomError(
    `${what}${asked} (HTTP ${status}, ${reason})`,
    details,
  );
}

/** The id in `Link: </contacts/{id}>; rel="canonical"`, if there is one. */
function canonicalContact(link: string | undefined): string | undefined {
  const match = /<\/contacts\/([^>/?#]+)>\s*;\s*rel="?canonical"?/.exec(
    link ?? '',
  );
  return match?.[1];
}

function describe(
  code: IntercomFailureCode,
  connectionId: string,
  intercomCode: string | undefined,
): string {
  switch (code) {
    case ErrorCode.INTERCOM_UNAUTHORIZED:
      if (intercomCode === 'token_revoked') {
        return `The token of connection '${connectionId}' has been revoked in Intercom`;
      }
      if (intercomCode === 'token_expired') {
        return `The token of connection '${connectionId}' has expired`;
      }
      return `Intercom rejected the token of connection '${connectionId}'`;
    case ErrorCode.FORBIDDEN:
      if (intercomCode === 'api_plan_restricted') {
        return `The Intercom plan of connection '${connectionId}' does not include this data`;
      }
      return `The token of connection '${connectionId}' lacks the Intercom permission this data needs`;
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
