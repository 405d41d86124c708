/**
 * The records a simulated workspace holds, in the JSON shapes Intercom 2.16
 * answers with. They extend the shared models in `src/intercom/models.ts`
 * with the further fields Intercom sends, so a record can be sent as is and
 * tests can compute expectations from the very objects the server answers.
 */
import type {
  IntercomAddressableList,
  IntercomAdmin,
  IntercomAdminPriorityLevel,
  IntercomAdminRole,
  IntercomApp,
  IntercomCompany,
  IntercomContact,
  IntercomContactReference,
  IntercomConversation,
  IntercomConversationRating,
  IntercomConversationSource,
  IntercomMe,
  IntercomTag,
  IntercomTeam,
  IntercomTeamPriorityLevel,
  UnixSeconds,
} from '../../intercom/models.js';
import type { SimulatedActivityLog } from './activity-types.js';
import type {
  SimulatedAwayStatusReason,
  SimulatedBrand,
  SimulatedIpAllowlist,
} from './settings-types.js';

export type * from './activity-types.js';
export type * from './settings-types.js';

export interface SimulatedApp extends IntercomApp {
  region: 'US' | 'EU' | 'AU';
  timezone: string;
  created_at: UnixSeconds;
  identity_verification: boolean;
}

export interface SimulatedAdmin extends IntercomAdmin {
  job_title?: string;
  away_mode_enabled: boolean;
  away_mode_reassign: boolean;
  away_status_reason_id: number | null;
  has_inbox_seat: boolean;
  team_ids: number[];
  avatar: string | null;
  /**
   * Of `team_ids`, the teams where the admin is primary and those where
   * secondary. A list that would be empty is left out, as in Intercom's
   * example of an admin in no team (`{}`).
   */
  team_priority_level: IntercomTeamPriorityLevel;
  /** Left out when the admin has none, as the description says. */
  role?: SimulatedRole;
}

/** One of the workspace's roles, as an admin's `role` names it. */
export interface SimulatedRole extends IntercomAdminRole {
  type: 'role';
  /** A number, as text. */
  id: string;
  name: string;
}

/** `GET /me` (`admin_with_app`): the avatar is an object here. */
export interface SimulatedMe extends IntercomMe {
  job_title?: string;
  away_mode_enabled: boolean;
  away_mode_reassign: boolean;
  has_inbox_seat: boolean;
  team_ids: number[];
  avatar: { type: 'avatar'; image_url: string | null };
  email_verified: boolean;
  app: SimulatedApp;
}

export interface SimulatedTeam extends IntercomTeam {
  admin_ids: number[];
  /**
   * `admin_ids` split into primary and secondary admins; a list that
   * would be empty is left out, like the admins' `team_priority_level`.
   */
  admin_priority_level: IntercomAdminPriorityLevel;
  assignment_limit: number | null;
  distribution_method: string | null;
}

export interface SimulatedCompany extends IntercomCompany {
  name: string;
  company_id: string;
  app_id: string;
  plan: { type: 'plan'; id: string; name: string };
  custom_attributes: Record<string, string>;
  tags: { type: 'tag.list'; tags: { type: 'tag'; id: string; name: string }[] };
  segments: { type: 'segment.list'; segments: [] };
}

export interface SimulatedAddressableList extends IntercomAddressableList {
  type: 'list';
  url: string;
  total_count: number;
  has_more: boolean;
}

/** The declared type of a contact custom attribute, which search obeys. */
export type CustomAttributeType =
  'string' | 'integer' | 'float' | 'boolean' | 'date';

export interface SimulatedContact extends IntercomContact {
  workspace_id: string;
  external_id: string | null;
  email?: string;
  email_domain?: string;
  phone: string | null;
  name: string | null;
  owner_id: string | null;
  avatar: { type: 'avatar'; image_url: string | null } | null;
  browser_version: string | null;
  browser_language: string | null;
  android_app_name: string | null;
  android_app_version: string | null;
  android_device: string | null;
  android_os_version: string | null;
  android_sdk_version: string | null;
  android_last_seen_at: UnixSeconds | null;
  ios_app_name: string | null;
  ios_app_version: string | null;
  ios_device: string | null;
  ios_os_version: string | null;
  ios_sdk_version: string | null;
  ios_last_seen_at: UnixSeconds | null;
  custom_attributes: Record<string, string | number | boolean | null>;
  tags: SimulatedAddressableList;
  notes: SimulatedAddressableList;
  companies: SimulatedAddressableList;
  location: {
    type: 'location';
    country: string | null;
    region: string | null;
    city: string | null;
    country_code: string | null;
    continent_code: string | null;
  };
  social_profiles: { type: 'list'; data: [] };
  utm_source: string | null;
  referrer: string | null;
}

