/**
 * Admins' roles and the teams' priority levels: most admins hold one of a
 * few roles, one holds none; each team splits its admins into primary and
 * secondary ones, and the admins' own levels agree with the teams'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../src/intercom/regions.js';
import {
  startSimulator,
  type SimulatedAdmin,
  type SimulatedTeam,
  type Simulator,
} from '../../src/simulator/index.js';
import { call } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({
    contactsPerWorkspace: 40,
    conversationsPerWorkspace: 20,
  });
});
afterAll(() => simulator.close());

const sorted = (ids: readonly number[] | null | undefined) =>
  [...(ids ?? [])].sort((a, b) => a - b);

describe.each(REGIONS)('the admins of the %s workspace', (name) => {
  const workspace = () => simulator.regions[name].workspace;

  it('hold a few roles, one of them by two or more, and one admin none', () => {
    const { admins } = workspace();
    const holders = new Map<string, number>();
    for (const { role } of admins) {
      if (role === undefined) continue;
      expect(role).toEqual({
        type: 'role',
        id: expect.stringMatching(/^\d+$/) as unknown,
        name: expect.any(String) as unknown,
      });
      holders.set(role.id, (holders.get(role.id) ?? 0) + 1);
    }
    expect(holders.size).toBeGreaterThanOrEqual(2);
    expect(Math.max(...holders.values())).toBeGreaterThanOrEqual(2);

    // Without a role, the property is left out, never null.
    const without = admins.filter((admin) => !('role' in admin));
    expect(without.length).toBeGreaterThanOrEqual(1);
    expect(admins.map((admin) => admin.role)).not.toContain(null);
  });

  it('give one name to each role id, and the owner role to the token admin', () => {
    const { admins, me } = workspace();
    const names = new Map<string, Set<string>>();
    for (const { role } of admins) {
      if (role === undefined) continue;
      names.set(role.id, (names.get(role.id) ?? new Set()).add(role.name));
    }
    for (const set of names.values()) expect(set.size).toBe(1);
    expect(admins.find((a) => a.id === me.id)?.role?.name).toBe(
      'Workspace owner',
    );
  });

  it("split each team's admins into primary and secondary ones", () => {
    for (const team of workspace().teams) {
      const { primary_admin_ids: primary, secondary_admin_ids: secondary } =
        team.admin_priority_level;
      expect(sorted([...(primary ?? []), ...(secondary ?? [])])).toEqual(
        team.admin_ids,
      );
      // Lists that would be empty are left out, as in Intercom's example.
      expect(primary).not.toEqual([]);
      expect(secondary).not.toEqual([]);
    }
  });

  it('agree with the teams on priority, from both sides', () => {
    const { admins, teams } = workspace();
    const teamOf = new Map(teams.map((t) => [Number(t.id), t]));
    const adminOf = new Map(admins.map((a) => [Number(a.id), a]));
    const isSecondary = (team: SimulatedTeam, admin: SimulatedAdmin) =>
      team.admin_priority_level.secondary_admin_ids?.includes(
        Number(admin.id),
      ) ?? false;

    for (const admin of admins) {
      const level = admin.team_priority_level;
      expect(
        sorted([
          ...(level.primary_team_ids ?? []),
          ...(level.secondary_team_ids ?? []),
        ]),
      ).toEqual(sorted(admin.team_ids));
      for (const id of level.primary_team_ids ?? []) {
        const team = teamOf.get(id);
        expect(team?.admin_priority_level.primary_admin_ids).toContain(
          Number(admin.id),
        );
      }
      for (const id of level.secondary_team_ids ?? []) {
        const team = teamOf.get(id);
        expect(team && isSecondary(team, admin)).toBe(true);
      }
    }
    for (const team of teams) {
      for (const id of team.admin_priority_level.primary_admin_ids ?? []) {
        expect(adminOf.get(id)?.team_priority_level.primary_team_ids).toContain(
          Number(team.id),
        );
      }
      for (const id of team.admin_priority_level.secondary_admin_ids ?? []) {
        expect(
          adminOf.get(id)?.team_priority_level.secondary_team_ids,
        ).toContain(Number(team.id));
      }
    }
  });

  it('hold at least one secondary membership', () => {
    const secondary = workspace().teams.flatMap(
      (team) => team.admin_priority_level.secondary_admin_ids ?? [],
    );
    expect(secondary.length).toBeGreaterThanOrEqual(1);
  });

  it('are served with their roles and priority levels', async () => {
    const region = simulator.regions[name];
    const { admins, teams } = region.workspace;
    const list = await call<{ admins: SimulatedAdmin[] }>(region, '/admins');
    expect(list.body.admins).toEqual(admins);
    const roleless = admins.find((admin) => admin.role === undefined);
    const one = await call<Record<string, unknown>>(
      region,
      `/admins/${roleless?.id ?? ''}`,
    );
    expect(one.status).toBe(200);
    expect(Object.keys(one.body)).not.toContain('role');
    expect(one.body.team_priority_level).toEqual(roleless?.team_priority_level);
    const teamList = await call<{ teams: SimulatedTeam[] }>(region, '/teams');
    expect(teamList.body.teams).toEqual(teams);
  });
});
