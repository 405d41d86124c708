/**
 * Faults tests inject into one region's answers: Intercom's own error
 * answers, what a load balancer or a broken connection sends instead, and
 * answers that come late or never. Rules apply in the order injected; each
 * matching request consumes one use of the first rule it matches.
 */
import { STATUS_CODES } from 'node:http';
import { errorAnswer, type Outgoing } from './answers.js';
import { ApiError } from './errors.js';
import {
  rateLimitHeaders,
  rateLimitMessage,
  type RateBudget,
  type RateLimitConfig,
} from './ratelimit.js';

export type SimulatedFault =
  /**
   * 429 `rate_limit_exceeded`, with rate-limit headers whose reset is
   * `resetInSeconds` (default 1) from now; null sends a 429 without any
   * `X-RateLimit-*` header.
   */
  | { kind: 'rate_limited'; resetInSeconds?: number | null }
  /** Intercom's error list with a 5xx status (default 500). */
  | { kind: 'server_error'; status?: 500 | 502 | 503 | 504 }
  /** A load balancer's HTML error page (default 502). */
  | { kind: 'html'; status?: number }
  /** 200 with a JSON content type and the body cut off half way. */
  | { kind: 'malformed_json' }
  /** The normal answer, `delayMs` late. */
  | { kind: 'slow'; delayMs: number }
  /** No answer: the socket stays open until the client or close() ends it. */
  | { kind: 'hang' }
  /** 408 `request_timeout`. */
  | { kind: 'request_timeout' }
  /** 401 with the given code (default `unauthorized`), or no body at all. */
  | {
      kind: 'unauthorized';
      code?:
        'unauthorized' | 'token_not_found' | 'token_revoked' | 'token_expired';
      emptyBody?: boolean;
    }
  /** 403 with the given code (default `forbidden`) and message. */
  | {
      kind: 'forbidden';
      code?: 'api_plan_restricted' | 'forbidden';
      message?: string;
    }
  /** 400 with the given code (default `bad_request`) and message. */
  | { kind: 'bad_request'; code?: string; message?: string };

export interface FaultOptions {
  /** Answers that get the fault: default 1; Infinity for all of them. */
  times?: number;
  /** Only requests with this method (any case). */
  method?: string;
  /** Only paths that start with this string or match this RegExp. */
  path?: string | RegExp;
}

interface Rule {
  fault: SimulatedFault;
  left: number;
  method: string | null;
  path: string | RegExp | null;
}

const SERVER_ERRORS = {
  500: [
    'server_error',
    'Request failed due to an internal error. Please reach out to support',
  ],
  502: ['server_error', 'Bad gateway: the request could not be completed'],
  503: ['service_unavailable', 'Service temporarily unavailable'],
  504: ['server_error', 'Gateway timeout: the request took too long'],
} as const;

const UNAUTHORIZED_MESSAGES = {
  unauthorized: 'Access Token Invalid',
  token_not_found: 'Token not found',
  token_revoked: 'Token revoked',
  token_expired: 'Token expired',
} as const;

const FORBIDDEN_MESSAGES = {
  api_plan_restricted: 'Active subscription needed.',
  forbidden: 'Forbidden request',
} as const;

/** A test's mistake in describing a fault: thrown by inject(). */
function invalid(what: string, got: unknown): never {
  const shown = got === undefined ? 'undefined' : JSON.stringify(got);
  throw new RangeError(`${what}; got ${shown}`);
}

function check(fault: SimulatedFault): void {
  switch (fault.kind) {
    case 'rate_limited': {
      const reset = fault.resetInSeconds;
      if (reset != null && !(Number.isFinite(reset) && reset >= 0)) {
        invalid('rate_limited.resetInSeconds must be >= 0 or null', reset);
      }
      return;
    }
    case 'server_error':
      if (fault.status !== undefined && !(fault.status in SERVER_ERRORS)) {
        invalid(
          'server_error.status must be 500, 502, 503 or 504',
          fault.status,
        );
      }
      return;
    case 'html':
      if (
        fault.status !== undefined &&
        !(
          Number.isInteger(fault.status) &&
          fault.status >= 200 &&
          fault.status <= 599
        )
      ) {
        invalid('html.status must be an integer from 200 to 599', fault.status);
      }
      return;
    case 'slow':
      if (!(Number.isFinite(fault.delayMs) && fault.delayMs >= 0)) {
        invalid('slow.delayMs must be a number >= 0', fault.delayMs);
      }
      return;
    case 'unauthorized':
      if (fault.code !== undefined && !(fault.code in UNAUTHORIZED_MESSAGES)) {
        invalid(
          `unauthorized.code must be one of ${Object.keys(UNAUTHORIZED_MESSAGES).join(', ')}`,
          fault.code,
        );
      }
      return;
    case 'forbidden':
      if (fault.code !== undefined && !(fault.code in FORBIDDEN_MESSAGES)) {
        invalid(
          'forbidden.code must be api_plan_restricted or forbidden',
          fault.code,
        );
      }
      return;
    case 'malformed_json':
    case 'hang':
    case 'request_timeout':
    case 'bad_request':
      return;
    default:
      invalid('fault.kind is not a SimulatedFault kind', fault);
  }
}

