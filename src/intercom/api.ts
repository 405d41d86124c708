import assert from 'node:assert/strict';
import type { ResponseCache } from '../cache/response-cache.js';
import { connectionScope, requestKey } from '../cache/keys.js';
import type { BudgetSnapshot } from './budget.js';
import type { CallOptions, IntercomClient, QueryParams } from './client.js';
import { ErrorCode } from '../errors.js';
import { IntercomError } from './errors.js';
import type {
  IntercomActivityLog,
  IntercomActivityLogEventTypeList,
  IntercomActivityLogList,
  IntercomActivityLogSearch,
  IntercomAdmin,
  IntercomAdminList,
  IntercomAwayStatusReasonList,
  IntercomBrandList,
  IntercomCompany,
  IntercomCompanyList,
  IntercomContact,
  IntercomContactList,
  IntercomContactSegments,
  IntercomConversation,
  IntercomConversationAttributeList,
  IntercomConversationList,
  IntercomConversationWithParts,
  IntercomDataAttributeList,
  IntercomIpAllowlist,
  IntercomMe,
  IntercomPages,
  IntercomSearchQuery,
  IntercomSearchRequest,
  IntercomSegmentList,
  IntercomTag,
  IntercomTagList,
  IntercomTeam,
  IntercomTeamList,
} from './models.js';

/**
 * How long each kind of answer may be reused, in seconds. Workspace
 * settings and the directory (admins, teams, tags, segments, attribute
 * definitions) change rarely; contacts, companies and conversations change
 * all day, so they live shorter.
 */
export interface CacheTtlSeconds {
  workspace: number;
  directory: number;
  records: number;
}

export type CacheKind = keyof CacheTtlSeconds;

/** A page request onto Intercom's cursor pagination. */
export interface PageRequest {
  perPage: number;
  startingAfter?: string | null | undefined;
}

/** One page of records, whatever the endpoint's envelope calls its rows. */
export interface RecordPage<T> {
  rows: T[];
  pages?: IntercomPages | null | undefined;
  /** How many records match in all, or null where Intercom does not say. */
  totalCount: number | null;
}

/** A merge can be merged again; past this many hops something is wrong. */
const MAX_MERGE_HOPS = 3;

/**
 * Intercom numbers its pages of companies instead of handing out cursors,
 * so every page is read at one size, the largest Intercom serves, and a
 * page's number stands in for the cursor.
 */
export const COMPANY_PAGE_SIZE = 60;

/**
 * Activity log searches are read 150 entries at a time, the most a page
 * of the gateway holds; Intercom's search serves up to 250.
 */
export const ACTIVITY_SEARCH_PAGE_SIZE = 150;

/**
 * Where a walk of the activity log search stands: the second of the last
 * entry read and how many entries of that second were read. Intercom
 * orders entries of one second the same way every time, so those are the
 * first of that second in the next answer.
 */
export interface LogPosition {
  second: number;
  seen: number;
}

/** A `LogPosition` as a page request's `startingAfter`: `second.seen`. */
export const LOG_POSITION = /^(\d{1,12})\.(\d{1,9})$/;

function readLogPosition(text: string): LogPosition {
  const match = LOG_POSITION.exec(text);
  assert(match, `unchecked activity log position: "${text}"`);
  return { second: Number(match[1]), seen: Number(match[2]) };
}

/** The position after `rows`, which were read from `from` on. */
function logPositionAfter(
  rows: readonly IntercomActivityLog[],
  from: LogPosition | null,
): string {
  const last = rows[rows.length - 1];
  assert(last, 'a page with more to read holds entries');
  const second = last.created_at;
  let seen = 0;
  for (let i = rows.length - 1; i >= 0 && rows[i]?.created_at === second; i--) {
    seen += 1;
  }
  if (from && from.second === second) seen += from.seen;
  return `${second}.${seen}`;
}

/**
 * The Intercom reads the gateway makes for one connection, each one typed
 * and served through the shared response cache under the connection's own
 * scope. Every read takes the caller's deadline, which bounds its waits
 * and retries.
 */
export class IntercomApi {
  readonly connectionId: string;
  readonly #client: IntercomClient;
  readonly #cache: ResponseCache;
  readonly #ttl: CacheTtlSeconds;
  readonly #scope: string;
  readonly #explain:
    ((error: IntercomError) => Promise<IntercomError>) | undefined;

