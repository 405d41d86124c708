/** Looking contacts up by id, where merged contacts answer 410 Gone. */
import type { SimulatedContact } from '../data/types.js';
import { ApiError } from '../errors.js';
import type { WorkspaceStore } from '../store.js';

/**
 * The contact with this id. A contact merged into another answers 410
 * with a `Link` header to the surviving contact, as the description of
 * `GET /contacts/{contact_id}` documents; the endpoints under it
 * (companies, segments) answer the same, since each starts by finding
 * the contact. Anything else unknown is 404.
 */
export function findContact(
  store: WorkspaceStore,
  id: string,
): SimulatedContact {
  const contact = store.contacts.get(id);
  if (contact !== undefined) return contact;
  const survivor = store.mergedInto.get(id);
  if (survivor !== undefined) {
    throw new ApiError(
      410,
      'contact_merged',
      "This contact has been merged. See the 'Link' header for the canonical contact.",
      undefined,
      { Link: `</contacts/${survivor}>; rel="canonical"` },
    );
  }
  throw new ApiError(404, 'not_found', 'User Not Found');
}
