/** `GET /admins/activity_logs` (`activity_log_list`). */
import { invalidParameter } from '../errors.js';
import { jsonList, type JsonBytes } from '../json.js';
import { paginate, parsePerPage, parseStartingAfter } from '../pagination.js';
import { unixParam } from '../params.js';
import type { RouteRequest } from '../routes.js';
import type { WorkspaceStore } from '../store.js';

/**
 * The example answer's page size; the cap is the one the description
 * gives for searching the same logs.
 */
const LOGS_PER_PAGE = 20;
const MAX_LOGS_PER_PAGE = 250;

/**
 * Entries created from `created_at_after` to `created_at_before` (both
 * included; no upper bound without it), newest first. The answer pages
 * like the description's `cursor_pages`: `pages.next.starting_after` is
 * the cursor for the next request, sent as the `starting_after` query
 * parameter with the same time range; `per_page` sets the page size.
 */
export function activityLogs(
  store: WorkspaceStore,
  request: RouteRequest,
): JsonBytes {
  const { query } = request;
  const after = unixParam(query, 'created_at_after', true);
  const before = unixParam(query, 'created_at_before', false);
  if (before !== null && before < after) {
    throw invalidParameter(
      `created_at_before must not be earlier than created_at_after (${after}); got ${before}`,
      'created_at_before',
    );
  }

  const logs = store.workspace.activityLogs.filter(
    (log) =>
      log.created_at >= after && (before === null || log.created_at <= before),
  );
  const page = paginate(
    logs,
    {
      perPage: parsePerPage(
        query.per_page,
        LOGS_PER_PAGE,
        'per_page',
        MAX_LOGS_PER_PAGE,
      ),
      startingAfter: parseStartingAfter(query.starting_after, 'starting_after'),
    },
    'activity_logs',
  );
  return jsonList(
    { type: 'activity_log.list', pages: page.pages },
    'activity_logs',
    page.items,
  );
}