/** The faults waiting for one region's requests. */
export class FaultRules {
  #rules: Rule[] = [];

  add(fault: SimulatedFault, options: FaultOptions = {}): void {
    check(fault);
    const times = options.times ?? 1;
    if (!(times === Infinity || (Number.isInteger(times) && times >= 1))) {
      invalid('FaultOptions.times must be an integer >= 1 or Infinity', times);
    }
    if (options.method !== undefined && options.method.trim() === '') {
      invalid('FaultOptions.method must be an HTTP method', options.method);
    }
    const { path } = options;
    if (typeof path === 'string' && !path.startsWith('/')) {
      invalid("FaultOptions.path must start with '/'", path);
    }
    this.#rules.push({
      // A copy: a test that reuses its object cannot change a queued rule.
      fault: { ...fault },
      left: times,
      method: options.method?.toUpperCase() ?? null,
      // A global or sticky RegExp remembers where it last matched; a copy
      // without those flags matches each path from its start.
      path:
        path instanceof RegExp
          ? new RegExp(path.source, path.flags.replace(/[gy]/g, ''))
          : (path ?? null),
    });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The fault for this request, if a rule matches, using it up once. */
  take(method: string, path: string): SimulatedFault | null {
    const index = this.#rules.findIndex(
      (rule) =>
        (rule.method === null || rule.method === method.toUpperCase()) &&
        (rule.path === null ||
          (typeof rule.path === 'string'
            ? path.startsWith(rule.path)
            : rule.path.test(path))),
    );
    const rule = this.#rules[index];
    if (rule === undefined) return null;
    rule.left--;
    if (rule.left <= 0) this.#rules.splice(index, 1);
    return rule.fault;
  }
}

export interface FaultContext {
  requestId: string;
  budget: RateBudget;
  rateLimit: RateLimitConfig;
  nowMs: number;
  /** The answer the request would have had without the fault. */
  normal(): Outgoing;
}

/** What a load balancer in front of Intercom sends on its own. */
function htmlPage(status: number): Outgoing {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  const page = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  return {
    status,
    headers: { 'content-type': 'text/html' },
    body: Buffer.from(page),
  };
}

/**
 * The answer a fault sends. `hang` never gets here and `slow` is the
 * normal answer: the server handles their timing. Answers from Intercom
 * itself carry the token's rate-limit headers; the load balancer's page
 * carries none.
 */
export function faultAnswer(
  fault: Exclude<SimulatedFault, { kind: 'hang' }>,
  context: FaultContext,
): Outgoing {
  const { requestId, budget } = context;
  const rate = rateLimitHeaders(budget);
  const fail = (status: number, code: string, message: string) =>
    errorAnswer(requestId, new ApiError(status, code, message), rate);

  switch (fault.kind) {
    case 'rate_limited': {
      const { perWindow, windowSeconds } = context.rateLimit;
      const error = new ApiError(
        429,
        'rate_limit_exceeded',
        rateLimitMessage(perWindow, windowSeconds),
      );
      if (fault.resetInSeconds === null) {
        return errorAnswer(requestId, error, {});
      }
      // Whole Unix seconds, as the header carries them, rounded down: a
      // client that waits until the reset waits at most resetInSeconds
      // (and more than resetInSeconds - 1).
      const reset = Math.floor(
        context.nowMs / 1000 + (fault.resetInSeconds ?? 1),
      );
      return errorAnswer(
        requestId,
        error,
        rateLimitHeaders({ ...budget, remaining: 0, resetAt: reset }),
      );
    }
    case 'server_error': {
      const status = fault.status ?? 500;
      const [code, message] = SERVER_ERRORS[status];
      return fail(status, code, message);
    }
    case 'html':
      return htmlPage(fault.status ?? 502);
    case 'malformed_json': {
      const normal = context.normal();
      const cut = normal.body.subarray(0, Math.floor(normal.body.length / 2));
      return {
        status: 200,
        headers: normal.headers,
        body: cut.length > 0 ? cut : Buffer.from('{"type":"'),
      };
    }
    case 'slow':
      return context.normal();
    case 'request_timeout':
      return fail(
        408,
        'request_timeout',
        'The request timed out before it could be processed',
      );
    case 'unauthorized': {
      const code = fault.code ?? 'unauthorized';
      if (fault.emptyBody === true) {
        return {
          status: 401,
          headers: { 'x-request-id': requestId, ...rate },
          body: Buffer.alloc(0),
        };
      }
      return fail(401, code, UNAUTHORIZED_MESSAGES[code]);
    }
    case 'forbidden': {
      const code = fault.code ?? 'forbidden';
      return fail(403, code, fault.message ?? FORBIDDEN_MESSAGES[code]);
    }
    case 'bad_request':
      return fail(
        400,
        fault.code ?? 'bad_request',
        fault.message ?? 'The request could not be understood',
      );
  }
}
