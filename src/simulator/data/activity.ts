/**
 * The admins' activity log (`GET /admins/activity_logs`): a few hundred
 * entries over the past year, each by an admin of the workspace from an
 * address that admin plausibly uses.
 */
import type { Region } from '../../intercom/regions.js';
import type { Random } from '../random.js';
import { DAY_SECONDS } from '../time.js';
import type { ActivityKind } from './activity-kind.js';
import { SECURITY_ACTIVITIES } from './activity-security.js';
import type { SimulatedActivityLog } from './activity-types.js';
import { WORKSPACE_ACTIVITIES } from './activity-workspace.js';
import type { GenerationContext } from './context.js';
import type { SimulatedAdmin, SimulatedApp, SimulatedTeam } from './types.js';

export interface ActivityInputs {
  app: SimulatedApp;
  admins: readonly SimulatedAdmin[];
  teams: readonly SimulatedTeam[];
  conversationIds: readonly string[];
}

const KINDS: readonly ActivityKind[] = [
  ...SECURITY_ACTIVITIES,
  ...WORKSPACE_ACTIVITIES,
];
const TOTAL_WEIGHT = KINDS.reduce((sum, kind) => sum + kind.weight, 0);

/**
 * Leading octets of consumer and business networks in each region, so
 * addresses look like they come from where the workspace's staff live.
 * Failed sign-ins often come from hosting networks elsewhere.
 */
export const NETWORKS: Readonly<Record<Region, readonly string[]>> = {
  us: ['73.162', '98.207', '24.130', '67.180', '71.59', '108.31'],
  eu: ['86.44', '89.101', '37.228', '109.255', '78.16', '92.251'],
  au: ['101.160', '120.20', '49.195', '1.144', '203.219', '110.175'],
};
const HOSTING_NETWORKS = ['185.220', '45.142', '193.32', '91.240', '103.152'];

function address(random: Random, networks: readonly string[]): string {
  return `${random.pick(networks)}.${random.int(0, 255)}.${random.int(1, 254)}`;
}

/** A version 4 UUID from the seeded stream. */
function uuid(random: Random): string {
  const variant = random.pick(['8', '9', 'a', 'b']);
  return [
    random.hex(8),
    random.hex(4),
    `4${random.hex(3)}`,
    `${variant}${random.hex(3)}`,
    random.hex(12),
  ].join('-');
}

function pickKind(random: Random): ActivityKind {
  let roll = random.next() * TOTAL_WEIGHT;
  for (const kind of KINDS) {
    roll -= kind.weight;
    if (roll < 0) return kind;
  }
  return KINDS[KINDS.length - 1] as ActivityKind;
}

export function generateActivityLogs(
  ctx: GenerationContext,
  inputs: ActivityInputs,
): SimulatedActivityLog[] {
  const random = ctx.random('activity-logs');
  const { admins } = inputs;

  // Where each admin works from: most share the office's address.
  const networks = NETWORKS[ctx.region];
  const office = address(random, networks);
  const usual = new Map(
    admins.map((admin) => [
      admin.id,
      random.chance(0.6) ? office : address(random, networks),
    ]),
  );

  const logs: SimulatedActivityLog[] = [];
  const count = random.int(300, 420);
  for (let i = 0; i < count; i++) {
    const at = ctx.now - random.int(60, 365 * DAY_SECONDS);
    const kind = pickKind(random);
    const actor = random.pick(admins);
    const others = admins.filter((admin) => admin !== actor);
    const { description, metadata } = kind.write({
      random,
      actor,
      teammate: others.length > 0 ? random.pick(others) : actor,
      team: random.pick(inputs.teams),
      app: inputs.app,
      conversationId: random.pick(inputs.conversationIds),
      at,
    });
    const ip =
      kind.type === 'admin_login_failure' && random.chance(0.7)
        ? address(random, HOSTING_NETWORKS)
        : (usual.get(actor.id) ?? office);
    logs.push({
      id: uuid(random),
      performed_by: { type: 'admin', id: actor.id, email: actor.email, ip },
      metadata,
      created_at: at,
      activity_type: kind.type,
      activity_description: description,
    });
  }

  // Newest first, as an audit trail is read.
  logs.sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? -1 : 1));
  return logs;
}
