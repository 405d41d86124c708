import assert from 'node:assert/strict';
import type { ResponseCache } from '../cache/response-cache.js';
import { connectionScope, requestKey } from '../cache/keys.js';
import type { IntercomClient, QueryParams } from './client.js';
import type {
  IntercomAdmin,
  IntercomAdminList,
  IntercomCompany,
  IntercomContact,
  IntercomContactList,
  IntercomConversation,
  IntercomConversationList,
  IntercomMe,
  IntercomPages,
  IntercomSearchQuery,
  IntercomSearchRequest,
  IntercomTag,
  IntercomTagList,
  IntercomTeam,
  IntercomTeamList,
} from './models.js';

/**
 * How long each kind of answer may be reused, in seconds. Workspace
 * settings and the directory (admins, teams, tags) change rarely; contacts
 * and conversations change all day, so they live shorter.
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
  totalCount: number;
}

/**
 * The Intercom reads the gateway makes for one connection, each one typed
 * and served through the shared response cache under the connection's own
 * scope.
 */
export class IntercomApi {
  readonly connectionId: string;
  readonly #client: IntercomClient;
  readonly #cache: ResponseCache;
  readonly #ttl: CacheTtlSeconds;
  readonly #scope: string;

  constructor(options: {
    client: IntercomClient;
    token: string;
    cache: ResponseCache;
    ttlSeconds: CacheTtlSeconds;
  }) {
    this.connectionId = options.client.connectionId;
    this.#client = options.client;
    this.#cache = options.cache;
    this.#ttl = options.ttlSeconds;
    this.#scope = connectionScope(this.connectionId, options.token);
  }

  me(): Promise<IntercomMe> {
    return this.#get('workspace', '/me');
  }

  admins(): Promise<IntercomAdminList> {
    return this.#get('directory', '/admins');
  }

  admin(id: string): Promise<IntercomAdmin> {
    return this.#get('directory', `/admins/${segment(id)}`);
  }

  teams(): Promise<IntercomTeamList> {
    return this.#get('directory', '/teams');
  }

  team(id: string): Promise<IntercomTeam> {
    return this.#get('directory', `/teams/${segment(id)}`);
  }

  tags(): Promise<IntercomTagList> {
    return this.#get('directory', '/tags');
  }

  tag(id: string): Promise<IntercomTag> {
    return this.#get('directory', `/tags/${segment(id)}`);
  }

  company(id: string): Promise<IntercomCompany> {
    const path = `/companies/${segment(id)}`;
    return this.#get('records', path);
  }

  contact(id: string): Promise<IntercomContact> {
    const path = `/contacts/${segment(id)}`;
    return this.#get('records', path);
  }

  listContacts(page: PageRequest): Promise<IntercomContactList> {
    return this.#get('records', '/contacts', pageQuery(page));
  }

  searchContacts(search: IntercomSearchRequest): Promise<IntercomContactList> {
    return this.#post('records', '/contacts/search', search);
  }

  conversation(id: string): Promise<IntercomConversation> {
    const path = `/conversations/${segment(id)}`;
    return this.#get('records', path);
  }

  listConversations(page: PageRequest): Promise<IntercomConversationList> {
    return this.#get('records', '/conversations', pageQuery(page));
  }

  searchConversations(
    search: IntercomSearchRequest,
  ): Promise<IntercomConversationList> {
    return this.#post('records', '/conversations/search', search);
  }

  /** A page of contacts: the whole list, or a search when given a query. */
  async contactsPage(
    page: PageRequest,
    query?: IntercomSearchQuery,
  ): Promise<RecordPage<IntercomContact>> {
    const answer = query
      ? await this.searchContacts({ query, pagination: searchPaging(page) })
      : await this.listContacts(page);
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
  ): Promise<RecordPage<IntercomConversation>> {
    const answer = query
      ? await this.searchConversations({
          query,
          pagination: searchPaging(page),
        })
      : await this.listConversations(page);
    return {
      rows: answer.conversations,
      pages: answer.pages,
      totalCount: answer.total_count,
    };
  }

  async #get<T>(kind: CacheKind, path: string, query?: QueryParams) {
    const key = requestKey(this.#scope, 'GET', path, query);
    const outcome = await this.#cache.getOrLoad(key, this.#ttl[kind], () =>
      this.#client.get<T>(path, query),
    );
    return outcome.value;
  }

  async #post<T>(kind: CacheKind, path: string, body: unknown) {
    const key = requestKey(this.#scope, 'POST', path, body);
    const outcome = await this.#cache.getOrLoad(key, this.#ttl[kind], () =>
      this.#client.post<T>(path, body),
    );
    return outcome.value;
  }
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
