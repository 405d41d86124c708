/**
 * The searchable fields of contacts and conversations, from the "Accepted
 * Fields" tables of the two search endpoints in Intercom's description.
 */
import type {
  ConversationListItem,
  CustomAttributeType,
  SimulatedContact,
} from '../data/types.js';
import {
  at,
  type FieldSpec,
  type FieldType,
  type Operator,
  type SearchDialect,
} from './dialect.js';

function table<T>(
  type: FieldType,
  paths: Readonly<Record<string, string>>,
): [string, FieldSpec<T>][] {
  return Object.entries(paths).map(([name, path]) => [
    name,
    { type, values: at(path) },
  ]);
}

/** Field name to record path, where the two differ only in spelling. */
const same = (...names: string[]) =>
  Object.fromEntries(names.map((name) => [name, name]));

const CONTACT_STRINGS = {
  ...same(
    'id',
    'role',
    'name',
    'owner_id',
    'email',
    'email_domain',
    'phone',
    'external_id',
    'language_override',
    'browser',
    'browser_language',
    'os',
    'location.country',
    'location.region',
    'location.city',
    'ios_app_version',
    'ios_device',
    'ios_os_version',
    'ios_app_name',
    'ios_sdk_version',
    'android_app_version',
    'android_device',
    'android_app_name',
    'android_sdk_version',
  ),
  avatar: 'avatar.image_url',
  // The simulator stores phone numbers already formatted.
  formatted_phone: 'phone',
  ios_app_device: 'ios_device',
  // Listed with this spelling in the description's table.
  andoid_sdk_version: 'android_sdk_version',
};

const CONTACT_DATES = same(
  'created_at',
  'signed_up_at',
  'updated_at',
  'last_seen_at',
  'last_contacted_at',
  'last_replied_at',
  'last_email_opened_at',
  'last_email_clicked_at',
  'ios_last_seen_at',
  'android_last_seen_at',
);

const CONTACT_BOOLEANS = same(
  'unsubscribed_from_emails',
  'marked_email_as_spam',
  'has_hard_bounced',
);

const CONTACT_FIELDS = new Map<string, FieldSpec<SimulatedContact>>([
  ...table<SimulatedContact>('string', CONTACT_STRINGS),
  ...table<SimulatedContact>('date', CONTACT_DATES),
  ...table<SimulatedContact>('boolean', CONTACT_BOOLEANS),
  [
    'tag_id',
    {
      type: 'string',
      operators: ['=', '!='],
      values: (c) => c.tags.data.map((tag) => tag.id),
    },
  ],
  // The simulator has no segments: segment_id is accepted, matches none.
  ['segment_id', { type: 'string', values: () => [] }],
  // Not in the description's table: an extension so gateways can filter
  // by company (Intercom's own id of the company, like tag_id for tags).
  [
    'company_id',
    {
      type: 'string',
      values: (c) => c.companies.data.map((company) => company.id),
    },
  ],
]);

const CUSTOM_ATTRIBUTE_TYPES: Readonly<Record<CustomAttributeType, FieldType>> =
  {
    string: 'string',
    integer: 'integer',
    float: 'float',
    boolean: 'boolean',
    date: 'date',
  };

export function contactDialect(
  timeZone: string,
  attributes: Readonly<Record<string, CustomAttributeType>>,
): SearchDialect<SimulatedContact> {
  const prefix = 'custom_attributes.';
  return {
    name: 'contacts',
    field(name) {
      if (name.startsWith(prefix)) {
        const attribute = name.slice(prefix.length);
        const type = attributes[attribute];
        return type === undefined
          ? undefined
          : { type: CUSTOM_ATTRIBUTE_TYPES[type], values: at(name) };
      }
      return CONTACT_FIELDS.get(name);
    },
    operators: {
      string: ['=', '!=', 'IN', 'NIN', '~', '!~', '^', '$'],
      integer: ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='],
      float: ['=', '!=', 'IN', 'NIN', '<', '>', '<=', '>='],
      boolean: ['=', '!=', 'IN', 'NIN'],
      date: ['=', '<', '>'],
    },
    dates: { kind: 'calendar-day', timeZone },
    inclusiveBounds: false,
  };
}