  constructor(options: {
    client: IntercomClient;
    token: string;
    cache: ResponseCache;
    ttlSeconds: CacheTtlSeconds;
    /** Adds what is known about a rejected token to its error. */
    explainUnauthorized?: (error: IntercomError) => Promise<IntercomError>;
  }) {
    this.#explain = options.explainUnauthorized;
    this.connectionId = options.client.connectionId;
    this.#client = options.client;
    this.#cache = options.cache;
    this.#ttl = options.ttlSeconds;
    this.#scope = connectionScope(this.connectionId, options.token);
  }

  /**
   * What is left of the connection's Intercom rate budget in the current
   * window, shared by every query; reading it makes no call.
   */
  budget(): Promise<BudgetSnapshot> {
    return this.#client.budgetSnapshot();
  }

  /**
   * The token's admin and workspace. Every Intercom token can read `/me`,
   * so a 404 there means the host is not Intercom's API at all.
   */
  async me(options?: CallOptions): Promise<IntercomMe> {
    try {
      return await this.#get('workspace', '/me', undefined, options);
    } catch (error: unknown) {
      if (!(error instanceof IntercomError)) throw error;
      if (error.code !== ErrorCode.NOT_FOUND) throw error;
      throw notIntercom(error, this.#client.region);
    }
  }

  admins(options?: CallOptions): Promise<IntercomAdminList> {
    return this.#get('directory', '/admins', undefined, options);
  }

  admin(id: string, options?: CallOptions): Promise<IntercomAdmin> {
    return this.#get('directory', `/admins/${segment(id)}`, undefined, options);
  }

  teams(options?: CallOptions): Promise<IntercomTeamList> {
    return this.#get('directory', '/teams', undefined, options);
  }

  team(id: string, options?: CallOptions): Promise<IntercomTeam> {
    return this.#get('directory', `/teams/${segment(id)}`, undefined, options);
  }

  /** Refused (403) to tokens without the scope to read it. */
  ipAllowlist(options?: CallOptions): Promise<IntercomIpAllowlist> {
    return this.#get('workspace', '/ip_allowlist', undefined, options);
  }

  brands(options?: CallOptions): Promise<IntercomBrandList> {
    return this.#get('workspace', '/brands', undefined, options);
  }

  awayStatusReasons(
    options?: CallOptions,
  ): Promise<IntercomAwayStatusReasonList> {
    return this.#get('directory', '/away_status_reasons', undefined, options);
  }

  activityLogEventTypes(
    options?: CallOptions,
  ): Promise<IntercomActivityLogEventTypeList> {
    const path = '/admins/activity_log_event_types';
    return this.#get('workspace', path, undefined, options);
  }

  tags(options?: CallOptions): Promise<IntercomTagList> {
    return this.#get('directory', '/tags', undefined, options);
  }

  tag(id: string, options?: CallOptions): Promise<IntercomTag> {
    return this.#get('directory', `/tags/${segment(id)}`, undefined, options);
  }

  segments(options?: CallOptions): Promise<IntercomSegmentList> {
    const query = { include_count: 'true' };
    return this.#get('directory', '/segments', query, options);
  }

  dataAttributes(
    model: 'contact' | 'company',
    options?: CallOptions,
  ): Promise<IntercomDataAttributeList> {
    const query = { model, include_archived: 'true' };
    return this.#get('directory', '/data_attributes', query, options);
  }

  conversationAttributes(
    options?: CallOptions,
  ): Promise<IntercomConversationAttributeList> {
    const query = { include_archived: 'true' };
    return this.#get('directory', '/conversations/attributes', query, options);
  }

  company(id: string, options?: CallOptions): Promise<IntercomCompany> {
    const path = `/companies/${segment(id)}`;
    return this.#get('records', path, undefined, options);
  }

  /**
   * Page `number` (from 1) of the companies that have users, at the
   * largest page size. Listing and loading companies by id read the same
   * pages, so each can answer from what the other cached.
   */
  companyListPage(
    number: number,
    options?: CallOptions,
  ): Promise<IntercomCompanyList> {
    assert(Number.isSafeInteger(number) && number >= 1, 'bad page number');
    const query = { page: number, per_page: COMPANY_PAGE_SIZE };
    return this.#get('records', '/companies', query, options);
  }

  /** A page of companies; `startingAfter` holds the page number. */
  async companiesPage(
    page: PageRequest,
    options?: CallOptions,
  ): Promise<RecordPage<IntercomCompany>> {
    const number = page.startingAfter ? Number(page.startingAfter) : 1;
    const answer = await this.companyListPage(number, options);
    const lastPage = answer.pages?.total_pages ?? number;
    return {
      rows: answer.data,
      totalCount: answer.total_count ?? null,
      pages:
        number < lastPage
          ? { type: 'pages', next: { starting_after: String(number + 1) } }
          : null,
    };
  }

  /**
   * A contact by id. A contact merged into another answers 410 and names
   * the survivor, which is read in its place: callers asked about a
   * person, and the survivor is that person now.
   */
  async contact(id: string, options?: CallOptions): Promise<IntercomContact> {
    let current = id;
    for (let hop = 0; ; hop += 1) {
      try {
        const path = `/contacts/${segment(current)}`;
        return await this.#get('records', path, undefined, options);
      } catch (error: unknown) {
        const survivor =
          error instanceof IntercomError ? error.mergedInto : undefined;
        if (!survivor || hop >= MAX_MERGE_HOPS) throw error;
        current = survivor;
      }
    }
  }

  contactSegments(
    id: string,
    options?: CallOptions,
  ): Promise<IntercomContactSegments> {
    const path = `/contacts/${segment(id)}/segments`;
    return this.#get('records', path, undefined, options);
  }

  searchContacts(
    search: IntercomSearchRequest,
    options?: CallOptions,
  ): Promise<IntercomContactList> {
    return this.#post('records', '/contacts/search', search, options);
  }

  conversation(
    id: string,
    options?: CallOptions,
  ): Promise<IntercomConversationWithParts> {
    const path = `/conversations/${segment(id)}`;
    return this.#get('records', path, undefined, options);
  }

  searchConversations(
    search: IntercomSearchRequest,
    options?: CallOptions,
  ): Promise<IntercomConversationList> {
    return this.#post('records', '/conversations/search', search, options);
  }

  /** A page of the admin activity log within a time range. */
  async activityLogsPage(
    page: PageRequest,
    range: { after: number; before?: number | undefined },
    options?: CallOptions,
  ): Promise<RecordPage<IntercomActivityLog>> {
    const query = {
      created_at_after: range.after,
      created_at_before: range.before,
      ...pageQuery(page),
    };
    const answer = await this.#get<IntercomActivityLogList>(
      'records',
      '/admins/activity_logs',
      query,
      options,
    );
    return {
      // Intercom's description allows null entries; there is nothing to
      // show for one.
      rows: answer.activity_logs.filter((entry) => entry !== null),
      pages: answer.pages,
      totalCount: null,
    };
  }

