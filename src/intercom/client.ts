import pRetry from 'p-retry';
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { noteJsonLength } from '../cache/sizes.js';
import { ErrorCode } from '../errors.js';
import {
  IntercomBudget,
  type BudgetSnapshot,
  type RateLimitHeaders,
} from './budget.js';
import { IntercomError, errorFromAnswer } from './errors.js';
import { INTERCOM_API_VERSION, type Region } from './regions.js';

export interface IntercomClientOptions {
  connectionId: string;
  region: Region;
  /** Base URL of the region's host, without a trailing slash. */
  baseUrl: string;
  /** The workspace's access token; sent only in `Authorization`. */
  token: string;
  /** Longest wait for one whole answer, in milliseconds. */
  timeoutMs: number;
  /** Retries of one call after a 408, 5xx or network failure. */
  retries: number;
  /** The connection's share of Intercom's rate limit. */
  budget: IntercomBudget;
  /** Shared connection pool; one per process keeps sockets warm. */
  dispatcher: Dispatcher;
  /**
   * Told about every finished exchange, for counting and metrics, with
   * the options of the read it was for.
   */
  onCall?: (call: IntercomCall, options: CallOptions) => void;
}

/** One finished HTTP exchange with Intercom. */
export interface IntercomCall {
  connectionId: string;
  method: 'GET' | 'POST';
  path: string;
  /** HTTP status, or 0 when no answer arrived. */
  status: number;
  durationMs: number;
  /**
   * How long this attempt waited for the connection's rate budget (a
   * concurrency slot and a unit of the window) before it was sent.
   */
  budgetWaitMs?: number;
  /** How long it waited, after a 429, for the reset Intercom named. */
  retryAfterWaitMs?: number;
}

export type QueryParams = Record<string, string | number | undefined>;

/** Counters one operation keeps of its Intercom reads. */
export interface CallStats {
  /** HTTP exchanges with Intercom, retries included. */
  upstreamCalls: number;
  /** Reads answered by the response cache or by a load already running. */
  cacheHits: number;
}

export interface CallOptions {
  /** Counted into, when the caller wants to know what a read cost. */
  stats?: CallStats;
  /** Epoch milliseconds by which the call must end, retries included. */
  deadline?: number;
  /**
   * Whether a 429 is waited out until Intercom's reset (the default). A
   * health check would rather report the limit than wait for it.
   */
  waitForRateLimit?: boolean;
  /** The logger of the request the read is for, whose lines carry its id. */
  logger?: Logger;
}

/** First wait before retrying a failed call; it doubles, with jitter. */
const FIRST_RETRY_DELAY_MS = 200;
const LONGEST_RETRY_DELAY_MS = 5_000;

/**
 * Talks to one Intercom workspace on its regional host. It pins the API
 * version, authenticates, spends the connection's rate budget, retries
 * what is worth retrying within the caller's deadline, and turns every
 * failure into an {@link IntercomError}. It neither caches nor batches:
 * the layers above do.
 */
export class IntercomClient {
  readonly connectionId: string;
  readonly region: Region;
  readonly #options: IntercomClientOptions;
  readonly #headers: Record<string, string>;

