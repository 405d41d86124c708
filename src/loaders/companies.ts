import type { IntercomApi } from '../intercom/api.js';
import type { CallOptions } from '../intercom/client.js';
import type { IntercomCompany } from '../intercom/models.js';
import { toError } from '../errors.js';
import { notFound, readRest } from './directory.js';

/**
 * Fewest distinct ids for which the list is read instead: below this, the
 * reads by id cost no more than the first page would.
 */
export const COMPANY_LIST_FROM = 4;

/**
 * Intercom lists at most 10,000 companies (167 pages of 60); past that a
 * list cannot find every company, and reads by id are the only way.
 */
const MOST_LISTED_PAGES = 167;

/**
 * Loads companies by id in as few calls as Intercom allows. Intercom has
 * no read of many companies by id, but it lists the companies that have
 * users in numbered pages of 60, and every company a contact names has
 * one. So for a batch of several ids the first page is read; if ids are
 * still missing and the remaining pages are fewer than those ids, the
 * remaining pages are read all at once; what is still missing then is
 * read by id, and only what Intercom cannot find by id fails, in its own
 * slot. A failed page fails the batch: reads by id would fail alike. A small workspace's companies thus cost one call however many
 * contacts name them, and a large one's never more than one call over
 * reading each id.
 */
export async function loadCompanies(
  api: IntercomApi,
  keys: readonly string[],
  call: CallOptions,
): Promise<(IntercomCompany | Error)[]> {
  const ids = [...new Set(keys)];
  const found = new Map<string, IntercomCompany>();
  const take = (companies: readonly IntercomCompany[]) => {
    for (const company of companies) found.set(company.id, company);
  };
  const missing = () => ids.filter((id) => !found.has(id));

  if (ids.length >= COMPANY_LIST_FROM) {
    try {
      const first = await api.companyListPage(1, call);
      take(first.data);
      const pages = Math.min(first.pages?.total_pages ?? 1, MOST_LISTED_PAGES);
      const left = missing().length;
      if (left > 0 && pages - 1 < left) {
        const rest = Array.from({ length: pages - 1 }, (_, i) => i + 2);
        const answers = await Promise.all(
          rest.map((page) => api.companyListPage(page, call)),
        );
        for (const answer of answers) take(answer.data);
      }
    } catch (error: unknown) {
      // Reads by id need the same token and scope as the list: they would
      // fail the same way, one call each.
      const failure = toError(error);
      return keys.map((id) => found.get(id) ?? failure);
    }
  }

  return readRest(
    keys,
    found,
    new Map(),
    (id) => api.company(id, call),
    (id) => notFound(api.connectionId, 'company', id),
  );
}
