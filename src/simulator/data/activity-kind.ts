/**
 * The shape of one kind of admin activity, shared by the two catalogs:
 * what an entry may mention, and how a kind writes its sentence and its
 * metadata. The wording is the simulator's own; the metadata keys follow
 * the description's `activity_log_metadata` where it names one.
 */
import type { Random } from '../random.js';
import type { ActivityMetadata, ActivityType } from './activity-types.js';
import type { SimulatedAdmin, SimulatedApp, SimulatedTeam } from './types.js';

/** Everything one entry may mention, drawn before the entry is written. */
export interface ActivityScene {
  random: Random;
  /** The admin who did it. */
  actor: SimulatedAdmin;
  /** Another admin, for activities done to a teammate. */
  teammate: SimulatedAdmin;
  team: SimulatedTeam;
  app: SimulatedApp;
  /** A conversation of the workspace, for deletions and exports. */
  conversationId: string;
  at: number;
}

export interface ActivityKind {
  type: ActivityType;
  /** Relative frequency among all entries. */
  weight: number;
  write(scene: ActivityScene): {
    description: string;
    metadata: ActivityMetadata;
  };
}

export const ROLES = ['Support agent', 'Team lead', 'Admin', 'Read only'];

export const INTEGRATIONS = [
  'Salesforce',
  'Zapier',
  'Jira Cloud',
  'HubSpot',
  'Slack',
  'Stripe',
];

/**
 * A setting turned on or off, in the description's `before`/`after`
 * form: both are objects there, so the value sits under its key.
 */
export function toggle(key: string, random: Random) {
  const enabled = random.chance(0.6);
  return {
    enabled,
    metadata: { before: { [key]: !enabled }, after: { [key]: enabled } },
  };
}

export const onOff = (enabled: boolean) => (enabled ? 'on' : 'off');

/** The admin an activity was done to, as metadata names them. */
export const teammateOf = (admin: SimulatedAdmin) => ({
  id: admin.id,
  email: admin.email,
});
