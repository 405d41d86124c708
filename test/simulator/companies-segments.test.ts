/**
 * Companies and segments: `GET /companies` paged by number to the end,
 * its filters, a contact's companies, the segments with and without
 * counts, and each contact's segments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import {
  startSimulator,
  type SimulatedCompany,
  type SimulatedSegment,
  type Simulator,
} from '../../src/simulator/index.js';
import { call } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

interface CompanyPage {
  type: 'list';
  data: SimulatedCompany[];
  total_count: number;
  pages: {
    type: 'pages';
    next: null;
    page: number;
    per_page: number;
    total_pages: number;
  };
}

/** The companies the list shows, in its order: most recently seen first. */
function expectedCompanies(region: 'us' | 'eu' | 'au') {
  return [...simulator.regions[region].workspace.companies]
    .filter((c) => (c.user_count ?? 0) > 0)
    .sort(
      (a, b) =>
        (b.last_request_at ?? 0) - (a.last_request_at ?? 0) ||
        (a.id < b.id ? -1 : 1),
    );
}

describe('GET /companies', () => {
  it.each([
    [undefined, 15],
    [7, 7],
    [60, 60],
  ])(
    'walks every company by page number (per_page %s)',
    async (perPage, size) => {
      const region = simulator.regions.eu;
      const expected = expectedCompanies('eu');
      const ids: string[] = [];
      const perPageParam = perPage === undefined ? '' : `&per_page=${perPage}`;
      let page = 1;
      let totalPages: number;
      do {
        const answer = await call<CompanyPage>(
          region,
          `/companies?page=${page}${perPageParam}`,
        );
        expect(answer.status).toBe(200);
        expect(answer.body.total_count).toBe(expected.length);
        expect(answer.body.pages).toEqual({
          type: 'pages',
          next: null,
          page,
          per_page: size,
          total_pages: Math.ceil(expected.length / size),
        });
        ids.push(...answer.body.data.map((c) => c.id));
        totalPages = answer.body.pages.total_pages;
        page++;
      } while (page <= totalPages);
      expect(ids).toEqual(expected.map((c) => c.id));
    },
  );

  it('answers an empty page past the last one', async () => {
    const answer = await call<CompanyPage>(
      simulator.regions.us,
      '/companies?page=99',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual([]);
    expect(answer.body.pages.page).toBe(99);
  });

  it('finds one company by name or company_id, or answers 404', async () => {
    const region = simulator.regions.au;
    const company = region.workspace.companies[3] as SimulatedCompany;
    const byName = await call<CompanyPage>(
      region,
      `/companies?name=${encodeURIComponent(company.name)}`,
    );
    expect(byName.body.data).toEqual([company]);
    const byId = await call<CompanyPage>(
      region,
      `/companies?company_id=${company.company_id}`,
    );
    expect(byId.body.data).toEqual([company]);
    const missing = await call<IntercomErrorBody>(
      region,
      '/companies?name=Nobody%20Inc',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.errors).toEqual([
      { code: 'company_not_found', message: 'Company Not Found' },
    ]);
  });

  it('filters by tag, and by segment (no company is in a people segment)', async () => {
    const region = simulator.regions.us;
    const tagged = region.workspace.companies.find(
      (c) => c.tags.tags.length > 0,
    );
    const tagId = tagged?.tags.tags[0]?.id ?? '';
    const answer = await call<CompanyPage>(
      region,
      `/companies?tag_id=${tagId}&per_page=60`,
    );
    expect(answer.body.data.map((c) => c.id)).toEqual(
      expectedCompanies('us')
        .filter((c) => c.tags.tags.some((t) => t.id === tagId))
        .map((c) => c.id),
    );
    const segment = region.workspace.segments[0]?.id ?? '';
    const bySegment = await call<CompanyPage>(
      region,
      `/companies?segment_id=${segment}`,
    );
    expect(bySegment.body.total_count).toBe(0);
  });

  it.each(['page=0', 'page=x', 'per_page=61', 'per_page=0'])(
    'answers 400 to %s',
    async (query) => {
      const answer = await call<IntercomErrorBody>(
        simulator.regions.us,
        `/companies?${query}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]?.code).toBe('parameter_invalid');
    },
  );
});

describe('GET /contacts/{id}/companies', () => {
  it("answers each contact's companies, whole", async () => {
    const region = simulator.regions.eu;
    const { contacts, companies } = region.workspace;
    for (const contact of contacts.slice(0, 60)) {
      const answer = await call(region, `/contacts/${contact.id}/companies`);
      const attached = contact.companies.data.map((ref) =>
        companies.find((c) => c.id === ref.id),
      );
      expect(answer.body).toEqual({
        type: 'list',
        companies: attached,
        total_count: attached.length,
        pages: {
          type: 'pages',
          next: null,
          page: 1,
          per_page: 50,
          total_pages: attached.length === 0 ? 0 : 1,
        },
      });
    }
  });

  it('answers 404 for an unknown contact', async () => {
    const answer = await call<IntercomErrorBody>(
      simulator.regions.eu,
      '/contacts/000000000000000000000000/companies',
    );
    expect(answer.status).toBe(404);
    expect(answer.body.errors[0]?.message).toBe('User Not Found');
  });
});

describe('segments', () => {
  it('has 4-8 segments per workspace, the two defaults among them', () => {
    for (const region of ['us', 'eu', 'au'] as const) {
      const { segments } = simulator.regions[region].workspace;
      expect(segments.length).toBeGreaterThanOrEqual(4);
      expect(segments.length).toBeLessThanOrEqual(8);
      const names = segments.map((s) => s.name);
      expect(names).toContain('All users');
      expect(names).toContain('All leads');
    }
  });

  it('lists segments, with a count only when asked for', async () => {
    const region = simulator.regions.au;
    const { segments, segmentContactIds } = region.workspace;
    const plain = await call(region, '/segments');
    expect(plain.body).toEqual({ type: 'segment.list', segments });
    const counted = await call(region, '/segments?include_count=true');
    expect(counted.body).toEqual({
      type: 'segment.list',
      segments: segments.map((s) => ({
        ...s,
        count: segmentContactIds[s.id]?.length,
      })),
    });
    const refused = await call(region, '/segments?include_count=yes');
    expect(refused.status).toBe(400);
  });

  it('answers a segment by id, or 404', async () => {
    const region = simulator.regions.us;
    const segment = region.workspace.segments[1] as SimulatedSegment;
    expect((await call(region, `/segments/${segment.id}`)).body).toEqual(
      segment,
    );
    const missing = await call<IntercomErrorBody>(region, '/segments/123');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]?.code).toBe('not_found');
  });

  it("answers each contact's segments, as membership says", async () => {
    const region = simulator.regions.us;
    const { contacts, segments, segmentContactIds } = region.workspace;
    for (const contact of contacts.slice(0, 80)) {
      const answer = await call(region, `/contacts/${contact.id}/segments`);
      expect(answer.body).toEqual({
        type: 'list',
        data: segments.filter((s) =>
          segmentContactIds[s.id]?.includes(contact.id),
        ),
      });
    }
  });

  it('puts users in user segments and leads in lead segments', () => {
    for (const region of ['us', 'eu', 'au'] as const) {
      const { contacts, segments, segmentContactIds } =
        simulator.regions[region].workspace;
      const roles = new Map(contacts.map((c) => [c.id, c.role]));
      for (const segment of segments) {
        const role = segment.person_type === 'user' ? 'user' : 'lead';
        for (const id of segmentContactIds[segment.id] ?? []) {
          expect(roles.get(id)).toBe(role);
        }
      }
      const users = contacts.filter((c) => c.role === 'user').length;
      const all = segments.find((s) => s.name === 'All users');
      expect(segmentContactIds[all?.id ?? '']).toHaveLength(users);
    }
  });
});
