/**
 * The endpoints the simulator serves, answering with a status and a JSON
 * body. Handlers throw `ApiError` for Intercom's error answers.
 */
import { ApiError } from './errors.js';
import { jsonList, jsonRecord } from './json.js';
import {
  paginate,
  parsePerPage,
  parseStartingAfter,
  type CursorScope,
} from './pagination.js';
import { activityLogs } from './endpoints/activity.js';
import { searchActivityLogs } from './endpoints/activity-search.js';
import {
  conversationAttributes,
  dataAttributes,
} from './endpoints/attributes.js';
import { contactCompanies, listCompanies } from './endpoints/companies.js';
import { findContact } from './endpoints/contacts.js';
import {
  contactSegments,
  getSegment,
  listSegments,
} from './endpoints/segments.js';
import { CONVERSATION_DIALECT } from './search/fields.js';
import { parseSearchRequest } from './search/request.js';
import type { WorkspaceStore } from './store.js';

export interface RouteRequest {
  method: string;
  path: string;
  query: Readonly<Record<string, string>>;
  body: unknown;
}

export interface RouteAnswer {
  status: number;
  body: unknown;
}

type Handler = (
  store: WorkspaceStore,
  request: RouteRequest,
  id: string,
) => unknown;

/**
 * What a route reads, for tokens that may not read everything:
 * `conversations` is every conversation endpoint (a plan without API
 * access to conversations refuses them all), `conversation-content` the
 * endpoint that returns a conversation's parts, `ip-allowlist` the one
 * that returns the IP allowlist (its own scope, `manage_ip_allowlist`).
 */
export type Gate = 'conversations' | 'conversation-content' | 'ip-allowlist';

interface Route {
  method: string;
  pattern: RegExp;
  handle: Handler;
  gates?: readonly Gate[];
}

/** Default page sizes, from the descriptions of each endpoint. */
const CONTACTS_PER_PAGE = 50;
const CONVERSATIONS_PER_PAGE = 20;

/** Looks a record up, or answers 404 with the endpoint's documented code. */
function found(record: object | undefined, code: string, message: string) {
  if (record === undefined) throw new ApiError(404, code, message);
  return jsonRecord(record);
}

function listPage<T>(
  items: readonly T[],
  request: RouteRequest,
  defaultPerPage: number,
  scope: CursorScope,
) {
  return paginate(
    items,
    {
      perPage: parsePerPage(request.query.per_page, defaultPerPage, 'per_page'),
      startingAfter: parseStartingAfter(
        request.query.starting_after,
        'starting_after',
      ),
    },
    scope,
  );
}

const get = (pattern: RegExp, handle: Handler, gates?: readonly Gate[]) => ({
  method: 'GET',
  pattern,
  handle,
  gates,
});
const post = (pattern: RegExp, handle: Handler, gates?: readonly Gate[]) => ({
  method: 'POST',
  pattern,
  handle,
  gates,
});

