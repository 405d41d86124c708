import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REGIONS, type Region } from '../../src/intercom/regions.js';
import type { SimulatedWorkspace } from '../../src/simulator/index.js';
import { iso } from '../support/expect.js';
import { endpoint } from '../support/calls.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

// Workspace settings and the admins of an access review, over HTTP, against
// what the simulator holds. Expected values are computed from the
// simulator's own records, never through the gateway's code.

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

beforeEach(async () => {
  await stack.gateway.cache.clear();
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await stack.close();
});

const workspaceOf = (region: Region): SimulatedWorkspace =>
  stack.simulator.regions[region].workspace;

async function ok<T>(
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const answer = await stack.query<T>(query, variables);
  expect(answer.errors).toBeUndefined();
  if (!answer.data) throw new Error('no data');
  return answer.data;
}

const SETTINGS = /* GraphQL */ `
  query Settings($id: ID!) {
    connection(id: $id) {
      workspace {
        identityVerification
        ipAllowlist {
          enabled
          entries
        }
        brands {
          id
          name
          isDefault
          createdAt
          updatedAt
          helpCenterId
          defaultAddressSettingsId
        }
        awayStatusReasons {
          id
          label
          emoji
          order
          deleted
          createdAt
          updatedAt
        }
        activityLogEventTypes
      }
    }
  }
`;

interface Settings {
  connection: {
    workspace: {
      identityVerification: boolean | null;
      ipAllowlist: { enabled: boolean; entries: string[] } | null;
      brands: Record<string, unknown>[] | null;
      awayStatusReasons: Record<string, unknown>[] | null;
      activityLogEventTypes: string[] | null;
    };
  };
}

describe.each(REGIONS)('workspace settings (%s)', (region) => {
  it("answer the simulator's values, each read once", async () => {
    const data = workspaceOf(region);
    const { workspace } = (
      await ok<Settings>(SETTINGS, { id: CONNECTIONS[region] })
    ).connection;

    expect(workspace.identityVerification).toBe(data.app.identity_verification);
    expect(workspace.ipAllowlist).toEqual({
      enabled: data.ipAllowlist.enabled,
      entries: data.ipAllowlist.ip_allowlist,
    });
    expect(workspace.brands).toEqual(
      data.brands.map((brand) => ({
        id: brand.id,
        name: brand.name,
        isDefault: brand.is_default,
        createdAt: iso(brand.created_at),
        updatedAt: iso(brand.updated_at),
        helpCenterId: brand.help_center_id,
        defaultAddressSettingsId: brand.default_address_settings_id,
      })),
    );
    expect(
      workspace.brands?.filter((brand) => brand.isDefault).map((b) => b.id),
    ).toEqual([data.app.id_code]);
    expect(workspace.awayStatusReasons).toEqual(
      data.awayStatusReasons.map((reason) => ({
        id: reason.id,
        label: reason.label,
        emoji: reason.emoji,
        order: reason.order,
        deleted: reason.deleted,
        createdAt: iso(reason.created_at),
        updatedAt: iso(reason.updated_at),
      })),
    );
    expect(workspace.awayStatusReasons?.some((r) => r.deleted)).toBe(true);
    expect(workspace.activityLogEventTypes).toEqual(data.activityLogEventTypes);

    expect(stack.simulator.calls().map(endpoint).sort()).toEqual([
      'GET /admins/activity_log_event_types',
      'GET /away_status_reasons',
      'GET /brands',
      'GET /ip_allowlist',
      'GET /me',
    ]);
  });
});

it('the settings differ between regions where the workspaces do', () => {
  // Guards the tests above against data that could not tell regions apart.
  const verification = REGIONS.map(
    (r) => workspaceOf(r).app.identity_verification,
  );
  const allowlists = REGIONS.map((r) => workspaceOf(r).ipAllowlist.enabled);
  expect(new Set(verification).size).toBe(2);
  expect(new Set(allowlists).size).toBe(2);
});

const ADMINS = /* GraphQL */ `
  query Admins($id: ID!, $filter: AdminFilter) {
    connection(id: $id) {
      workspace {
        admins(filter: $filter) {
          id
          hasInboxSeat
          awayModeEnabled
          role {
            id
            name
          }
          awayStatusReason {
            id
            deleted
          }
          teams {
            id
          }
          primaryTeams {
            id
          }
          secondaryTeams {
            id
          }
        }
      }
    }
  }
`;

interface AdminRow {
  id: string;
  hasInboxSeat: boolean | null;
  awayModeEnabled: boolean | null;
  role: { id: string; name: string | null } | null;
  awayStatusReason: { id: string; deleted: boolean } | null;
  teams: { id: string }[];
  primaryTeams: { id: string }[];
  secondaryTeams: { id: string }[];
}

interface Admins {
  connection: { workspace: { admins: AdminRow[] } };
}

type SimulatedAdmin = SimulatedWorkspace['admins'][number];

/** What the simulator says of an admin, in the gateway's terms. */
function expectedAdmin(data: SimulatedWorkspace, admin: SimulatedAdmin) {
  const reason = data.awayStatusReasons.find(
    (r) => r.id === String(admin.away_status_reason_id),
  );
  const ids = (list: readonly number[] | null | undefined) =>
    (list ?? []).map((id) => ({ id: String(id) }));
  return {
    id: admin.id,
    hasInboxSeat: admin.has_inbox_seat,
    awayModeEnabled: admin.away_mode_enabled,
    role: admin.role ? { id: admin.role.id, name: admin.role.name } : null,
    awayStatusReason:
      admin.away_status_reason_id === null || !reason
        ? null
        : { id: reason.id, deleted: reason.deleted },
    teams: ids(admin.team_ids),
    primaryTeams: ids(admin.team_priority_level.primary_team_ids),
    secondaryTeams: ids(admin.team_priority_level.secondary_team_ids),
  };
}

