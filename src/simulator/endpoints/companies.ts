/**
 * `GET /companies` (`company_list`) and `GET /contacts/{id}/companies`
 * (`contact_attached_companies`).
 */
import type { SimulatedCompany } from '../data/types.js';
import { ApiError } from '../errors.js';
import { jsonList, type JsonBytes } from '../json.js';
import { parsePerPage } from '../pagination.js';
import { pageParam } from '../params.js';
import type { RouteRequest } from '../routes.js';
import type { WorkspaceStore } from '../store.js';
import { findContact } from './contacts.js';

/** The description's default; the cap is Intercom's for numbered pages. */
const COMPANIES_PER_PAGE = 15;
const MAX_COMPANIES_PER_PAGE = 60;
/** What `GET /contacts/{id}/companies` reports as its page size. */
const ATTACHED_PER_PAGE = 50;

function notFound(): never {
  throw new ApiError(404, 'company_not_found', 'Company Not Found');
}

/** The companies a request selects, before paging. */
function selected(store: WorkspaceStore, query: RouteRequest['query']) {
  // A lookup by name or company_id finds one company, users or not.
  const { name, company_id: companyId, tag_id: tagId } = query;
  if (name !== undefined && name !== '') {
    const found = store.workspace.companies.filter((c) => c.name === name);
    return found.length > 0 ? found : notFound();
  }
  if (companyId !== undefined && companyId !== '') {
    const found = store.workspace.companies.filter(
      (c) => c.company_id === companyId,
    );
    return found.length > 0 ? found : notFound();
  }

  // Listing: companies with users only, optionally by tag or segment.
  let companies: readonly SimulatedCompany[] = store.listedCompanies;
  if (tagId !== undefined && tagId !== '') {
    companies = companies.filter((c) =>
      c.tags.tags.some((t) => t.id === tagId),
    );
  }
  if (query.segment_id !== undefined && query.segment_id !== '') {
    // Every segment here is a segment of people: no company is in one.
    companies = [];
  }
  return companies;
}

/**
 * Numbered pages: `page` (from 1) and `per_page`. The description types
 * `pages.next` as a cursor object, which cannot say "page 2", and its
 * example sends null there, so `next` is always null: a client pages by
 * `page` until `total_pages`.
 */
export function listCompanies(
  store: WorkspaceStore,
  request: RouteRequest,
): JsonBytes {
  const companies = selected(store, request.query);
  const perPage = parsePerPage(
    request.query.per_page,
    COMPANIES_PER_PAGE,
    'per_page',
    MAX_COMPANIES_PER_PAGE,
  );
  const page = pageParam(request.query, 'page');
  const from = (page - 1) * perPage;
  const envelope = {
    type: 'list',
    data: null,
    pages: {
      type: 'pages',
      next: null,
      page,
      per_page: perPage,
      total_pages: Math.ceil(companies.length / perPage),
    },
    total_count: companies.length,
  };
  return jsonList(envelope, 'data', companies.slice(from, from + perPage));
}

/**
 * A contact's companies, whole. The schema names the list `companies`
 * (the operation's example shows `data`; the schema is followed). A
 * contact has at most a few, so there is one page.
 */
export function contactCompanies(
  store: WorkspaceStore,
  _request: RouteRequest,
  id: string,
): JsonBytes {
  const contact = findContact(store, id);
  const companies = contact.companies.data.flatMap((ref) => {
    const company = store.companies.get(ref.id);
    return company === undefined ? [] : [company];
  });
  const envelope = {
    type: 'list',
    companies: null,
    total_count: companies.length,
    pages: {
      type: 'pages',
      next: null,
      page: 1,
      per_page: ATTACHED_PER_PAGE,
      total_pages: Math.ceil(companies.length / ATTACHED_PER_PAGE),
    },
  };
  return jsonList(envelope, 'companies', companies);
}
