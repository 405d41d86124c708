/**
 * Everyday workspace administration: away mode, teams and limits,
 * integrations, messages, macros and Messenger settings.
 */
import {
  INTEGRATIONS,
  onOff,
  teammateOf,
  toggle,
  type ActivityKind,
} from './activity-kind.js';
import { AWAY_STATUS_REASONS, STANDARD_AWAY_REASONS } from './catalog.js';

const MESSAGES = [
  'Welcome series: day 1',
  'Trial ending reminder',
  'Product update: new dashboard',
  'NPS survey',
  'Onboarding checklist',
] as const;

const MACROS = [
  'Refund issued',
  'Password reset steps',
  'Escalated to engineering',
  'GDPR request received',
  'Invoice copy',
] as const;

/** The reasons every workspace's away status reason list holds. */
const AWAY_REASONS = AWAY_STATUS_REASONS.slice(0, STANDARD_AWAY_REASONS).map(
  ([label]) => label,
);

export const WORKSPACE_ACTIVITIES: readonly ActivityKind[] = [
  {
    type: 'admin_away_mode_change',
    weight: 12,
    write: ({ random, actor }) => {
      const away = random.chance(0.5);
      const reason = away ? random.pick(AWAY_REASONS) : null;
      return {
        description: away
          ? `${actor.name} set themselves away (${String(reason)}).`
          : `${actor.name} set themselves back as active.`,
        metadata: {
          away_mode: away,
          away_status_reason: reason,
          reassign_conversations: away && random.chance(0.4),
          source: `admin update from web - Admin id: ${actor.id}`,
        },
      };
    },
  },
  {
    type: 'admin_occupancy_state_change',
    weight: 3,
    write: ({ random, actor, at }) => {
      const idle = random.chance(0.5);
      return {
        description: `${actor.name} became ${idle ? 'idle' : 'occupied'}.`,
        metadata: {
          previous_state: idle ? 'occupied' : 'idle',
          new_state: idle ? 'idle' : 'occupied',
          threshold_minutes: 15,
          last_activity_at: at - random.int(60, 900),
          auto: true,
        },
      };
    },
  },
  {
    type: 'admin_conversation_assignment_limit_change',
    weight: 2,
    write: ({ random, actor, teammate }) => {
      const limit = random.pick([5, 8, 10, 12, 15, 20]);
      return {
        description: `${actor.name} set ${teammate.name}'s conversation assignment limit to ${limit}.`,
        metadata: {
          teammate: teammateOf(teammate),
          conversation_assignment_limit: limit,
        },
      };
    },
  },
  {
    type: 'app_team_creation',
    weight: 1,
    write: ({ actor, team }) => ({
      description: `${actor.name} created the team ${team.name}.`,
      metadata: { team: { id: Number(team.id), name: team.name } },
    }),
  },
  {
    type: 'app_team_membership_modification',
    weight: 3,
    write: ({ random, actor, teammate, team }) => {
      const added = random.chance(0.7);
      return {
        description: `${actor.name} ${added ? 'added' : 'removed'} ${teammate.name} ${added ? 'to' : 'from'} the ${team.name} team.`,
        metadata: {
          team: { id: Number(team.id), name: team.name },
          before: { member: !added },
          after: { member: added },
          teammate: teammateOf(teammate),
        },
      };
    },
  },
  {
    type: 'team_assignment_limit_change',
    weight: 1,
    write: ({ random, actor, team }) => {
      const limit = random.chance(0.8) ? random.int(10, 60) : null;
      return {
        description:
          limit === null
            ? `${actor.name} removed the assignment limit of the ${team.name} team.`
            : `${actor.name} set the assignment limit of the ${team.name} team to ${limit}.`,
        metadata: {
          team: { id: Number(team.id), name: team.name },
          team_assignment_limit: limit,
        },
      };
    },
  },
  {
    type: 'app_package_installation',
    weight: 2,
    write: ({ random, actor }) => {
      const name = random.pick(INTEGRATIONS);
      return {
        description: `${actor.name} installed the ${name} app.`,
        metadata: { app_package: { name } },
      };
    },
  },
  {
    type: 'app_webhook_creation',
    weight: 1,
    write: ({ random, actor, app }) => {
      const url = `https://hooks.${app.id_code}.example/intercom/${random.hex(8)}`;
      return {
        description: `${actor.name} added a webhook sending to ${url}.`,
        metadata: {
          webhook: { url, topics: ['conversation.admin.closed'] },
        },
      };
    },
  },
  {
    type: 'app_name_change',
    weight: 0.3,
    write: ({ actor, app }) => {
      const before = `${app.name.split(/[ ,]/)[0] ?? app.name} (old)`;
      return {
        description: `${actor.name} renamed the workspace from ${before} to ${app.name}.`,
        metadata: { before: { name: before }, after: { name: app.name } },
      };
    },
  },
  {
    type: 'message_state_change',
    weight: 6,
    write: ({ random, actor }) => {
      const title = random.pick(MESSAGES);
      const live = random.chance(0.6);
      const [from, to] = live ? ['draft', 'live'] : ['live', 'paused'];
      return {
        description: `${actor.name} changed the ${title} message from ${from} to ${to}.`,
        metadata: {
          message: { id: random.int(10_000, 99_999), title },
          before: { state: from },
          after: { state: to },
        },
      };
    },
  },
  {
    type: 'series_status_change',
    weight: 2,
    write: ({ random, actor }) => {
      const title = random.pick(['Onboarding series', 'Win-back series']);
      const live = random.chance(0.5);
      return {
        description: `${actor.name} ${live ? 'set live' : 'paused'} the series ${title}.`,
        metadata: {
          series: { id: random.int(1_000, 9_999), title },
          before: { state: live ? 'draft' : 'live' },
          after: { state: live ? 'live' : 'paused' },
        },
      };
    },
  },
  {
    type: 'macro_creation',
    weight: 4,
    write: ({ random, actor }) => {
      const name = random.pick(MACROS);
      return {
        description: `${actor.name} created the macro ${name}.`,
        metadata: { macro: { id: random.int(100_000, 999_999), name } },
      };
    },
  },
  {
    type: 'macro_update',
    weight: 3,
    write: ({ random, actor }) => {
      const name = random.pick(MACROS);
      return {
        description: `${actor.name} edited the macro ${name}.`,
        metadata: { macro: { id: random.int(100_000, 999_999), name } },
      };
    },
  },
  {
    type: 'office_hours_change',
    weight: 2,
    write: ({ actor }) => ({
      description: `${actor.name} changed the office hours to weekdays, 08:00 to 18:00.`,
      metadata: {
        before: { weekdays: '09:00-17:00' },
        after: { weekdays: '08:00-18:00' },
      },
    }),
  },
  {
    type: 'help_center_settings_change',
    weight: 2,
    write: ({ random, actor }) => {
      const { enabled, metadata } = toggle('public_search', random);
      return {
        description: `${actor.name} turned public search of the help center ${onOff(enabled)}.`,
        metadata,
      };
    },
  },
  {
    type: 'messenger_look_and_feel_change',
    weight: 2,
    write: ({ random, actor }) => {
      const color = `#${random.hex(6)}`;
      return {
        description: `${actor.name} changed the Messenger's action color to ${color}.`,
        metadata: {
          before: { action_color: '#0057ff' },
          after: { action_color: color },
        },
      };
    },
  },
  {
    type: 'welcome_message_change',
    weight: 1,
    write: ({ actor }) => ({
      description: `${actor.name} changed the Messenger's welcome message.`,
      metadata: {
        before: { text: 'Hi there! How can we help?' },
        after: { text: 'Hi! Ask us anything, we reply within an hour.' },
      },
    }),
  },
  {
    type: 'upfront_email_collection_change',
    weight: 1,
    write: ({ random, actor }) => {
      const { enabled, metadata } = toggle('ask_for_email_first', random);
      return {
        description: `${actor.name} turned asking visitors for their email first ${onOff(enabled)}.`,
        metadata,
      };
    },
  },
];
