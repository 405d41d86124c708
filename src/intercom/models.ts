/**
 * Typed models of the Intercom REST objects this project reads, as Intercom
 * API version 2.16 returns them (`../shared/intercom-openapi/`). Field names
 * are Intercom's own. Only the fields the gateway maps are typed; Intercom
 * sends more, and the simulator is free to send them too.
 *
 * Intercom's description leaves most properties optional and some values it
 * documents as non-null arrive as null in practice (assignee ids, emails), so
 * readers of these models treat `undefined` and `null` alike.
 */

/** Unix time in seconds, as Intercom sends every timestamp. */
export type UnixSeconds = number;

export interface IntercomApp {
  type: 'app';
  id_code: string;
  name: string;
  region?: string;
  timezone?: string | null;
  created_at?: UnixSeconds;
  identity_verification?: boolean;
}

/** `GET /me`: the admin that owns the token, with its workspace. */
export interface IntercomMe {
  type: 'admin';
  id: string;
  name: string;
  email: string;
  email_verified?: boolean | null;
  app?: IntercomApp | null;
}

export interface IntercomAdmin {
  type: 'admin';
  id: string;
  name: string;
  email: string;
  job_title?: string | null;
  away_mode_enabled?: boolean;
  away_mode_reassign?: boolean;
  away_status_reason_id?: number | null;
  has_inbox_seat?: boolean;
  /** Integer ids of the teams the admin belongs to. */
  team_ids?: number[];
  avatar?: string | null;
  /** Of the admin's teams, where the admin comes first or second. */
  team_priority_level?: IntercomTeamPriorityLevel | null;
  /** New in 2.16; only there when the admin has a role. */
  role?: IntercomAdminRole | null;
}

export interface IntercomAdminRole {
  type?: 'role';
  id: string;
  name?: string | null;
}

/** An admin's teams, by the priority the admin has in each. */
export interface IntercomTeamPriorityLevel {
  primary_team_ids?: number[] | null;
  secondary_team_ids?: number[] | null;
}

/** A team's admins, by their priority in the team. */
export interface IntercomAdminPriorityLevel {
  primary_admin_ids?: number[] | null;
  secondary_admin_ids?: number[] | null;
}

export interface IntercomAdminList {
  type: 'admin.list';
  admins: IntercomAdmin[];
}

export interface IntercomTeam {
  type: 'team';
  id: string;
  name: string;
  /** Integer ids of the team's admins. */
  admin_ids?: number[];
  admin_priority_level?: IntercomAdminPriorityLevel | null;
}

export interface IntercomTeamList {
  type: 'team.list';
  teams: IntercomTeam[];
}

export interface IntercomTag {
  type: 'tag';
  id: string;
  name: string;
  applied_at?: UnixSeconds | null;
  applied_by?: { type: string; id?: string | null } | null;
}

/** `GET /tags` answers `{type: list, data}`. */
export interface IntercomTagList {
  type: 'list';
  data: IntercomTag[];
}

/** An `{type, id, url}` reference inside a contact (its tags, companies). */
export interface IntercomAddressable {
  type: string;
  id: string;
  url?: string;
}

export interface IntercomAddressableList {
  type?: 'list';
  data: IntercomAddressable[];
  url?: string;
  total_count?: number;
  has_more?: boolean;
}

export interface IntercomLocation {
  type?: string | null;
  country?: string | null;
  region?: string | null;
  city?: string | null;
}

/** Custom attribute values: strings, numbers, booleans, dates or null. */
export type IntercomCustomAttributes = Record<string, unknown>;

export interface IntercomContact {
  type: 'contact';
  id: string;
  workspace_id?: string;
  external_id?: string | null;
  role: 'user' | 'lead';
  email?: string | null;
  email_domain?: string | null;
  phone?: string | null;
  name?: string | null;
  owner_id?: string | number | null;
  has_hard_bounced?: boolean;
  marked_email_as_spam?: boolean;
  unsubscribed_from_emails?: boolean;
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
  signed_up_at?: UnixSeconds | null;
  last_seen_at?: UnixSeconds | null;
  last_replied_at?: UnixSeconds | null;
  last_contacted_at?: UnixSeconds | null;
  last_email_opened_at?: UnixSeconds | null;
  last_email_clicked_at?: UnixSeconds | null;
  language_override?: string | null;
  browser?: string | null;
  os?: string | null;
  custom_attributes?: IntercomCustomAttributes;
  tags?: IntercomAddressableList | null;
  companies?: IntercomAddressableList | null;
  location?: IntercomLocation | null;
}

/** Cursor paging as Intercom describes it (`cursor_pages`). */
export interface IntercomPages {
  type: 'pages';
  page?: number;
  per_page?: number;
  total_pages?: number;
  next?: { per_page?: number; starting_after?: string | null } | null;
}