// Literal paths come before the parameterised ones they would also match
// (/admins/activity_logs and /admins/activity_log_event_types before
// /admins/{id}).
const ROUTES: readonly Route[] = [
  get(/^\/me$/, (s) => jsonRecord(s.workspace.me)),
  get(/^\/admins$/, (s) =>
    jsonList({ type: 'admin.list' }, 'admins', s.workspace.admins),
  ),
  get(/^\/admins\/activity_logs$/, activityLogs),
  post(/^\/admins\/activity_logs\/search$/, searchActivityLogs),
  get(/^\/admins\/activity_log_event_types$/, (s) =>
    jsonRecord(s.activityLogEventTypes),
  ),
  get(/^\/admins\/([^/]+)$/, (s, _r, id) =>
    found(s.admins.get(id), 'admin_not_found', 'Admin not found'),
  ),
  get(/^\/teams$/, (s) =>
    jsonList({ type: 'team.list' }, 'teams', s.workspace.teams),
  ),
  get(/^\/teams\/([^/]+)$/, (s, _r, id) =>
    found(s.teams.get(id), 'team_not_found', 'Team not found'),
  ),
  get(/^\/ip_allowlist$/, (s) => jsonRecord(s.workspace.ipAllowlist), [
    'ip-allowlist',
  ]),
  // The default brand, the workspace's own, comes first.
  get(/^\/brands$/, (s) =>
    jsonList({ type: 'list' }, 'data', s.workspace.brands),
  ),
  get(/^\/brands\/([^/]+)$/, (s, _r, id) =>
    found(s.brands.get(id), 'not_found', 'Brand not found'),
  ),
  // Deleted reasons too, marked so, as the description says.
  get(/^\/away_status_reasons$/, (s) =>
    jsonList({ type: 'list' }, 'data', s.workspace.awayStatusReasons),
  ),
  get(/^\/tags$/, (s) => jsonList({ type: 'list' }, 'data', s.workspace.tags)),
  get(/^\/tags\/([^/]+)$/, (s, _r, id) =>
    found(s.tags.get(id), 'not_found', 'Resource Not Found'),
  ),
  get(/^\/segments$/, listSegments),
  get(/^\/segments\/([^/]+)$/, (s, _r, id) => getSegment(s, id)),
  get(/^\/data_attributes$/, dataAttributes),
  get(/^\/companies$/, listCompanies),
  get(/^\/companies\/([^/]+)$/, (s, _r, id) =>
    found(s.companies.get(id), 'company_not_found', 'Company Not Found'),
  ),
  get(/^\/contacts$/, (s, r) => {
    const contacts = s.workspace.contacts;
    const page = listPage(contacts, r, CONTACTS_PER_PAGE, 'contacts');
    const envelope = {
      type: 'list',
      data: null,
      total_count: contacts.length,
      pages: page.pages,
    };
    return jsonList(envelope, 'data', page.items);
  }),
  post(/^\/contacts\/search$/, (s, r) => {
    const search = parseSearchRequest(s.contactDialect, r.body, {
      defaultPerPage: CONTACTS_PER_PAGE,
      sortable: true,
    });
    // Default order: the list's (created_at, then id); Array#sort is
    // stable, so a requested sort keeps that order among ties.
    const results = s.searchableContacts.filter(search.matches);
    if (search.compare !== null) results.sort(search.compare);
    const page = paginate(
      results,
      search.page,
      'contacts.search',
      'pagination.starting_after',
    );
    const envelope = {
      type: 'list',
      data: null,
      total_count: results.length,
      pages: page.pages,
    };
    return jsonList(envelope, 'data', page.items);
  }),
  get(/^\/contacts\/([^/]+)$/, (s, _r, id) => jsonRecord(findContact(s, id))),
  get(/^\/contacts\/([^/]+)\/companies$/, contactCompanies),
  get(/^\/contacts\/([^/]+)\/segments$/, contactSegments),
  get(
    /^\/conversations$/,
    (s, r) => {
      const items = s.conversationItems;
      const page = listPage(items, r, CONVERSATIONS_PER_PAGE, 'conversations');
      const envelope = {
        type: 'conversation.list',
        pages: page.pages,
        total_count: items.length,
      };
      return jsonList(envelope, 'conversations', page.items);
    },
    ['conversations'],
  ),
  post(
    /^\/conversations\/search$/,
    (s, r) => {
      const search = parseSearchRequest(CONVERSATION_DIALECT, r.body, {
        defaultPerPage: CONVERSATIONS_PER_PAGE,
        sortable: false,
      });
      // Order: created_at, then id, like the list.
      const results = s.conversationItems.filter(search.matches);
      const page = paginate(
        results,
        search.page,
        'conversations.search',
        'pagination.starting_after',
      );
      const envelope = {
        type: 'conversation.list',
        pages: page.pages,
        total_count: results.length,
      };
      return jsonList(envelope, 'conversations', page.items);
    },
    ['conversations'],
  ),
  get(/^\/conversations\/attributes$/, conversationAttributes, [
    'conversations',
  ]),
  get(
    /^\/conversations\/([^/]+)$/,
    (s, _r, id) =>
      found(s.conversations.get(id), 'not_found', 'Resource Not Found'),
    ['conversations', 'conversation-content'],
  ),
];

/**
 * Answers a request. `authorize` sees the gates of the matched route
 * before its handler runs and throws to refuse it.
 */
export function route(
  store: WorkspaceStore,
  request: RouteRequest,
  authorize: (gates: readonly Gate[]) => void = () => undefined,
): RouteAnswer {
  for (const { method, pattern, handle, gates } of ROUTES) {
    const match = pattern.exec(request.path);
    if (match === null || method !== request.method) continue;
    authorize(gates ?? []);
    let id: string;
    try {
      id = decodeURIComponent(match[1] ?? '');
    } catch {
      // A malformed escape cannot name any record.
      id = '\u0000';
    }
    return { status: 200, body: handle(store, request, id) };
  }
  throw new ApiError(
    404,
    'not_found',
    `No resource at ${request.method} ${request.path}: the simulator serves GET /me, /admins, /admins/activity_logs, /admins/activity_log_event_types, /teams, /tags, /segments, /data_attributes, /companies, /contacts (with /{id}/companies and /{id}/segments), /conversations, /conversations/attributes, /ip_allowlist, /brands, /away_status_reasons and POST /contacts/search, /conversations/search, /admins/activity_logs/search`,
  );
}
