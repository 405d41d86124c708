/**
 * Activities a compliance review looks for first: sign-ins and their
 * failures, permissions and roles, security settings, access tokens,
 * exports and deletions.
 */
import { DAY_SECONDS } from '../time.js';
import {
  INTEGRATIONS,
  onOff,
  ROLES,
  teammateOf,
  toggle,
  type ActivityKind,
} from './activity-kind.js';

const SIGN_IN_METHODS = [
  ['email_password', 'email and password'],
  ['email_password', 'email and password'],
  ['google_sso', 'Google'],
  ['saml_sso', 'SAML single sign-on'],
] as const;

const PERMISSIONS = [
  ['can_export_data', 'export data'],
  ['can_manage_teammates', 'manage teammates'],
  ['can_manage_workspace_security', 'manage workspace security'],
  ['can_redact_conversation_parts', 'redact conversation parts'],
  ['can_access_billing_settings', 'access billing settings'],
  ['can_manage_apps_and_integrations', 'manage apps and integrations'],
] as const;

const SECURITY_SETTINGS = [
  ['enforce_two_factor_auth', false, true],
  ['session_timeout_hours', 24, 12],
  ['allow_email_password_sign_in', true, false],
  ['restrict_attachment_downloads', false, true],
  ['allowed_ip_ranges_enabled', false, true],
] as const;