export interface IntercomContactList {
  type: 'list';
  data: IntercomContact[];
  total_count: number;
  pages?: IntercomPages | null;
}

export interface IntercomCompany {
  type: 'company';
  id: string;
  name?: string;
  company_id?: string;
  app_id?: string;
  created_at?: UnixSeconds;
  updated_at?: UnixSeconds;
  remote_created_at?: UnixSeconds;
  last_request_at?: UnixSeconds;
  size?: number;
  website?: string;
  industry?: string;
  monthly_spend?: number;
  session_count?: number;
  user_count?: number;
  plan?: { type?: string; id?: string; name?: string } | null;
  custom_attributes?: IntercomCustomAttributes;
  tags?: { type: 'tag.list'; tags: IntercomTag[] } | null;
}

export interface IntercomContactReference {
  type: 'contact';
  id: string;
  external_id?: string | null;
}

export interface IntercomConversationStatistics {
  type?: 'conversation_statistics';
  time_to_assignment?: number | null;
  time_to_admin_reply?: number | null;
  time_to_first_close?: number | null;
  time_to_last_close?: number | null;
  median_time_to_reply?: number | null;
  first_contact_reply_at?: UnixSeconds | null;
  first_assignment_at?: UnixSeconds | null;
  first_admin_reply_at?: UnixSeconds | null;
  first_close_at?: UnixSeconds | null;
  last_assignment_at?: UnixSeconds | null;
  last_assignment_admin_reply_at?: UnixSeconds | null;
  last_contact_reply_at?: UnixSeconds | null;
  last_admin_reply_at?: UnixSeconds | null;
  last_close_at?: UnixSeconds | null;
  last_closed_by_id?: string | null;
  count_reopens?: number | null;
  count_assignments?: number | null;
  count_conversation_parts?: number | null;
}

export interface IntercomConversationRating {
  rating?: number | null;
  remark?: string | null;
  created_at?: UnixSeconds | null;
  contact?: IntercomContactReference | null;
  teammate?: { type: string; id?: string | null } | null;
}

export interface IntercomSlaApplied {
  type?: string;
  sla_name?: string;
  sla_status?: 'hit' | 'missed' | 'cancelled' | 'active';
}

export interface IntercomConversationSource {
  type?: string;
  id?: string | null;
  delivered_as?: string;
  subject?: string;
  body?: string;
  url?: string | null;
  author?: {
    type?: string;
    id?: string | null;
    name?: string | null;
    email?: string | null;
  };
}

export interface IntercomConversation {
  type: 'conversation';
  id: string;
  title?: string | null;
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
  waiting_since?: UnixSeconds | null;
  snoozed_until?: UnixSeconds | null;
  open: boolean;
  state: 'open' | 'closed' | 'snoozed';
  read?: boolean;
  priority?: 'none' | 'low' | 'medium' | 'high' | 'urgent' | 'priority';
  /** Integer admin id; unassigned arrives as 0, null or not at all. */
  admin_assignee_id?: number | null;
  /** Integer team id; unassigned arrives as 0, null or not at all. */
  team_assignee_id?: number | null;
  tags?: { type: 'tag.list'; tags: IntercomTag[] } | null;
  contacts?: { type: 'contact.list'; contacts: IntercomContactReference[] };
  source?: IntercomConversationSource | null;
  conversation_rating?: IntercomConversationRating | null;
  statistics?: IntercomConversationStatistics | null;
  sla_applied?: IntercomSlaApplied | null;
  custom_attributes?: IntercomCustomAttributes;
}

export interface IntercomConversationList {
  type: 'conversation.list';
  conversations: IntercomConversation[];
  total_count: number;
  pages?: IntercomPages | null;
}

/** The query tree of `POST /contacts/search` and `/conversations/search`. */
export type IntercomSearchQuery =
  | IntercomSingleFilter
  | { operator: 'AND' | 'OR'; value: IntercomSearchQuery[] };

export interface IntercomSingleFilter {
  field: string;
  operator:
    | '='
    | '!='
    | 'IN'
    | 'NIN'
    | '<'
    | '<='
    | '>'
    | '>='
    | '~'
    | '!~'
    | '^'
    | '$';
  value: string | number | boolean | (string | number)[] | null;
}

export interface IntercomSearchRequest {
  query: IntercomSearchQuery;
  pagination?: { per_page?: number; starting_after?: string | null } | null;
}

/** Intercom's error body (`type: error.list`). */
export interface IntercomErrorBody {
  type: 'error.list';
  request_id?: string | null;
  errors: { code: string; message?: string | null; field?: string | null }[];
}

/** `GET /companies`: pages of companies. */
export interface IntercomCompanyList {
  type: 'list';
  data: IntercomCompany[];
  total_count?: number;
  pages?: IntercomPages | null;
}

/** `GET /contacts/{id}/companies`. */
export interface IntercomContactCompanies {
  type: 'list';
  companies: IntercomCompany[];
  total_count?: number;
}

