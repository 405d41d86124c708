/**
 * The activity types a security review reads, by category. Intercom's
 * activity log holds over a hundred types (`activity_log.activity_type`);
 * these are the ones about who gets in and what they may do and take.
 */
import type { SecurityEventCategory } from '../generated/graphql.js';

export const SECURITY_EVENT_TYPES: Readonly<
  Record<SecurityEventCategory, readonly string[]>
> = {
  SIGN_IN: [
    'admin_login_success',
    'admin_login_failure',
    'admin_unauthorized_sign_in_method',
    'admin_two_factor_auth_change',
  ],
  PERMISSIONS: [
    'admin_permission_change',
    'role_change',
    'role_creation',
    'role_deletion',
  ],
  SECURITY_SETTINGS: [
    'security_settings_change',
    'app_authentication_method_change',
    'app_identity_verification_change',
    'app_google_sso_domain_change',
  ],
  TOKEN_REVOCATION: [
    'oauth_token_revocation',
    'app_package_token_regeneration',
  ],
  DATA_EXPORT: ['app_data_export', 'bulk_export', 'conversation_pdf_export'],
  CONVERSATION_PART_DELETION: ['conversation_part_deletion'],
};

const CATEGORY_OF = new Map<string, SecurityEventCategory>(
  Object.entries(SECURITY_EVENT_TYPES).flatMap(([category, types]) =>
    types.map((type) => [type, category as SecurityEventCategory]),
  ),
);

/** The category of an activity type, or undefined for one of no review. */
export function securityCategory(
  activityType: string,
): SecurityEventCategory | undefined {
  return CATEGORY_OF.get(activityType);
}

/** The activity types of `categories` (every category when left out). */
export function securityEventTypes(
  categories: readonly SecurityEventCategory[] | null | undefined,
): string[] {
  const chosen =
    categories ??
    (Object.keys(SECURITY_EVENT_TYPES) as SecurityEventCategory[]);
  return [...new Set(chosen.flatMap((c) => SECURITY_EVENT_TYPES[c]))];
}

/**
 * A change's values before and after, where Intercom gives them: either
 * as `before` and `after` objects, or as `changes` keyed by setting, each
 * with its own `before` and `after`.
 */
export function changeValues(
  metadata: Record<string, unknown> | null | undefined,
): { before: unknown; after: unknown } {
  if (!metadata) return { before: null, after: null };
  if ('before' in metadata || 'after' in metadata) {
    return { before: metadata.before ?? null, after: metadata.after ?? null };
  }
  const { changes } = metadata;
  if (!isRecord(changes)) return { before: null, after: null };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [setting, change] of Object.entries(changes)) {
    if (!isRecord(change)) continue;
    before[setting] = change.before ?? null;
    after[setting] = change.after ?? null;
  }
  return { before, after };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