async function admins(region: Region, filter?: Record<string, unknown>) {
  const data = await ok<Admins>(ADMINS, {
    id: CONNECTIONS[region],
    ...(filter ? { filter } : {}),
  });
  return data.connection.workspace.admins;
}

describe.each(REGIONS)('admins for an access review (%s)', (region) => {
  it('carry role, seat, away mode and reason, teams and team priority', async () => {
    const data = workspaceOf(region);
    expect(await admins(region)).toEqual(
      data.admins.map((admin) => expectedAdmin(data, admin)),
    );
    // Admins, teams and away reasons are each listed once for them all.
    expect(stack.simulator.calls().map(endpoint).sort()).toEqual([
      'GET /admins',
      'GET /away_status_reasons',
      'GET /teams',
    ]);
  });

  it('filter by role, by having a role, by seat, by team and together', async () => {
    const data = workspaceOf(region);
    const idsOf = (list: readonly { id: string }[]) => list.map((a) => a.id);
    const held = data.admins.flatMap((a) => (a.role ? [a.role.id] : []));
    const roleId = held[0];
    const team = data.teams.find(
      (t) => t.admin_ids.length > 0 && t.admin_ids.length < data.admins.length,
    );
    if (roleId === undefined || team === undefined) {
      throw new Error('the workspace has no role or no partial team to test');
    }

    const byRole = data.admins.filter((a) => a.role?.id === roleId);
    const roleless = data.admins.filter((a) => !a.role);
    const seated = data.admins.filter((a) => a.has_inbox_seat);
    const inTeam = data.admins.filter((a) =>
      a.team_ids.includes(Number(team.id)),
    );
    expect(roleless.length).toBeGreaterThan(0);
    expect(idsOf(await admins(region, { roleId }))).toEqual(idsOf(byRole));
    expect(idsOf(await admins(region, { hasRole: false }))).toEqual(
      idsOf(roleless),
    );
    expect(idsOf(await admins(region, { hasInboxSeat: true }))).toEqual(
      idsOf(seated),
    );
    expect(idsOf(await admins(region, { hasInboxSeat: false }))).toEqual(
      idsOf(data.admins.filter((a) => !a.has_inbox_seat)),
    );
    expect(idsOf(await admins(region, { teamId: team.id }))).toEqual(
      idsOf(inTeam),
    );
    expect(
      idsOf(
        await admins(region, { teamId: team.id, hasInboxSeat: true, roleId }),
      ),
    ).toEqual(
      idsOf(inTeam.filter((a) => a.has_inbox_seat && a.role?.id === roleId)),
    );
    expect(await admins(region, { teamId: 'no-such-team' })).toEqual([]);
    expect(idsOf(await admins(region, { hasRole: true }))).toEqual(
      idsOf(data.admins.filter((a) => a.role)),
    );
    const away = data.admins.filter((a) => a.away_mode_enabled);
    expect(idsOf(await admins(region, { awayModeEnabled: true }))).toEqual(
      idsOf(away),
    );
    expect(idsOf(await admins(region, { awayModeEnabled: false }))).toEqual(
      idsOf(data.admins.filter((a) => !a.away_mode_enabled)),
    );
    expect(await admins(region, {})).toHaveLength(data.admins.length);
  });

  it("teams list their admins by priority, agreeing with the admins' own", async () => {
    const data = workspaceOf(region);
    const answer = await ok<{
      connection: {
        workspace: {
          teams: {
            id: string;
            primaryAdmins: { id: string }[];
            secondaryAdmins: { id: string }[];
          }[];
        };
      };
    }>(
      /* GraphQL */ `
        query Teams($id: ID!) {
          connection(id: $id) {
            workspace {
              teams {
                id
                primaryAdmins {
                  id
                }
                secondaryAdmins {
                  id
                }
              }
            }
          }
        }
      `,
      { id: CONNECTIONS[region] },
    );
    const ids = (list: readonly number[] | null | undefined) =>
      (list ?? []).map((id) => ({ id: String(id) }));
    expect(answer.connection.workspace.teams).toEqual(
      data.teams.map((team) => ({
        id: team.id,
        primaryAdmins: ids(team.admin_priority_level.primary_admin_ids),
        secondaryAdmins: ids(team.admin_priority_level.secondary_admin_ids),
      })),
    );
    const { teams } = answer.connection.workspace;
    expect(teams.flatMap((t) => t.secondaryAdmins).length).toBeGreaterThan(0);
    // Each team's priority agrees with each admin's own, both ways.
    for (const admin of data.admins) {
      const level = admin.team_priority_level;
      const where = (side: 'primaryAdmins' | 'secondaryAdmins') =>
        teams
          .filter((t) => t[side].some((a) => a.id === admin.id))
          .map((t) => Number(t.id))
          .sort((a, b) => a - b);
      const sorted = (ids: readonly number[] | null | undefined) =>
        [...(ids ?? [])].sort((a, b) => a - b);
      expect(where('primaryAdmins')).toEqual(sorted(level.primary_team_ids));
      expect(where('secondaryAdmins')).toEqual(
        sorted(level.secondary_team_ids),
      );
    }
  });
});

it('refuses a malformed role id in a filter, naming the argument', async () => {
  const answer = await stack.query(ADMINS, {
    id: CONNECTIONS.eu,
    filter: { roleId: '../admins' },
  });
  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    argument: 'filter.roleId',
  });
  expect(stack.simulator.calls()).toEqual([]);
});
