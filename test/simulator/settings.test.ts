/**
 * Workspace settings: away status reasons (deleted ones included), the IP
 * allowlist, brands, the activity log's event types and the app's identity
 * verification, each as its workspace holds it and as its endpoint serves
 * it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import { REGIONS } from '../../src/intercom/regions.js';
import {
  startSimulator,
  type SimulatedBrand,
  type Simulator,
} from '../../src/simulator/index.js';
import { generateWorkspace } from '../../src/simulator/data/workspace.js';
import { referenceTimeFor } from '../../src/simulator/time.js';
import { call } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({
    contactsPerWorkspace: 40,
    conversationsPerWorkspace: 20,
  });
});
afterAll(() => simulator.close());

const ADDRESS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as an unsigned 32-bit number. */
function addressValue(address: string): number {
  const octets = ADDRESS.exec(address)?.slice(1).map(Number) ?? [];
  expect(octets).toHaveLength(4);
  return octets.reduce((value, octet) => value * 256 + octet, 0);
}

/** Whether an allowlist entry (an address or a CIDR range) allows one. */
function allows(entry: string, address: string): boolean {
  const [base = '', bits = '32'] = entry.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(addressValue(base) / size) * size;
  const value = addressValue(address);
  return value >= start && value < start + size;
}

describe.each(REGIONS)('the settings of the %s workspace', (name) => {
  const region = () => simulator.regions[name];
  const workspace = () => region().workspace;

  it('list away status reasons in order, deleted ones among them', () => {
    const { awayStatusReasons: reasons, app, referenceTime } = workspace();
    expect(reasons.map((r) => r.id)).toEqual(
      reasons.map((_, i) => String(i + 1)),
    );
    expect(reasons.map((r) => r.order)).toEqual(reasons.map((_, i) => i + 1));
    expect(new Set(reasons.map((r) => r.label)).size).toBe(reasons.length);
    expect(reasons.some((r) => r.deleted)).toBe(true);
    expect(reasons.some((r) => !r.deleted)).toBe(true);
    for (const reason of reasons) {
      expect(reason.type).toBe('away_status_reason');
      expect(reason.emoji).not.toBe('');
      expect(reason.created_at).toBeGreaterThanOrEqual(app.created_at);
      expect(reason.updated_at).toBeGreaterThanOrEqual(reason.created_at);
      expect(reason.updated_at).toBeLessThanOrEqual(referenceTime);
    }
  });

  it('give away admins reasons the list holds, by id', () => {
    const { admins, awayStatusReasons } = workspace();
    const ids = new Set(awayStatusReasons.map((r) => r.id));
    for (const admin of admins) {
      if (admin.away_status_reason_id === null) continue;
      expect(ids).toContain(String(admin.away_status_reason_id));
    }
  });

  it("name in the activity log's away-mode changes only listed reasons", () => {
    const { activityLogs, awayStatusReasons } = workspace();
    const labels = new Set(awayStatusReasons.map((r) => r.label));
    const named = activityLogs
      .map((log) => log.metadata.away_status_reason)
      .filter((reason) => typeof reason === 'string');
    expect(named.length).toBeGreaterThan(0);
    for (const label of named) expect(labels).toContain(label);
  });

  it('keep IP allowlist entries that are addresses or CIDR ranges', () => {
    for (const entry of workspace().ipAllowlist.ip_allowlist) {
      const [address = '', bits] = entry.split('/');
      expect(addressValue(address)).toBeLessThan(2 ** 32);
      if (bits !== undefined) {
        expect(Number(bits)).toBeGreaterThanOrEqual(8);
        expect(Number(bits)).toBeLessThanOrEqual(32);
      }
    }
  });

  it('list brands, the default one first with the workspace id', () => {
    const { brands, app, referenceTime } = workspace();
    expect(brands[0]).toMatchObject({ id: app.id_code, is_default: true });
    expect(brands.filter((b) => b.is_default)).toHaveLength(1);
    expect(brands.length).toBeLessThanOrEqual(4);
    expect(new Set(brands.map((b) => b.id)).size).toBe(brands.length);
    for (const brand of brands) {
      expect(brand.created_at).toBeGreaterThanOrEqual(app.created_at);
      expect(brand.updated_at).toBeGreaterThanOrEqual(brand.created_at);
      expect(brand.updated_at).toBeLessThanOrEqual(referenceTime);
    }
  });

  it('list every activity type its log holds among the event types', () => {
    const { activityLogs, activityLogEventTypes } = workspace();
    const listed = new Set(activityLogEventTypes);
    expect(listed.size).toBe(activityLogEventTypes.length);
    for (const log of activityLogs) {
      expect(listed).toContain(log.activity_type);
    }
  });

  it('serve the settings as held', async () => {
    const { ipAllowlist, brands, awayStatusReasons, activityLogEventTypes } =
      workspace();
    const answers = await Promise.all(
      [
        '/ip_allowlist',
        '/brands',
        '/away_status_reasons',
        '/admins/activity_log_event_types',
      ].map((path) => call(region(), path)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.body)).toEqual([
      ipAllowlist,
      { type: 'list', data: brands },
      { type: 'list', data: awayStatusReasons },
      {
        type: 'activity_log_event_type.list',
        event_types: activityLogEventTypes,
      },
    ]);
  });

  it('serve each brand by id, and 404 for an unknown one', async () => {
    for (const brand of workspace().brands) {
      const answer = await call<SimulatedBrand>(
        region(),
        `/brands/${encodeURIComponent(brand.id)}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(brand);
    }
    for (const id of ['0', 'nope', '%E0%A4%A']) {
      const answer = await call<IntercomErrorBody>(region(), `/brands/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.body.errors).toEqual([
        { code: 'not_found', message: 'Brand not found' },
      ]);
    }
  });
});

