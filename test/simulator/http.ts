/** Small HTTP helpers for tests that talk to the simulator over fetch. */
import type { IntercomPages } from '../../src/intercom/models.js';
import type {
  SimulatedActivityLog,
  SimulatedRegion,
} from '../../src/simulator/index.js';

/** An answer; `T` is the body the test expects (it is not checked here). */
export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  method?: string;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  /** The Bearer token; null sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Aborts the request (for answers that never come). */
  signal?: AbortSignal;
}

/** An answer read as text, for bodies that are not JSON. */
export type RawAnswer = Omit<Answer, 'body'>;

/** Sends one request and reads the body as text, whatever it holds. */
export async function send(
  region: SimulatedRegion,
  path: string,
  options: CallOptions = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'intercom-version': '2.16',
    ...options.headers,
  };
  const token = options.token === undefined ? region.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body =
      typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  }
  const response = await fetch(`${region.url}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    signal: options.signal,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

/** Sends one request to a region, with its own token unless told otherwise. */
export async function call<T = unknown>(
  region: SimulatedRegion,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const answer = await send(region, path, options);
  const { text } = answer;
  return {
    ...answer,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

/** Polls until `ready()` holds, failing after `timeoutMs`. */
export async function waitFor(
  ready: () => boolean,
  what: string,
  timeoutMs = 5_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export type SearchKind = 'contacts' | 'conversations';

/** POST /{kind}/search. */
export function search<T = SearchPage>(
  region: SimulatedRegion,
  kind: SearchKind,
  query: unknown,
  extra: Record<string, unknown> = {},
): Promise<Answer<T>> {
  return call<T>(region, `/${kind}/search`, { body: { query, ...extra } });
}

/** An answer of the activity log, listed or searched (`activity_log_list`). */
export interface LogPage {
  type: 'activity_log.list';
  pages: IntercomPages;
  activity_logs: SimulatedActivityLog[];
}

/** The fields of a contact or conversation page that the helpers read. */
export interface SearchPage {
  type: string;
  data?: { id: string }[];
  conversations?: { id: string }[];
  total_count: number;
  pages: IntercomPages;
}

/**
 * Follows `pages.next` through every page of a search and returns the ids
 * found, failing on any answer that is not 200.
 */
export async function searchIds(
  region: SimulatedRegion,
  kind: SearchKind,
  query: unknown,
  perPage = 150,
): Promise<string[]> {
  const ids: string[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const answer = await search(region, kind, query, {
      pagination: { per_page: perPage, starting_after: startingAfter },
    });
    if (answer.status !== 200) {
      throw new Error(`search answered ${answer.status}: ${answer.text}`);
    }
    const items = (
      kind === 'contacts' ? answer.body.data : answer.body.conversations
    ) as { id: string }[];
    ids.push(...items.map((item) => item.id));
    startingAfter = answer.body.pages.next?.starting_after as
      string | undefined;
    if (startingAfter === undefined) return ids;
  }
}