export const SECURITY_ACTIVITIES: readonly ActivityKind[] = [
  {
    type: 'admin_login_success',
    weight: 30,
    write: ({ random, actor }) => {
      const [method, label] = random.pick(SIGN_IN_METHODS);
      return {
        description: `${actor.name} signed in with ${label}.`,
        metadata: { sign_in_method: method },
      };
    },
  },
  {
    type: 'admin_logout',
    weight: 10,
    write: ({ actor }) => ({
      description: `${actor.name} signed out.`,
      metadata: {},
    }),
  },
  {
    type: 'admin_login_failure',
    weight: 6,
    write: ({ random, actor }) => ({
      description: random.chance(0.7)
        ? `A sign-in to ${actor.name}'s account failed: the password was wrong.`
        : `A sign-in to ${actor.name}'s account failed: the two-factor code was wrong.`,
      metadata: { sign_in_method: 'email_password' },
    }),
  },
  {
    type: 'admin_password_reset_request',
    weight: 2,
    write: ({ actor }) => ({
      description: `${actor.name} asked for a password reset email.`,
      metadata: {},
    }),
  },
  {
    type: 'admin_password_reset_success',
    weight: 2,
    write: ({ actor }) => ({
      description: `${actor.name} reset their password.`,
      metadata: {},
    }),
  },
  {
    type: 'admin_two_factor_auth_change',
    weight: 2,
    write: ({ random, actor }) => {
      const { enabled, metadata } = toggle('two_factor_auth_enabled', random);
      return {
        description: `${actor.name} turned two-factor authentication ${onOff(enabled)}.`,
        metadata,
      };
    },
  },
  {
    type: 'admin_permission_change',
    weight: 4,
    write: ({ random, actor, teammate }) => {
      const granted = random.chance(0.6);
      const [key, label] = random.pick(PERMISSIONS);
      return {
        description: `${actor.name} ${granted ? 'allowed' : 'stopped'} ${teammate.name} to ${label}.`,
        metadata: {
          teammate: teammateOf(teammate),
          before: { [key]: !granted },
          after: { [key]: granted },
        },
      };
    },
  },
  {
    type: 'role_change',
    weight: 3,
    write: ({ random, actor, teammate }) => {
      const [from, to] = random.sample(ROLES, 2);
      return {
        description: `${actor.name} changed ${teammate.name}'s role from ${from} to ${to}.`,
        metadata: {
          teammate: teammateOf(teammate),
          before: { role: from },
          after: { role: to },
        },
      };
    },
  },
  {
    type: 'role_creation',
    weight: 1,
    write: ({ random, actor }) => {
      const role = random.pick(['Billing only', 'Contractors', 'QA reviewers']);
      return {
        description: `${actor.name} created the role ${role}.`,
        metadata: { role: { name: role } },
      };
    },
  },
  {
    type: 'seat_change',
    weight: 2,
    write: ({ random, actor, teammate }) => {
      const added = random.chance(0.7);
      const without = ['inbox'];
      const withCopilot = ['inbox', 'copilot'];
      return {
        description: `${actor.name} ${added ? 'gave' : 'took'} a Copilot seat ${added ? 'to' : 'from'} ${teammate.name}.`,
        metadata: {
          teammate: teammateOf(teammate),
          before: { seats: added ? without : withCopilot },
          after: { seats: added ? withCopilot : without },
        },
      };
    },
  },
  {
    type: 'security_settings_change',
    weight: 3,
    write: ({ random, actor }) => {
      const [key, before, after] = random.pick(SECURITY_SETTINGS);
      return {
        description: `${actor.name} changed the workspace security setting ${key} from ${String(before)} to ${String(after)}.`,
        metadata: {
          setting_type: 'workspace_security',
          changes: { [key]: { before, after } },
        },
      };
    },
  },
  {
    type: 'app_authentication_method_change',
    weight: 1,
    write: ({ actor }) => ({
      description: `${actor.name} allowed teammates to sign in only with SAML single sign-on.`,
      metadata: {
        before: { methods: ['email_password', 'google_sso'] },
        after: { methods: ['saml_sso'] },
      },
    }),
  },
  {
    type: 'app_identity_verification_change',
    weight: 1,
    write: ({ random, actor }) => {
      const { enabled, metadata } = toggle('identity_verification', random);
      return {
        description: `${actor.name} turned identity verification ${onOff(enabled)} for web.`,
        metadata,
      };
    },
  },
  {
    type: 'malicious_domains_setting_change',
    weight: 1,
    write: ({ random, actor }) => {
      const enabled = random.chance(0.8);
      return {
        description: `${actor.name} turned blocking of malicious links ${onOff(enabled)}.`,
        metadata: { enabled },
      };
    },
  },
  {
    type: 'oauth_token_revocation',
    weight: 2,
    write: ({ random, actor }) => {
      const name = random.pick(INTEGRATIONS);
      return {
        description: `${actor.name} revoked the access token of the ${name} app.`,
        metadata: { app_package: { name } },
      };
    },
  },
  {
    type: 'app_data_export',
    weight: 2,
    write: ({ random, actor, at }) => {
      const days = random.pick([30, 90, 365]);
      return {
        description: `${actor.name} exported conversation data for the last ${days} days.`,
        metadata: {
          export: {
            type: 'conversations',
            created_at_after: at - days * DAY_SECONDS,
            created_at_before: at,
          },
        },
      };
    },
  },
  {
    type: 'bulk_export',
    weight: 2,
    write: ({ random, actor }) => {
      const count = random.int(40, 2_400);
      const model = random.pick(['users', 'leads', 'companies']);
      return {
        description: `${actor.name} exported ${count} ${model} to a CSV file.`,
        metadata: { export: { model, count, format: 'csv' } },
      };
    },
  },
  {
    type: 'conversation_part_deletion',
    weight: 2,
    write: ({ random, actor, conversationId }) => ({
      description: `${actor.name} deleted a message from conversation ${conversationId}.`,
      metadata: {
        conversation_id: conversationId,
        conversation_part_id: String(random.int(9_100_000_001, 9_299_999_999)),
      },
    }),
  },
  {
    type: 'conversation_pdf_export',
    weight: 1,
    write: ({ actor, conversationId }) => ({
      description: `${actor.name} exported conversation ${conversationId} as a PDF.`,
      metadata: { conversation_id: conversationId },
    }),
  },
  {
    type: 'admin_invite_creation',
    weight: 2,
    write: ({ random, actor, app }) => {
      const local = random.pick(['contractor', 'temp.support', 'auditor']);
      const email = `${local}${random.int(1, 99)}@${app.id_code}.example`;
      return {
        description: `${actor.name} invited ${email} to the workspace.`,
        metadata: { invitee_email: email, role: random.pick(ROLES) },
      };
    },
  },
];