describe('settings across regions', () => {
  const of = (name: (typeof REGIONS)[number]) =>
    simulator.regions[name].workspace;

  it('vary identity verification between regions', () => {
    const values = REGIONS.map((name) => of(name).app.identity_verification);
    expect(new Set(values).size).toBe(2);
    for (const name of REGIONS) {
      expect(of(name).me.app.identity_verification).toBe(
        of(name).app.identity_verification,
      );
    }
  });

  it('enforce the US allowlist, pause the EU one and leave the AU one unused', () => {
    const { us, eu, au } = simulator.regions;
    const entries = us.workspace.ipAllowlist.ip_allowlist;
    expect(us.workspace.ipAllowlist.enabled).toBe(true);
    expect(entries.filter((e) => e.includes('/')).length).toBeGreaterThan(1);
    expect(entries.filter((e) => !e.includes('/')).length).toBeGreaterThan(1);
    expect(eu.workspace.ipAllowlist.enabled).toBe(false);
    expect(eu.workspace.ipAllowlist.ip_allowlist.length).toBeGreaterThan(0);
    expect(au.workspace.ipAllowlist).toEqual({
      type: 'ip_allowlist',
      enabled: false,
      ip_allowlist: [],
    });
  });

  it('allow, where enforced, every address an admin signed in from', () => {
    const { ipAllowlist, activityLogs } = of('us');
    const signIns = activityLogs.filter(
      (log) => log.activity_type === 'admin_login_success',
    );
    expect(signIns.length).toBeGreaterThan(0);
    for (const { performed_by: by } of signIns) {
      expect(ipAllowlist.ip_allowlist.some((e) => allows(e, by.ip))).toBe(true);
    }
  });

  it('hold to the same guarantees with other seeds', () => {
    for (let seed = 2; seed <= 25; seed++) {
      const now = referenceTimeFor(seed);
      for (const name of REGIONS) {
        const w = generateWorkspace(seed, name, now, {
          contacts: 12,
          conversations: 6,
        });
        const roles = w.admins.flatMap((a) => (a.role ? [a.role.id] : []));
        const distinct = new Set(roles).size;
        const secondary = w.teams.flatMap(
          (t) => t.admin_priority_level.secondary_admin_ids ?? [],
        );
        const label = `seed ${seed}, ${name}`;
        expect(distinct, label).toBeGreaterThanOrEqual(2);
        expect(roles.length, label).toBeGreaterThan(distinct);
        expect(roles.length, label).toBeLessThan(w.admins.length);
        expect(secondary.length, label).toBeGreaterThan(0);
        expect(
          w.awayStatusReasons.some((r) => r.deleted),
          label,
        ).toBe(true);
        expect(w.brands[0]?.id).toBe(w.app.id_code);
      }
    }
  });
});
