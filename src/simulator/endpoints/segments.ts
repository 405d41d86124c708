/**
 * `GET /segments` (`segment_list`), `GET /segments/{id}` and
 * `GET /contacts/{id}/segments` (`contact_segments`).
 */
import { ApiError } from '../errors.js';
import { jsonList, jsonRecord, type JsonBytes } from '../json.js';
import { booleanParam } from '../params.js';
import type { RouteRequest } from '../routes.js';
import type { WorkspaceStore } from '../store.js';
import { findContact } from './contacts.js';

/** All segments, oldest first, with `count` only when asked for. */
export function listSegments(
  store: WorkspaceStore,
  request: RouteRequest,
): JsonBytes {
  const segments = booleanParam(request.query, 'include_count')
    ? store.countedSegments
    : store.workspace.segments;
  return jsonList({ type: 'segment.list' }, 'segments', segments);
}

export function getSegment(store: WorkspaceStore, id: string): JsonBytes {
  const segment = store.segments.get(id);
  if (segment === undefined) {
    throw new ApiError(404, 'not_found', 'Resource Not Found');
  }
  return jsonRecord(segment);
}

export function contactSegments(
  store: WorkspaceStore,
  _request: RouteRequest,
  id: string,
): JsonBytes {
  const contact = findContact(store, id);
  const segments = store.segmentsOfContact.get(contact.id) ?? [];
  return jsonList({ type: 'list' }, 'data', segments);
}
