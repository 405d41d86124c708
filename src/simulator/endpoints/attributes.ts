/** `GET /data_attributes` and `GET /conversations/attributes`. */
import { ApiError } from '../errors.js';
import { jsonList, type JsonBytes } from '../json.js';
import { booleanParam, enumParam } from '../params.js';
import type { RouteRequest } from '../routes.js';
import type { WorkspaceStore } from '../store.js';

/**
 * Contact and company attributes, or one model's. `model=conversation`
 * is the 422 the description documents: conversation attributes moved to
 * their own endpoint. Archived attributes only with `include_archived`.
 */
export function dataAttributes(
  store: WorkspaceStore,
  request: RouteRequest,
): JsonBytes {
  const model = enumParam(request.query, 'model', [
    'contact',
    'company',
    'conversation',
  ]);
  if (model === 'conversation') {
    throw new ApiError(
      422,
      'parameter_invalid',
      'model=conversation is no longer supported. Use GET /conversations/attributes instead',
      'model',
    );
  }
  const archived = booleanParam(request.query, 'include_archived');
  const attributes = store.workspace.dataAttributes.filter(
    (a) => (model === null || a.model === model) && (archived || !a.archived),
  );
  return jsonList({ type: 'list' }, 'data', attributes);
}

export function conversationAttributes(
  store: WorkspaceStore,
  request: RouteRequest,
): JsonBytes {
  const archived = booleanParam(request.query, 'include_archived');
  const attributes = store.workspace.conversationAttributes.filter(
    (a) => archived || !a.archived,
  );
  return jsonList({ type: 'list' }, 'data', attributes);
}