  constructor(options: IntercomClientOptions) {
    this.connectionId = options.connectionId;
    this.region = options.region;
    this.#options = options;
    this.#headers = {
      authorization: `Bearer ${options.token}`,
      accept: 'application/json',
      'intercom-version': INTERCOM_API_VERSION,
    };
  }

  get<T>(path: string, query?: QueryParams, options?: CallOptions) {
    return this.#send<T>(
      'GET',
      path + toQueryString(query),
      undefined,
      options,
    );
  }

  post<T>(path: string, body: unknown, options?: CallOptions) {
    return this.#send<T>('POST', path, JSON.stringify(body), options);
  }

  /** Where the connection's rate budget stands; reading spends none. */
  budgetSnapshot(): Promise<BudgetSnapshot> {
    return this.#options.budget.snapshot();
  }

  async #send<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    options: CallOptions = {},
  ): Promise<T> {
    const deadline =
      options.deadline ?? Date.now() + this.#options.timeoutMs * 2;
    const { budget, retries } = this.#options;
    const patient = options.waitForRateLimit ?? true;
    // The wait for a 429's reset, told with the attempt that follows it.
    let retryAfterWaitMs: number | undefined;
    return pRetry(
      () => {
        const queued = performance.now();
        return budget.run(deadline, () => {
          const waits = {
            budgetWaitMs: performance.now() - queued,
            retryAfterWaitMs,
          };
          retryAfterWaitMs = undefined;
          return this.#attempt<T>(method, path, body, deadline, options, waits);
        });
      },
      {
        retries,
        minTimeout: FIRST_RETRY_DELAY_MS,
        maxTimeout: LONGEST_RETRY_DELAY_MS,
        randomize: true,
        maxRetryTime: Math.max(0, deadline - Date.now()),
        // A 429 is waited out until Intercom's reset; it is not a failure
        // of the call, so it does not use up the retries for failures.
        shouldConsumeRetry: ({ error }) => !hasResetTime(error),
        shouldRetry: ({ error }) =>
          isRetryable(error) && (patient || !isRateLimited(error)),
        onFailedAttempt: async ({ error }) => {
          if (!patient) return;
          // Intercom said when its window resets: wait exactly that long,
          // unless that is past the deadline. Without a reset, p-retry's
          // growing backoff waits instead, from a first second.
          if (!hasResetTime(error) || !(error instanceof IntercomError)) return;
          const waitMs = (error.retryAfterSeconds ?? 0) * 1000;
          if (Date.now() + waitMs > deadline) throw error;
          const sleptFrom = performance.now();
          await sleep(waitMs);
          retryAfterWaitMs = performance.now() - sleptFrom;
        },
      },
    );
  }

  async #attempt<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    deadline: number,
    options: CallOptions,
    waits: Pick<IntercomCall, 'budgetWaitMs' | 'retryAfterWaitMs'> = {},
  ): Promise<T> {
    const { connectionId, baseUrl, timeoutMs, dispatcher } = this.#options;
    if (options.stats) options.stats.upstreamCalls += 1;
    const started = performance.now();
    const waitMs = Math.max(1, Math.min(timeoutMs, deadline - Date.now()));
    let status = 0;
    try {
      // The timeout covers the whole exchange, body included, so a host
      // that sends headers and then stalls cannot hold a resolver forever.
      const answer = await request(baseUrl + path, {
        method,
        dispatcher,
        headers:
          body === undefined
            ? this.#headers
            : { ...this.#headers, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(waitMs),
      });
      status = answer.statusCode;
      const text = await answer.body.text();
      const limits = rateLimitHeaders(answer.headers);
      this.#options.budget.observe(limits);
      const requestId = header(answer.headers, 'x-request-id');
      const parsed = parseJson(text);
      if (status >= 200 && status < 300) {
        if (parsed === undefined) {
          throw this.#unusable(status, 'a body that is not JSON', requestId);
        }
        noteJsonLength(parsed, text.length);
        return parsed as T;
      }
      throw errorFromAnswer(connectionId, status, parsed, {
        requestId,
        limits,
        link: header(answer.headers, 'link'),
        request: `${method} ${path.split('?', 1)[0] ?? path}`,
      });
    } catch (error: unknown) {
      throw this.#normalise(error, status, waitMs);
    } finally {
      this.#options.onCall?.(
        {
          connectionId,
          method,
          path: path.split('?', 1)[0] ?? path,
          status,
          durationMs: performance.now() - started,
          ...(waits.budgetWaitMs === undefined
            ? {}
            : { budgetWaitMs: waits.budgetWaitMs }),
          ...(waits.retryAfterWaitMs === undefined
            ? {}
            : { retryAfterWaitMs: waits.retryAfterWaitMs }),
        },
        options,
      );
    }
  }

  #unusable(status: number, what: string, requestId?: string) {
    return new IntercomError(
      `Intercom answered connection '${this.connectionId}' with ${what} (HTTP ${status})`,
      {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        connectionId: this.connectionId,
        status,
        ...(requestId ? { requestId } : {}),
      },
    );
  }

  #normalise(error: unknown, status: number, waitMs: number): IntercomError {
    if (error instanceof IntercomError) return error;
    const timedOut =
      error instanceof Error &&
      (error.name === 'TimeoutError' || error.name === 'AbortError');
    const { timeoutMs } = this.#options;
    const what = !timedOut
      ? 'a network failure'
      : waitMs < timeoutMs
        ? "no answer before the query's deadline"
        : `no answer within ${timeoutMs} ms`;
    return new IntercomError(
      `Intercom could not be reached for connection '${this.connectionId}': ${what}`,
      {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        connectionId: this.connectionId,
        ...(status ? { status } : {}),
        cause: error,
      },
    );
  }
}

/**
 * Worth another try: Intercom's rate limit, a request timeout, its own
 * faults, and answers that never arrived or arrived broken. Any other 4xx
 * would fail the same way again.
 */
function isRetryable(error: unknown): boolean {
  if (!(error instanceof IntercomError)) return false;
  const status = error.status ?? 0;
  return (
    status === 0 ||
    status === 408 ||
    status === 429 ||
    status >= 500 ||
    error.code === ErrorCode.UPSTREAM_UNAVAILABLE
  );
}

function isRateLimited(error: unknown): boolean {
  return (
    error instanceof IntercomError && error.code === ErrorCode.RATE_LIMITED
  );
}

function hasResetTime(error: unknown): boolean {
  return (
    error instanceof IntercomError &&
    error.code === ErrorCode.RATE_LIMITED &&
    error.resetKnown
  );
}

function rateLimitHeaders(
  headers: Record<string, string | string[] | undefined>,
): RateLimitHeaders | undefined {
  const limit = Number(header(headers, 'x-ratelimit-limit'));
  const remaining = Number(header(headers, 'x-ratelimit-remaining'));
  const resetAt = Number(header(headers, 'x-ratelimit-reset'));
  const known = [limit, remaining, resetAt].every(
    (value) => Number.isFinite(value) && value >= 0,
  );
  return known ? { limit, remaining, resetAt } : undefined;
}

function toQueryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
