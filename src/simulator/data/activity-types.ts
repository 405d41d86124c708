/** The admin activity log records (`activity_log`) of a workspace. */
import type { UnixSeconds } from '../../intercom/models.js';
import type { ActivityEventType } from './activity-event-types.js';

/**
 * The `activity_type` values the simulator generates: a subset of the
 * description's enum, weighted towards what compliance reviews look for
 * (sign-ins, permissions, security settings, exports, deletions) with
 * everyday configuration changes around them. `Extract` keeps only the
 * types the event type list names, so a kind written with a type missing
 * from that list does not compile.
 */
export type ActivityType = Extract<
  ActivityEventType,
  | 'admin_login_success'
  | 'admin_login_failure'
  | 'admin_logout'
  | 'admin_password_reset_request'
  | 'admin_password_reset_success'
  | 'admin_two_factor_auth_change'
  | 'admin_permission_change'
  | 'admin_away_mode_change'
  | 'admin_occupancy_state_change'
  | 'admin_conversation_assignment_limit_change'
  | 'admin_invite_creation'
  | 'role_change'
  | 'role_creation'
  | 'seat_change'
  | 'security_settings_change'
  | 'app_authentication_method_change'
  | 'app_identity_verification_change'
  | 'malicious_domains_setting_change'
  | 'oauth_token_revocation'
  | 'app_data_export'
  | 'bulk_export'
  | 'conversation_part_deletion'
  | 'conversation_pdf_export'
  | 'app_team_creation'
  | 'app_team_membership_modification'
  | 'team_assignment_limit_change'
  | 'app_package_installation'
  | 'app_webhook_creation'
  | 'app_name_change'
  | 'message_state_change'
  | 'series_status_change'
  | 'macro_creation'
  | 'macro_update'
  | 'office_hours_change'
  | 'help_center_settings_change'
  | 'messenger_look_and_feel_change'
  | 'welcome_message_change'
  | 'upfront_email_collection_change'
>;

/**
 * `activity_log_metadata`: which keys appear depends on the activity type.
 * Keys the description names keep its types (`before` and `after` are
 * objects there, so a changed value sits inside one, never bare); other
 * keys (`message`, `macro`, ...) add what the sentence mentions.
 */
export type ActivityMetadata = Record<string, unknown>;

export interface SimulatedActivityLog {
  /** A UUID, as Intercom's examples show. */
  id: string;
  performed_by: { type: 'admin'; id: string; email: string; ip: string };
  metadata: ActivityMetadata;
  created_at: UnixSeconds;
  activity_type: ActivityType;
  activity_description: string;
}