export interface IntercomSegment {
  type: 'segment';
  id: string;
  name: string;
  created_at?: UnixSeconds;
  updated_at?: UnixSeconds;
  person_type?: 'contact' | 'user';
  count?: number | null;
}

/** `GET /segments`. */
export interface IntercomSegmentList {
  type: 'segment.list';
  segments: IntercomSegment[];
}

/** `GET /contacts/{id}/segments`. */
export interface IntercomContactSegments {
  type: 'list';
  data: IntercomSegment[];
}

/** A data attribute of contacts or companies (`GET /data_attributes`). */
export interface IntercomDataAttribute {
  type: 'data_attribute';
  id?: number;
  model?: 'contact' | 'company';
  name: string;
  full_name?: string;
  label?: string;
  description?: string;
  data_type: string;
  options?: string[];
  api_writable?: boolean;
  ui_writable?: boolean;
  custom?: boolean;
  archived?: boolean;
  created_at?: UnixSeconds;
  updated_at?: UnixSeconds;
}

export interface IntercomDataAttributeList {
  type: 'list';
  data: IntercomDataAttribute[];
}

/** A conversation attribute (`GET /conversations/attributes`). */
export interface IntercomConversationAttribute {
  type: 'conversation_attribute';
  id: number;
  name: string;
  description?: string;
  data_type: string;
  /** A list attribute's choices. */
  options?: { id: string; label: string; archived?: boolean }[];
  required?: boolean;
  archived?: boolean;
  created_at?: UnixSeconds;
  updated_at?: UnixSeconds;
}

export interface IntercomConversationAttributeList {
  type: 'list';
  data: IntercomConversationAttribute[];
}

export interface IntercomPartAuthor {
  type: string;
  id: string;
  name?: string | null;
  email?: string;
  from_ai_agent?: boolean;
  is_ai_answer?: boolean;
}

export interface IntercomConversationPart {
  type: 'conversation_part';
  id: string;
  part_type: string;
  body?: string | null;
  created_at: UnixSeconds;
  updated_at?: UnixSeconds;
  notified_at?: UnixSeconds;
  assigned_to?: { type: string; id?: string | null } | null;
  author?: IntercomPartAuthor;
  redacted?: boolean;
}

/** A conversation read by id: with (the most recent of) its parts. */
export interface IntercomConversationWithParts extends IntercomConversation {
  conversation_parts?: {
    type: 'conversation_part.list';
    conversation_parts: IntercomConversationPart[];
    total_count?: number;
  };
}

export interface IntercomActivityLog {
  id: string;
  performed_by?: {
    type?: string;
    id?: string;
    email?: string;
    ip?: string;
  };
  metadata?: Record<string, unknown> | null;
  created_at: UnixSeconds;
  activity_type: string;
  activity_description?: string;
}

/** `GET /admins/activity_logs` and `POST /admins/activity_logs/search`. */
export interface IntercomActivityLogList {
  type: 'activity_log.list';
  activity_logs: (IntercomActivityLog | null)[];
  pages?: IntercomPages | null;
}

/** `POST /admins/activity_logs/search`: the log narrowed to event types. */
export interface IntercomActivityLogSearch {
  created_at_after: UnixSeconds;
  created_at_before?: UnixSeconds;
  event_types?: string[];
  /** Pages are numbered from 1. */
  page?: number;
  /** 1 to 250. */
  per_page?: number;
}

/** `GET /admins/activity_log_event_types`. */
export interface IntercomActivityLogEventTypeList {
  type: 'activity_log_event_type.list';
  event_types: string[];
}

/** `GET /ip_allowlist`: who may reach the workspace, by address. */
export interface IntercomIpAllowlist {
  type: 'ip_allowlist';
  enabled?: boolean;
  /** Addresses and CIDR ranges. */
  ip_allowlist?: string[] | null;
}

export interface IntercomBrand {
  type: 'brand';
  id: string;
  name?: string | null;
  is_default?: boolean;
  created_at?: UnixSeconds;
  updated_at?: UnixSeconds;
  help_center_id?: string | null;
  default_address_settings_id?: string | null;
}

/** `GET /brands`. */
export interface IntercomBrandList {
  type: 'list';
  data: IntercomBrand[];
}

/** What an admin may give as the reason for being away. */
export interface IntercomAwayStatusReason {
  type: 'away_status_reason';
  id: string;
  label?: string | null;
  emoji?: string | null;
  order?: number | null;
  /** Deleted reasons stay listed, marked so. */
  deleted?: boolean;
  created_at?: UnixSeconds;
  updated_at?: UnixSeconds;
}

/** `GET /away_status_reasons`, deleted reasons included. */
export interface IntercomAwayStatusReasonList {
  type: 'list';
  data: IntercomAwayStatusReason[];
}