export interface SimulatedContactReference extends IntercomContactReference {
  external_id: string | null;
}

export interface SimulatedPartAuthor {
  type: 'admin' | 'user' | 'lead' | 'bot';
  id: string;
  name: string | null;
  email?: string;
  /** Only on Fin's parts: sent by the AI agent, its answer generated. */
  from_ai_agent?: boolean;
  is_ai_answer?: boolean;
}

/** Intercom's bots, which author parts on behalf of the workspace. */
export interface SimulatedBot {
  type: 'bot';
  id: string;
  name: 'Operator' | 'Fin';
  email: string;
}

export interface SimulatedConversationPart {
  type: 'conversation_part';
  id: string;
  part_type: string;
  body: string | null;
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
  notified_at: UnixSeconds;
  /**
   * Only on assignment parts. The description declares it as a `$ref`
   * with `nullable: true`, and OpenAPI 3.0 ignores keywords beside a
   * `$ref`, so a null would not validate: other parts leave it out.
   */
  assigned_to?: { type: 'admin' | 'team'; id: string };
  author: SimulatedPartAuthor;
  attachments: [];
  external_id: null;
  redacted: boolean;
  state: 'open' | 'closed' | 'snoozed';
  tags: [];
  app_package_code: null;
}

export interface SimulatedAiAgent {
  source_type: 'workflow' | 'profile';
  source_title: string | null;
  last_answer_type: 'ai_answer' | 'custom_answer' | null;
  resolution_state:
    'assumed_resolution' | 'confirmed_resolution' | 'escalated' | null;
  rating: number | null;
  rating_remark: string | null;
  created_at: UnixSeconds | null;
  updated_at: UnixSeconds | null;
  content_sources: {
    type: 'content_source.list';
    total_count: number;
    content_sources: {
      content_type: 'article' | 'content_snippet';
      url: string;
      title: string;
      locale: string;
    }[];
  };
}

/**
 * A conversation as `GET /conversations/{id}` answers it. Lists and
 * searches send the same record without `conversation_parts`, which
 * Intercom returns only when one conversation is retrieved.
 */
export interface SimulatedConversation extends IntercomConversation {
  title: string | null;
  waiting_since: UnixSeconds | null;
  snoozed_until: UnixSeconds | null;
  read: boolean;
  priority: 'none' | 'low' | 'medium' | 'high' | 'urgent';
  admin_assignee_id: number;
  team_assignee_id: number;
  tags: { type: 'tag.list'; tags: IntercomTag[] };
  source: IntercomConversationSource & { attachments: []; redacted: boolean };
  contacts: { type: 'contact.list'; contacts: SimulatedContactReference[] };
  conversation_rating:
    (IntercomConversationRating & { updated_at: UnixSeconds }) | null;
  teammates: { type: 'admin.list'; teammates: { type: 'admin'; id: string }[] };
  first_contact_reply: {
    created_at: UnixSeconds;
    type: 'conversation';
    url: string | null;
  } | null;
  custom_attributes: Record<string, string | number>;
  linked_objects: {
    type: 'list';
    data: [];
    total_count: 0;
    has_more: false;
  };
  ai_agent_participated: boolean;
  /** Left out when Fin took no part, for the reason given on assigned_to. */
  ai_agent?: SimulatedAiAgent;
  channel: { initial: string | null; current: string | null };
  external_references: [];
  conversation_parts: {
    type: 'conversation_part.list';
    conversation_parts: SimulatedConversationPart[];
    total_count: number;
  };
}

/** A conversation as lists and searches send it: without its parts. */
export type ConversationListItem = Omit<
  SimulatedConversation,
  'conversation_parts'
>;

/** A segment as `GET /segments` lists it (`count` is added on request). */
export interface SimulatedSegment {
  type: 'segment';
  id: string;
  name: string;
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
  /** `contact` for a segment of leads, `user` for one of users. */
  person_type: 'contact' | 'user';
}

