import { request, type Dispatcher } from 'undici';
import { ErrorCode } from '../errors.js';
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
  /** Shared connection pool; one per process keeps sockets warm. */
  dispatcher: Dispatcher;
  /** Told about every finished call, for counting and metrics. */
  onCall?: (call: IntercomCall) => void;
}

/** One finished HTTP exchange with Intercom. */
export interface IntercomCall {
  connectionId: string;
  method: 'GET' | 'POST';
  path: string;
  /** HTTP status, or 0 when no answer arrived. */
  status: number;
  durationMs: number;
}

export type QueryParams = Record<string, string | number | undefined>;

/**
 * Talks to one Intercom workspace on its regional host. It pins the API
 * version, authenticates, bounds each call by a timeout, and turns every
 * failure into an {@link IntercomError}. It neither caches nor batches: the
 * layers above do.
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

  get<T>(path: string, query?: QueryParams): Promise<T> {
    return this.#send<T>('GET', path + toQueryString(query), undefined);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.#send<T>('POST', path, JSON.stringify(body));
  }

  async #send<T>(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
  ): Promise<T> {
    const { connectionId, baseUrl, timeoutMs, dispatcher } = this.#options;
    const started = performance.now();
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
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = answer.statusCode;
      const text = await answer.body.text();
      const requestId = header(answer.headers, 'x-request-id');
      const parsed = parseJson(text);
      if (status >= 200 && status < 300) {
        if (parsed === undefined) {
          throw this.#unusable(status, 'a body that is not JSON', requestId);
        }
        return parsed as T;
      }
      throw errorFromAnswer(connectionId, status, parsed, requestId);
    } catch (error: unknown) {
      throw this.#normalise(error, status);
    } finally {
      this.#options.onCall?.({
        connectionId,
        method,
        path: path.split('?', 1)[0] ?? path,
        status,
        durationMs: performance.now() - started,
      });
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

  #normalise(error: unknown, status: number): IntercomError {
    if (error instanceof IntercomError) return error;
    const timedOut =
      error instanceof Error &&
      (error.name === 'TimeoutError' || error.name === 'AbortError');
    const what = timedOut
      ? `no answer within ${this.#options.timeoutMs} ms`
      : 'a network failure';
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
