/**
 * Who may do what, and who comes first: each admin's role, and in each
 * team which admins are primary and which secondary for assignments.
 * Both draw from streams of their own, so the staff's other draws keep
 * the values they had before admins carried these fields.
 */
import type { IntercomTeamPriorityLevel } from '../../intercom/models.js';
import { ROLES } from './activity-kind.js';
import type { GenerationContext } from './context.js';
import type { SimulatedAdmin, SimulatedRole, SimulatedTeam } from './types.js';

/** The owner's role; the others are those the activity log moves between. */
const OWNER_ROLE = 'Workspace owner';

/** How often each role of `ROLES` is held, in that order. */
const ROLE_WEIGHTS = [0.55, 0.2, 0.15, 0.1];

/** A member's chance of being secondary in a team. */
const SECONDARY_SHARE = 0.3;

export type AdminDraft = Omit<SimulatedAdmin, 'team_priority_level' | 'role'>;
export type TeamDraft = Omit<SimulatedTeam, 'admin_priority_level'>;

/**
 * The workspace's roles, ids rising in the order they were created: the
 * owner's first.
 */
export function generateRoles(ctx: GenerationContext): SimulatedRole[] {
  const random = ctx.random('roles');
  const firstId = random.int(1_000, 9_000);
  return [OWNER_ROLE, ...ROLES].map((name, i) => ({
    type: 'role',
    id: String(firstId + i),
    name,
  }));
}

/** The index `roll` (in [0, 1)) lands on among weights summing to 1. */
function weightedIndex(roll: number, weights: readonly number[]): number {
  let rest = roll;
  for (const [i, weight] of weights.entries()) {
    rest -= weight;
    if (rest < 0) return i;
  }
  return weights.length - 1;
}

/**
 * The role of each admin, by admin id. The token's admin (the first) owns
 * the workspace; exactly one other admin has no role, so every workspace
 * shows one without. The rest share the other roles, and as there are at
 * least six of them for four roles, some role always has two holders.
 */
export function assignRoles(
  ctx: GenerationContext,
  admins: readonly AdminDraft[],
  roles: readonly SimulatedRole[],
): Map<string, SimulatedRole | undefined> {
  const random = ctx.random('admin-roles');
  const [owner, ...others] = roles;
  const without = random.pick(admins.slice(1)).id;
  return new Map(
    admins.map((admin, i) => {
      if (i === 0) return [admin.id, owner];
      if (admin.id === without) return [admin.id, undefined];
      return [admin.id, others[weightedIndex(random.next(), ROLE_WEIGHTS)]];
    }),
  );
}

/** A priority level without the lists that would be empty. */
function level<K extends string>(lists: Record<K, number[]>) {
  return Object.fromEntries(
    Object.entries<number[]>(lists).filter(([, ids]) => ids.length > 0),
  ) as Partial<Record<K, number[]>>;
}

/**
 * Splits each team's admins into primary and secondary ones; a team keeps
 * a primary admin. A workspace without any secondary membership gets one
 * in its largest team, so each shows both kinds: the last of its admins,
 * who is its only one (and no primary is left) if every team has one.
 */
export function rankTeams(
  ctx: GenerationContext,
  teams: readonly TeamDraft[],
): SimulatedTeam[] {
  const random = ctx.random('team-priority');
  const secondary = teams.map((team) => {
    const drawn = team.admin_ids.filter(() => random.chance(SECONDARY_SHARE));
    return drawn.length === team.admin_ids.length ? drawn.slice(1) : drawn;
  });
  if (secondary.every((ids) => ids.length === 0) && teams.length > 0) {
    const largest = teams.reduce(
      (best, team, i) =>
        team.admin_ids.length > (teams[best]?.admin_ids.length ?? 0) ? i : best,
      0,
    );
    const ids = teams[largest]?.admin_ids ?? [];
    secondary[largest] = ids.slice(-1);
  }
  return teams.map((team, i) => {
    const ranked = new Set(secondary[i]);
    return {
      ...team,
      admin_priority_level: level({
        primary_admin_ids: team.admin_ids.filter((id) => !ranked.has(id)),
        secondary_admin_ids: team.admin_ids.filter((id) => ranked.has(id)),
      }),
    };
  });
}

/** An admin's side of the teams' priority levels, in `team_ids` order. */
export function teamPriorityOf(
  admin: AdminDraft,
  teams: readonly SimulatedTeam[],
): IntercomTeamPriorityLevel {
  const secondaryIn = (teamId: number) =>
    teams
      .find((team) => Number(team.id) === teamId)
      ?.admin_priority_level.secondary_admin_ids?.includes(Number(admin.id)) ??
    false;
  return level({
    primary_team_ids: admin.team_ids.filter((id) => !secondaryIn(id)),
    secondary_team_ids: admin.team_ids.filter(secondaryIn),
  });
}