/** A contact that was merged away: its id answers 410 Gone. */
export interface SimulatedMergedContact {
  id: string;
  /** The surviving contact, which the 410's `Link` header names. */
  mergedInto: string;
}

/** One entry of `GET /data_attributes` (`data_attribute`). */
export interface SimulatedDataAttribute {
  type: 'data_attribute';
  /** Custom attributes only. */
  id?: number;
  model: 'contact' | 'company';
  name: string;
  full_name: string;
  label: string;
  description: string;
  data_type: CustomAttributeType;
  options?: string[];
  api_writable: boolean;
  messenger_writable: boolean;
  ui_writable: boolean;
  custom: boolean;
  archived: boolean;
  /** Custom attributes only, like `id`. */
  created_at?: UnixSeconds;
  updated_at?: UnixSeconds;
  admin_id?: string;
}

/** One entry of `GET /conversations/attributes`. */
export interface SimulatedConversationAttribute {
  type: 'conversation_attribute';
  id: number;
  name: string;
  description: string;
  data_type: 'string' | 'integer' | 'list' | 'decimal' | 'boolean' | 'datetime';
  required: boolean;
  visible_to_team_ids: string[];
  archived: boolean;
  created_at: UnixSeconds;
  updated_at: UnixSeconds;
  admin_id: string;
  /** String attributes only. */
  multiline?: boolean;
  /** List attributes only. */
  options?: { id: string; label: string; archived: boolean }[];
}

/** One region's workspace: every record its endpoints answer with. */
export interface SimulatedWorkspace {
  app: SimulatedApp;
  me: SimulatedMe;
  admins: SimulatedAdmin[];
  /** Operator and Fin, the authors of bot parts. Not listed by /admins. */
  bots: SimulatedBot[];
  teams: SimulatedTeam[];
  tags: IntercomTag[];
  companies: SimulatedCompany[];
  /** Every contact, in the order `GET /contacts` pages through them. */
  contacts: SimulatedContact[];
  /**
   * Every conversation, in the order `GET /conversations` pages them:
   * oldest first, ids rising with creation time.
   */
  conversations: SimulatedConversation[];
  /**
   * Ids conversations reference that answer 404 (deleted contacts). Four
   * conversations name one: among the first 20 listed in the US workspace,
   * only after the 60th in the EU and AU ones (with the default sizes).
   */
  deletedContactIds: string[];
  /**
   * Contacts found by id and by the list, not yet by search. They are the
   * newest contacts; the two newest conversations name the first two.
   */
  unindexedContactIds: string[];
  /** The Unix second this workspace's data treats as "now". */
  referenceTime: UnixSeconds;
  /** Declared types of the contacts' custom attributes. */
  contactAttributeTypes: Record<string, CustomAttributeType>;
  /**
   * Contacts merged into another. Neither listed nor found by search; by
   * id they answer 410. One conversation names each: among the first 20
   * listed in the US workspace, only after the 60th in the EU and AU ones
   * (with the default sizes).
   */
  mergedContacts: SimulatedMergedContact[];
  /** Oldest first, as `GET /segments` lists them. */
  segments: SimulatedSegment[];
  /** Segment id to the ids of its contacts, in contact list order. */
  segmentContactIds: Record<string, string[]>;
  /** Contact and company attributes, standard then custom, archived too. */
  dataAttributes: SimulatedDataAttribute[];
  /** Conversation attributes, archived ones included. */
  conversationAttributes: SimulatedConversationAttribute[];
  /** The admins' activity over the past year, newest first. */
  activityLogs: SimulatedActivityLog[];
  /**
   * The conversation with more parts than Intercom returns (500): its
   * record holds every part; `GET /conversations/{id}` sends the newest.
   */
  longConversationId: string;
  /** Display order; the deleted ones too, as the endpoint lists them. */
  awayStatusReasons: SimulatedAwayStatusReason[];
  ipAllowlist: SimulatedIpAllowlist;
  /** The default brand first: its id is the app's `id_code`. */
  brands: SimulatedBrand[];
  /**
   * What `GET /admins/activity_log_event_types` lists: every type an
   * entry may have, those of `activityLogs` among them.
   */
  activityLogEventTypes: string[];
}