  /**
   * A page of the activity log narrowed to `eventTypes`, which Intercom's
   * search filters by, newest first. The search numbers its pages, and a
   * new entry at the top of the log moves every page down; so a walk goes
   * on from the last entry it read instead (`LogPosition`), searching up
   * to that entry's second: entries newer than the walk never enter it.
   * One call, or more only when more than a page of entries share one
   * second.
   */
  async activityLogSearchPage(
    page: PageRequest,
    range: { after: number; before?: number | undefined },
    eventTypes: readonly string[],
    options?: CallOptions,
  ): Promise<RecordPage<IntercomActivityLog>> {
    const from = page.startingAfter
      ? readLogPosition(page.startingAfter)
      : null;
    // Whether Intercom includes `created_at_before` or not, one second past
    // the position holds all of its second; newer entries are left out here.
    const before = from ? from.second + 1 : range.before;
    const rows: IntercomActivityLog[] = [];
    let skip = from?.seen ?? 0;
    for (let number = 1; ; number += 1) {
      const answer = await this.#searchLogs(
        {
          created_at_after: range.after,
          ...(before === undefined ? {} : { created_at_before: before }),
          event_types: [...eventTypes],
          page: number,
          per_page: ACTIVITY_SEARCH_PAGE_SIZE,
        },
        options,
      );
      // Intercom's description allows null entries; there is nothing to
      // show for one.
      const entries = answer.activity_logs.filter((entry) => entry !== null);
      for (const entry of entries) {
        if (from && entry.created_at > from.second) continue;
        if (from && entry.created_at === from.second && skip > 0) {
          skip -= 1;
          continue;
        }
        rows.push(entry);
      }
      const totalPages = answer.pages?.total_pages;
      const more =
        totalPages === undefined
          ? entries.length === ACTIVITY_SEARCH_PAGE_SIZE
          : number < totalPages;
      if (rows.length === 0 && more) continue;
      return {
        rows,
        pages: more
          ? {
              type: 'pages',
              next: { starting_after: logPositionAfter(rows, from) },
            }
          : null,
        totalCount: null,
      };
    }
  }

  /** The newest entry of the whole log among `eventTypes`, or null. */
  async newestActivity(
    eventTypes: readonly string[],
    options?: CallOptions,
  ): Promise<IntercomActivityLog | null> {
    const answer = await this.#searchLogs(
      {
        created_at_after: 0,
        event_types: [...eventTypes],
        page: 1,
        per_page: 1,
      },
      options,
    );
    return answer.activity_logs.find((entry) => entry !== null) ?? null;
  }

  #searchLogs(
    search: IntercomActivityLogSearch,
    options: CallOptions | undefined,
  ): Promise<IntercomActivityLogList> {
    return this.#post(
      'records',
      '/admins/activity_logs/search',
      search,
      options,
    );
  }

  /** How many contacts the workspace has: one row's read, for its count. */
  async contactCount(options?: CallOptions): Promise<number> {
    const answer = await this.#get<IntercomContactList>(
      'records',
      '/contacts',
      { per_page: 1 },
      options,
    );
    return answer.total_count;
  }

  /** How many conversations are open: one row's search, for its count. */
  async openConversationCount(options?: CallOptions): Promise<number> {
    const answer = await this.searchConversations(
      {
        query: { field: 'state', operator: '=', value: 'open' },
        pagination: { per_page: 1 },
      },
      options,
    );
    return answer.total_count;
  }

  /** A page of contacts: the whole list, or a search when given a query. */
  async contactsPage(
    page: PageRequest,
    query?: IntercomSearchQuery,
    options?: CallOptions,
  ): Promise<RecordPage<IntercomContact>> {
    const answer = query
      ? await this.searchContacts(
          { query, pagination: searchPaging(page) },
          options,
        )
      : await this.#get<IntercomContactList>(
          'records',
          '/contacts',
          pageQuery(page),
          options,
        );
    return {
      rows: answer.data,
      pages: answer.pages,
      totalCount: answer.total_count,
    };
  }

  /** A page of conversations: the whole list, or a search when given a query. */
  async conversationsPage(
    page: PageRequest,
    query?: IntercomSearchQuery,
    options?: CallOptions,
  ): Promise<RecordPage<IntercomConversation>> {
    const answer = query
      ? await this.searchConversations(
          { query, pagination: searchPaging(page) },
          options,
        )
      : await this.#get<IntercomConversationList>(
          'records',
          '/conversations',
          pageQuery(page),
          options,
        );
    return {
      rows: answer.conversations,
      pages: answer.pages,
      totalCount: answer.total_count,
    };
  }

  async #get<T>(
    kind: CacheKind,
    path: string,
    query: QueryParams | undefined,
    options: CallOptions | undefined,
  ) {
    const key = requestKey(this.#scope, 'GET', path, query);
    const outcome = await this.#cache.getOrLoad(key, this.#ttl[kind], () =>
      this.#explained(this.#client.get<T>(path, query, options)),
    );
    if (outcome.hit && options?.stats) options.stats.cacheHits += 1;
    return outcome.value;
  }

  async #post<T>(
    kind: CacheKind,
    path: string,
    body: unknown,
    options: CallOptions | undefined,
  ) {
    const key = requestKey(this.#scope, 'POST', path, body);
    const outcome = await this.#cache.getOrLoad(key, this.#ttl[kind], () =>
      this.#explained(this.#client.post<T>(path, body, options)),
    );
    if (outcome.hit && options?.stats) options.stats.cacheHits += 1;
    return outcome.value;
  }

  /** A rejected token's error, with the region it belongs to if known. */
  async #explained<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error: unknown) {
      const rejected =
        error instanceof IntercomError &&
        error.code === ErrorCode.INTERCOM_UNAUTHORIZED;
      if (!rejected || !this.#explain) throw error;
      throw await this.#explain(error);
    }
  }
}

export function notIntercom(error: IntercomError, region: string) {
  return new IntercomError(
    `The ${region.toUpperCase()} host of connection '${error.connectionId}' answered GET /me with HTTP ${error.status ?? 404}, which Intercom's API never does: check regions.${region} in the configuration`,
    {
      code: ErrorCode.UPSTREAM_UNAVAILABLE,
      connectionId: error.connectionId,
      ...(error.status ? { status: error.status } : {}),
      cause: error,
    },
  );
}

/**
 * Ids go into paths, so one that holds `/` or `?` must not change the
 * path. Dot segments survive encoding (URLs treat `%2E` as `.`), so they
 * must never get this far: callers check ids first.
 */
function segment(id: string): string {
  assert(!['', '.', '..'].includes(id), `unchecked id in a path: "${id}"`);
  return encodeURIComponent(id);
}

function pageQuery(page: PageRequest): QueryParams {
  return {
    per_page: page.perPage,
    starting_after: page.startingAfter ?? undefined,
  };
}

/** Search takes its paging in the body rather than the query string. */
function searchPaging(page: PageRequest) {
  return { per_page: page.perPage, starting_after: page.startingAfter ?? null };
}
