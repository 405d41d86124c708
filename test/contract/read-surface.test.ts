/**
 * The wider read surface answers as described: companies, a contact's
 * companies and segments, segments, data and conversation attributes and
 * the activity log, on every page of every region.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../src/intercom/regions.js';
import {
  startSimulator,
  type SimulatedRegion,
  type Simulator,
} from '../../src/simulator/index.js';
import { call } from '../simulator/http.js';
import { checker, type Request } from './check.js';
import { OPENAPI_FILE, OpenApiResponses, openapiAvailable } from './openapi.js';

describe.skipIf(!openapiAvailable)(
  `the wider read surface validates against ${OPENAPI_FILE} (skipped when that file is absent)`,
  () => {
    let simulator: Simulator;
    let openapi: OpenApiResponses;

    beforeAll(async () => {
      openapi = new OpenApiResponses();
      simulator = await startSimulator({ rateLimitPerWindow: 1_000_000 });
    });
    afterAll(() => simulator.close());

    const { checkAll } = checker(() => openapi);

    /** Every page of a numbered listing, from its first answer. */
    async function numberedPages(region: SimulatedRegion, path: string) {
      const first = await call<{ pages: { total_pages: number } }>(
        region,
        `${path}&page=1`,
      );
      return Array.from(
        { length: Math.max(1, first.body.pages.total_pages) },
        (_, i) => [`${path}&page=${i + 1}`] as const,
      );
    }

    /** Every page of a cursor listing, following pages.next. */
    async function cursorPages(region: SimulatedRegion, path: string) {
      const pages: Request[] = [];
      let next: string | undefined;
      do {
        const page = `${path}${next === undefined ? '' : `&starting_after=${next}`}`;
        pages.push([page]);
        const answer = await call<{
          pages: { next?: { starting_after?: string } | null };
        }>(region, page);
        next = answer.body.pages.next?.starting_after;
      } while (next !== undefined);
      return pages;
    }

    it.each(REGIONS)('companies answer as described (%s)', async (name) => {
      const region = simulator.regions[name];
      const { companies, contacts } = region.workspace;
      const company = companies[0];
      const tag = companies.find((c) => c.tags.tags.length > 0)?.tags.tags[0];
      const problems = await checkAll(
        region,
        [
          ['/companies'],
          ...(await numberedPages(region, '/companies?per_page=7')),
          [`/companies?name=${encodeURIComponent(company?.name ?? '')}`],
          [`/companies?company_id=${company?.company_id ?? ''}`],
          [`/companies?tag_id=${tag?.id ?? ''}`],
          [`/companies?segment_id=${region.workspace.segments[0]?.id ?? ''}`],
          ['/companies?page=40'],
          ...contacts.map((c) => [`/contacts/${c.id}/companies`] as const),
        ],
        200,
      );
      expect(problems).toEqual([]);
    });

    it.each(REGIONS)('segments answer as described (%s)', async (name) => {
      const region = simulator.regions[name];
      const { segments, contacts } = region.workspace;
      const problems = await checkAll(
        region,
        [
          ['/segments'],
          ['/segments?include_count=true'],
          ['/segments?include_count=false'],
          ...segments.map((s) => [`/segments/${s.id}`] as const),
          ...contacts.map((c) => [`/contacts/${c.id}/segments`] as const),
        ],
        200,
      );
      expect(problems).toEqual([]);
    });

    it.each(REGIONS)('attributes answer as described (%s)', async (name) => {
      const problems = await checkAll(
        simulator.regions[name],
        [
          ['/data_attributes'],
          ['/data_attributes?model=contact'],
          ['/data_attributes?model=company'],
          ['/data_attributes?include_archived=true'],
          ['/data_attributes?model=company&include_archived=true'],
          ['/conversations/attributes'],
          ['/conversations/attributes?include_archived=true'],
        ],
        200,
      );
      expect(problems).toEqual([]);
    });

    it.each(REGIONS)(
      'every activity log page answers as described (%s)',
      async (name) => {
        const region = simulator.regions[name];
        const { activityLogs } = region.workspace;
        const middle = activityLogs[100]?.created_at ?? 0;
        const problems = await checkAll(
          region,
          [
            ...(await cursorPages(
              region,
              '/admins/activity_logs?created_at_after=0&per_page=60',
            )),
            [`/admins/activity_logs?created_at_after=${middle}`],
            [
              `/admins/activity_logs?created_at_after=0&created_at_before=${middle}`,
            ],
            ['/admins/activity_logs?created_at_after=99999999999'],
          ],
          200,
        );
        expect(problems).toEqual([]);
      },
    );
  },
);
