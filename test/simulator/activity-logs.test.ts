/**
 * `GET /admins/activity_logs`: a few hundred entries over the past year
 * by the workspace's admins, filtered by time, paged by cursor to the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import { REGIONS } from '../../src/intercom/regions.js';
import {
  startSimulator,
  type SimulatedActivityLog,
  type SimulatedRegion,
  type Simulator,
} from '../../src/simulator/index.js';
import { call, type LogPage } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({
    contactsPerWorkspace: 40,
    conversationsPerWorkspace: 20,
  });
});
afterAll(() => simulator.close());

const YEAR = 365 * 86_400;

/** Follows `pages.next.starting_after` to the last page. */
async function walk(region: SimulatedRegion, range: string, perPage?: number) {
  const size = perPage === undefined ? '' : `&per_page=${perPage}`;
  const logs: SimulatedActivityLog[] = [];
  const pages: LogPage['pages'][] = [];
  let after = '';
  for (;;) {
    const answer = await call<LogPage>(
      region,
      `/admins/activity_logs?${range}${size}${after}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('activity_log.list');
    logs.push(...answer.body.activity_logs);
    pages.push(answer.body.pages);
    const next = answer.body.pages.next?.starting_after;
    if (typeof next !== 'string') return { logs, pages };
    after = `&starting_after=${next}`;
  }
}

describe.each(REGIONS)('the activity log of the %s workspace', (name) => {
  const region = () => simulator.regions[name];

  it('holds a few hundred entries over the past year, newest first', () => {
    const { activityLogs, referenceTime } = region().workspace;
    expect(activityLogs.length).toBeGreaterThanOrEqual(300);
    expect(activityLogs.length).toBeLessThanOrEqual(450);
    activityLogs.slice(1).forEach((log, i) => {
      expect(log.created_at).toBeLessThanOrEqual(
        activityLogs[i]?.created_at ?? 0,
      );
    });
    for (const log of activityLogs) {
      expect(log.created_at).toBeGreaterThan(referenceTime - YEAR);
      expect(log.created_at).toBeLessThanOrEqual(referenceTime);
    }
  });

  it('records activity by admins of the workspace, from plausible addresses', () => {
    const { activityLogs, admins } = region().workspace;
    const emails = new Map(admins.map((a) => [a.id, a.email]));
    for (const log of activityLogs) {
      expect(log.performed_by.type).toBe('admin');
      expect(emails.get(log.performed_by.id)).toBe(log.performed_by.email);
      expect(log.performed_by.ip).toMatch(/^(\d{1,3}\.){3}\d{1,3}$/);
      expect(log.performed_by.ip).not.toMatch(/^(10|127|192\.168)\./);
      expect(log.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
      expect(log.activity_description).toContain(' ');
    }
  });

  it('mixes security activity with everyday administration', () => {
    const types = new Set(
      region().workspace.activityLogs.map((l) => l.activity_type),
    );
    for (const type of [
      'admin_login_success',
      'admin_login_failure',
      'admin_permission_change',
      'role_change',
      'security_settings_change',
      'oauth_token_revocation',
      'conversation_part_deletion',
      'admin_away_mode_change',
      'message_state_change',
    ]) {
      expect(types).toContain(type);
    }
    expect(types.has('app_data_export') || types.has('bulk_export')).toBe(true);
    expect(types.size).toBeGreaterThanOrEqual(25);
  });

  it('gives changes their before and after values as objects', () => {
    const changes = region().workspace.activityLogs.filter(
      (l) => 'before' in l.metadata,
    );
    expect(changes.length).toBeGreaterThan(10);
    for (const log of changes) {
      expect(typeof log.metadata.before).toBe('object');
      expect(typeof log.metadata.after).toBe('object');
    }
    const logins = region().workspace.activityLogs.filter(
      (l) => l.activity_type === 'admin_login_success',
    );
    for (const log of logins) {
      expect(log.metadata.sign_in_method).toEqual(expect.any(String));
    }
  });
});

describe('GET /admins/activity_logs', () => {
  it('walks every entry once, page by page', async () => {
    const region = simulator.regions.eu;
    const { activityLogs } = region.workspace;
    const { logs, pages } = await walk(region, 'created_at_after=0', 50);
    expect(logs).toEqual(activityLogs);
    expect(pages).toHaveLength(Math.ceil(activityLogs.length / 50));
    pages.forEach((page, i) => {
      expect(page).toMatchObject({
        type: 'pages',
        page: i + 1,
        per_page: 50,
        total_pages: pages.length,
      });
    });
  });

  it('sends 20 a page by default', async () => {
    const region = simulator.regions.us;
    const answer = await call<LogPage>(
      region,
      '/admins/activity_logs?created_at_after=0',
    );
    expect(answer.body.activity_logs).toHaveLength(20);
    expect(answer.body.pages.next?.per_page).toBe(20);
  });

  it('returns only entries in the time range, both ends included', async () => {
    const region = simulator.regions.au;
    const { activityLogs } = region.workspace;
    const newest = activityLogs[10]?.created_at ?? 0;
    const oldest = activityLogs[120]?.created_at ?? 0;
    const { logs } = await walk(
      region,
      `created_at_after=${oldest}&created_at_before=${newest}`,
      250,
    );
    expect(logs).toEqual(
      activityLogs.filter(
        (l) => l.created_at >= oldest && l.created_at <= newest,
      ),
    );
    const open = await walk(region, `created_at_after=${newest}`, 7);
    expect(open.logs).toEqual(
      activityLogs.filter((l) => l.created_at >= newest),
    );
  });

  it.each([
    ['', 'parameter_not_found', 'created_at_after'],
    [
      '?created_at_before=1700000000',
      'parameter_not_found',
      'created_at_after',
    ],
    ['?created_at_after=yesterday', 'parameter_invalid', 'created_at_after'],
    [
      '?created_at_after=1700000000&created_at_before=1600000000',
      'parameter_invalid',
      'created_at_before',
    ],
    ['?created_at_after=0&per_page=251', 'parameter_invalid', 'per_page'],
    [
      '?created_at_after=0&starting_after=bm9wZQ',
      'parameter_invalid',
      'starting_after',
    ],
  ])('answers 400 to %s', async (query, code, field) => {
    const answer = await call<IntercomErrorBody>(
      simulator.regions.us,
      `/admins/activity_logs${query}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({ code, field });
  });

  it('answers 400 for a missing created_at_after in the words Intercom uses', async () => {
    const answer = await call<IntercomErrorBody>(
      simulator.regions.us,
      '/admins/activity_logs',
    );
    expect(answer.body.errors[0]?.message).toBe(
      'created_at_after is a required parameter',
    );
  });
});
