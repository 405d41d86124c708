/**
 * `POST /admins/activity_logs/search`: the activity log narrowed to a time
 * range and, optionally, to event types, paged by number rather than by
 * cursor.
 */
import { isActivityEventType } from '../data/activity-event-types.js';
import { ApiError, invalidParameter } from '../errors.js';
import { jsonList, type JsonBytes } from '../json.js';
import type { RouteRequest } from '../routes.js';
import type { WorkspaceStore } from '../store.js';

/** The description's default and bounds for `per_page`. */
const LOGS_PER_PAGE = 20;
const MAX_LOGS_PER_PAGE = 250;

interface LogSearch {
  after: number;
  before: number | null;
  /** Null when the body names no types: every type matches. */
  types: ReadonlySet<string> | null;
  page: number;
  perPage: number;
}

type Body = Readonly<Record<string, unknown>>;

/**
 * An integer field of the body, from `min` to `max`, or null when absent.
 * JSON null counts as absent, as `per_page` does elsewhere; text, even of
 * digits, is refused, since the description types these as integers.
 */
function integerField(
  body: Body,
  field: string,
  expected: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | null {
  const raw = body[field];
  if (raw === undefined || raw === null) return null;
  if (
    typeof raw !== 'number' ||
    !Number.isSafeInteger(raw) ||
    raw < min ||
    raw > max
  ) {
    throw invalidParameter(
      `${field} must be ${expected}; got ${JSON.stringify(raw)}`,
      field,
    );
  }
  return raw;
}

/**
 * `event_types`: names from `GET /admins/activity_log_event_types`. An
 * empty list is refused rather than read as "every type" or "no type":
 * either reading would surprise some client, and leaving the field out
 * already asks for every type.
 */
function eventTypes(body: Body): ReadonlySet<string> | null {
  const raw = body.event_types;
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw) || raw.some((type) => typeof type !== 'string')) {
    throw invalidParameter(
      `event_types must be an array of event type names; got ${JSON.stringify(raw)}`,
      'event_types',
    );
  }
  const types = raw as string[];
  if (types.length === 0) {
    throw invalidParameter(
      'event_types must name at least one event type, or be left out to search every type; got []',
      'event_types',
    );
  }
  const unknown = types.find((type) => !isActivityEventType(type));
  if (unknown !== undefined) {
    throw invalidParameter(
      `event_types must hold only types that GET /admins/activity_log_event_types lists; got ${JSON.stringify(unknown)}`,
      'event_types',
    );
  }
  return new Set(types);
}

function parseLogSearch(body: unknown): LogSearch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(
      400,
      'parameter_not_found',
      `The body must be a JSON object with created_at_after; got ${body === undefined ? 'no body' : JSON.stringify(body)}`,
      'created_at_after',
    );
  }
  const fields = body as Body;
  const timestamp = 'a UNIX timestamp in seconds, an integer';
  const after = integerField(fields, 'created_at_after', timestamp, 0);
  if (after === null) {
    throw new ApiError(
      400,
      'parameter_not_found',
      'created_at_after is a required parameter',
      'created_at_after',
    );
  }
  const before = integerField(fields, 'created_at_before', timestamp, 0);
  if (before !== null && before < after) {
    throw invalidParameter(
      `created_at_before must not be earlier than created_at_after (${after}); got ${before}`,
      'created_at_before',
    );
  }
  return {
    after,
    before,
    types: eventTypes(fields),
    page: integerField(fields, 'page', 'an integer of 1 or more', 1) ?? 1,
    perPage:
      integerField(
        fields,
        'per_page',
        `an integer from 1 to ${MAX_LOGS_PER_PAGE}`,
        1,
        MAX_LOGS_PER_PAGE,
      ) ?? LOGS_PER_PAGE,
  };
}

/**
 * Entries from `created_at_after` to `created_at_before` (both included,
 * as `GET /admins/activity_logs` reads them), of the types asked for,
 * newest first. The answer is an `activity_log_list` whose `pages` give
 * `page`, `per_page` and `total_pages` and leave `next` out: the next
 * page is asked for by number, so there is no cursor to give. A page past
 * the last answers an empty list.
 */
export function searchActivityLogs(
  store: WorkspaceStore,
  request: RouteRequest,
): JsonBytes {
  const search = parseLogSearch(request.body);
  const { after, before, types, page, perPage } = search;
  const logs = store.workspace.activityLogs.filter(
    (log) =>
      log.created_at >= after &&
      (before === null || log.created_at <= before) &&
      (types === null || types.has(log.activity_type)),
  );
  const start = (page - 1) * perPage;
  const pages = {
    type: 'pages',
    page,
    per_page: perPage,
    total_pages: Math.ceil(logs.length / perPage),
  };
  return jsonList(
    { type: 'activity_log.list', pages },
    'activity_logs',
    logs.slice(start, start + perPage),
  );
}
