import type { IntercomApi } from '../intercom/api.js';
import type { CallOptions } from '../intercom/client.js';
import type { IntercomContact } from '../intercom/models.js';
import { toError } from '../errors.js';
import { notFound, readRest } from './directory.js';

/**
 * Most ids one search may ask for. Intercom answers at most 150 results per
 * search page, so a chunk this size always comes back whole in one call.
 */
export const CONTACT_SEARCH_CHUNK = 150;

/**
 * Loads contacts by id in as few calls as Intercom allows: one
 * `POST /contacts/search` with `id IN [...]` per chunk, all chunks at once.
 * Search lags behind newly created contacts, so ids it does not return are
 * then read one by one with `GET /contacts/{id}`; only those that Intercom
 * also cannot find by id end as NOT_FOUND, each in its own slot.
 */
export async function loadContacts(
  api: IntercomApi,
  keys: readonly string[],
  call: CallOptions,
): Promise<(IntercomContact | Error)[]> {
  const found = new Map<string, IntercomContact>();
  const failed = new Map<string, Error>();

  // Sorted chunks make the same set of ids the same search, so the
  // response cache can answer a repeated query.
  const ids = [...new Set(keys)].sort();
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CONTACT_SEARCH_CHUNK) {
    chunks.push(ids.slice(i, i + CONTACT_SEARCH_CHUNK));
  }

  // Step 1: every chunk as one search, in parallel.
  await Promise.all(
    chunks.map(async (chunk) => {
      try {
        const page = await api.searchContacts(
          {
            query: { field: 'id', operator: 'IN', value: chunk },
            pagination: { per_page: CONTACT_SEARCH_CHUNK },
          },
          call,
        );
        for (const contact of page.data) found.set(contact.id, contact);
      } catch (error: unknown) {
        for (const id of chunk) failed.set(id, toError(error));
      }
    }),
  );

  // Step 2: what search did not return, by id.
  return readRest(
    keys,
    found,
    failed,
    (id) => api.contact(id, call),
    (id) => notFound(api.connectionId, 'contact', id),
  );
}
