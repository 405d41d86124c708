/** The same seed gives the same bytes, whatever the clock says. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IntercomContactList } from '../../src/intercom/models.js';
import { REGIONS } from '../../src/intercom/regions.js';
import {
  startSimulator,
  type SimulatedRegion,
  type Simulator,
} from '../../src/simulator/index.js';
import { call, type Answer } from './http.js';

const started: Simulator[] = [];
async function start(seed?: number): Promise<Simulator> {
  const simulator = await startSimulator(seed === undefined ? {} : { seed });
  started.push(simulator);
  return simulator;
}
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(started.splice(0).map((s) => s.close()));
});

/** The raw text of every GET /contacts page, following the cursors. */
async function contactPages(region: SimulatedRegion): Promise<string[]> {
  const pages: string[] = [];
  let path: string | null = '/contacts?per_page=60';
  while (path !== null) {
    const answer: Answer<IntercomContactList> = await call(region, path);
    pages.push(answer.text);
    const next = answer.body.pages?.next?.starting_after;
    path = next ? `/contacts?per_page=60&starting_after=${next}` : null;
  }
  return pages;
}

describe('determinism', () => {
  it('serves byte-identical contact pages for the same seed', async () => {
    const [first, second] = await Promise.all([start(7), start(7)]);
    for (const region of REGIONS) {
      const a = await contactPages(first.regions[region]);
      const b = await contactPages(second.regions[region]);
      expect(a).toHaveLength(7);
      expect(b).toEqual(a);
    }
  });

  it('generates identical workspaces and tokens for the same seed', async () => {
    const [first, second] = await Promise.all([start(), start(1)]);
    for (const region of REGIONS) {
      expect(JSON.stringify(second.regions[region].workspace)).toBe(
        JSON.stringify(first.regions[region].workspace),
      );
      expect(second.regions[region].token).toBe(first.regions[region].token);
    }
  });

  it('does not read the clock: data is the same in another year', async () => {
    const today = await start(3);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-06-01') });
    const later = await start(3);
    expect(JSON.stringify(later.regions.eu.workspace)).toBe(
      JSON.stringify(today.regions.eu.workspace),
    );
  });

  it('generates different data for another seed', async () => {
    const [one, two] = await Promise.all([start(1), start(2)]);
    const names = (s: Simulator) =>
      s.regions.us.workspace.contacts.map((c) => c.name);
    expect(names(two)).not.toEqual(names(one));
    expect(two.regions.us.token).not.toBe(one.regions.us.token);
    expect(two.regions.us.workspace.referenceTime).not.toBe(
      one.regions.us.workspace.referenceTime,
    );
  });
});
