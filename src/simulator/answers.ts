/**
 * Answers as the server writes them: a status, headers and body bytes.
 * Handlers and faults build these; the server only adds the length.
 */
import { ApiError, errorBody } from './errors.js';
import { JsonBytes } from './json.js';

export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonAnswer(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): Outgoing {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body:
      body instanceof JsonBytes
        ? body.bytes
        : Buffer.from(JSON.stringify(body)),
  };
}

/** Intercom's `error.list`, with the request id in body and header. */
export function errorAnswer(
  requestId: string,
  error: ApiError,
  headers: Readonly<Record<string, string>>,
): Outgoing {
  return jsonAnswer(error.status, errorBody(requestId, error), {
    'x-request-id': requestId,
    ...headers,
    ...error.headers,
  });
}