const CONVERSATION_STRINGS = {
  ...same(
    'id',
    'state',
    'priority',
    'source.type',
    'source.id',
    'source.delivered_as',
    'source.subject',
    'source.author.id',
    'source.author.type',
    'source.author.name',
    'source.author.email',
    'source.url',
    'statistics.last_closed_by_id',
    'conversation_rating.remark',
    'ai_agent.resolution_state',
    'ai_agent.last_answer_type',
    'ai_agent.rating_remark',
    'ai_agent.source_type',
    'ai_agent.source_title',
  ),
  channel_initiated: 'channel.initial',
  'conversation_rating.contact_id': 'conversation_rating.contact.id',
  // Listed as "admin_d" in the description's table; both are accepted.
  'conversation_rating.admin_d': 'conversation_rating.teammate.id',
  'conversation_rating.admin_id': 'conversation_rating.teammate.id',
};

const CONVERSATION_INTEGERS = {
  ...same(
    'admin_assignee_id',
    'team_assignee_id',
    'statistics.time_to_assignment',
    'statistics.time_to_admin_reply',
    'statistics.time_to_first_close',
    'statistics.time_to_last_close',
    'statistics.median_time_to_reply',
    'statistics.count_reopens',
    'statistics.count_assignments',
    'statistics.count_conversation_parts',
    'ai_agent.rating',
  ),
  'conversation_rating.score': 'conversation_rating.rating',
};

const CONVERSATION_DATES = {
  ...same(
    'created_at',
    'updated_at',
    'waiting_since',
    'snoozed_until',
    'statistics.first_contact_reply_at',
    'statistics.first_assignment_at',
    'statistics.first_admin_reply_at',
    'statistics.first_close_at',
    'statistics.last_assignment_at',
    'statistics.last_assignment_admin_reply_at',
    'statistics.last_contact_reply_at',
    'statistics.last_admin_reply_at',
    'statistics.last_close_at',
  ),
  'conversation_rating.requested_at': 'conversation_rating.created_at',
  'conversation_rating.replied_at': 'conversation_rating.updated_at',
};

/** The words of an HTML body. */
function words(html: string): string[] {
  return html
    .replace(/<[^>]*>/g, ' ')
    .split(/[^\p{L}\p{N}']+/u)
    .filter((word) => word !== '');
}

const CONVERSATION_FIELDS = new Map<string, FieldSpec<ConversationListItem>>([
  ...table<ConversationListItem>('string', CONVERSATION_STRINGS),
  ...table<ConversationListItem>('integer', CONVERSATION_INTEGERS),
  ...table<ConversationListItem>('date', CONVERSATION_DATES),
  ...table<ConversationListItem>('boolean', {
    ...same('open', 'read', 'ai_agent_participated'),
  }),
  // Matched word by word, as the description of the endpoint explains.
  [
    'source.body',
    { type: 'string', values: (c) => words(c.source.body ?? '') },
  ],
  [
    'contact_ids',
    { type: 'string', values: (c) => c.contacts.contacts.map((r) => r.id) },
  ],
  [
    'teammate_ids',
    { type: 'string', values: (c) => c.teammates.teammates.map((t) => t.id) },
  ],
  [
    'tag_ids',
    { type: 'string', values: (c) => c.tags.tags.map((tag) => tag.id) },
  ],
]);

const ALL: readonly Operator[] = ['=', '!=', 'IN', 'NIN'];

export const CONVERSATION_DIALECT: SearchDialect<ConversationListItem> = {
  name: 'conversations',
  field: (name) => CONVERSATION_FIELDS.get(name),
  // The conversation table lists no <= or >=: its > and < already include
  // the value itself.
  operators: {
    string: [...ALL, '~', '!~', '^', '$'],
    integer: [...ALL, '<', '>'],
    float: [...ALL, '<', '>'],
    boolean: ALL,
    date: [...ALL, '<', '>'],
  },
  dates: { kind: 'instant' },
  inclusiveBounds: true,
};
