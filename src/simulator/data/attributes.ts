/**
 * The workspace's data attributes: Intercom's standard attributes of
 * contacts and companies, the custom ones the generated records carry
 * (with the types contact search obeys), one archived custom attribute per
 * model, and the conversation attributes conversations carry.
 */
import type { Random } from '../random.js';
import { DAY_SECONDS } from '../time.js';
import { PLANS, SIGNUP_SOURCES } from './catalog.js';
import type { GenerationContext } from './context.js';
import type {
  CustomAttributeType,
  SimulatedAdmin,
  SimulatedApp,
  SimulatedConversationAttribute,
  SimulatedDataAttribute,
} from './types.js';

/**
 * [full name, label, data type, description, writable by]: `a` the API,
 * `u` the Intercom UI, `m` the Messenger. Labels and descriptions are the
 * simulator's own words for Intercom's standard attributes.
 */
type Standard = readonly [string, string, CustomAttributeType, string, string];

const CONTACT_STANDARD: readonly Standard[] = [
  ['id', 'ID', 'string', 'The id Intercom gave the contact', ''],
  ['external_id', 'User ID', 'string', 'Your own id for the user', 'au'],
  ['role', 'Role', 'string', 'Whether the contact is a user or a lead', ''],
  ['name', 'Name', 'string', 'Full name of the contact', 'aum'],
  ['email', 'Email', 'string', 'Email address of the contact', 'aum'],
  ['email_domain', 'Email domain', 'string', 'Domain of the email', ''],
  ['phone', 'Phone', 'string', 'Phone number of the contact', 'aum'],
  ['owner_id', 'Owner', 'integer', 'The admin who owns the contact', 'au'],
  ['created_at', 'Created at', 'date', 'When Intercom first saw it', ''],
  ['updated_at', 'Updated at', 'date', 'When the contact last changed', ''],
  ['signed_up_at', 'Signed up', 'date', 'When the user signed up', 'a'],
  ['last_seen_at', 'Last seen', 'date', 'When the contact was last seen', 'a'],
  ['last_contacted_at', 'Last contacted', 'date', 'Last message sent', ''],
  ['last_replied_at', 'Last heard from', 'date', 'Last message received', ''],
  ['last_email_opened_at', 'Last opened email', 'date', 'Email opens', ''],
  ['last_email_clicked_at', 'Last clicked email', 'date', 'Link clicks', ''],
  [
    'unsubscribed_from_emails',
    'Unsubscribed from emails',
    'boolean',
    'Whether the contact opted out of email',
    'au',
  ],
  ['marked_email_as_spam', 'Marked email as spam', 'boolean', 'Spam', ''],
  ['has_hard_bounced', 'Has hard bounced', 'boolean', 'Bounces', ''],
  ['language_override', 'Language override', 'string', 'Language', 'au'],
  ['browser', 'Browser', 'string', 'Browser last used', ''],
  ['browser_version', 'Browser version', 'string', 'Its version', ''],
  ['browser_language', 'Browser language', 'string', 'Its language', ''],
  ['os', 'OS', 'string', 'Operating system last used', ''],
  ['location.country', 'Country', 'string', 'Country, from the IP', ''],
  ['location.region', 'Region', 'string', 'Region, from the IP', ''],
  ['location.city', 'City', 'string', 'City, from the IP', ''],
  ['utm_source', 'UTM source', 'string', 'Campaign source', ''],
  ['referrer', 'Referral URL', 'string', 'Page that referred them', ''],
  ['ios_app_version', 'iOS app version', 'string', 'iOS app', ''],
  ['ios_device', 'iOS device', 'string', 'iOS device', ''],
  ['ios_last_seen_at', 'iOS last seen', 'date', 'Last seen on iOS', ''],
  ['android_app_version', 'Android app version', 'string', 'Android', ''],
  ['android_device', 'Android device', 'string', 'Android device', ''],
  ['android_last_seen_at', 'Android last seen', 'date', 'On Android', ''],
];

const COMPANY_STANDARD: readonly Standard[] = [
  ['id', 'ID', 'string', 'The id Intercom gave the company', ''],
  ['company_id', 'Company ID', 'string', 'Your own id for the company', 'm'],
  ['name', 'Company name', 'string', 'Name of the company', 'am'],
  ['created_at', 'Created at', 'date', 'When it was added to Intercom', ''],
  ['updated_at', 'Updated at', 'date', 'When the company last changed', ''],
  ['remote_created_at', 'Company created at', 'date', 'Your date', 'am'],
  ['last_request_at', 'Company last seen', 'date', 'Last visit', 'm'],
  ['plan.id', 'Plan ID', 'string', 'The id of its plan', ''],
  ['plan.name', 'Plan', 'string', 'The plan it signed up to', 'am'],
  ['monthly_spend', 'Monthly spend', 'float', 'Monthly revenue', 'am'],
  ['session_count', 'Company web sessions', 'integer', 'Visits', 'm'],
  ['user_count', 'People', 'integer', 'Users in the company', 'm'],
  ['size', 'Company size', 'integer', 'Number of employees', 'am'],
  ['industry', 'Company industry', 'string', 'Its industry', 'am'],
  ['website', 'Company website', 'string', 'Its website', 'am'],
  ['app_id', 'App ID', 'string', 'The workspace it belongs to', ''],
];

function standard(
  model: SimulatedDataAttribute['model'],
  [fullName, label, dataType, description, writable]: Standard,
): SimulatedDataAttribute {
  return {
    type: 'data_attribute',
    model,
    name: fullName.split('.').pop() ?? fullName,
    full_name: fullName,
    label,
    description,
    data_type: dataType,
    api_writable: writable.includes('a'),
    messenger_writable: writable.includes('m'),
    ui_writable: writable.includes('u'),
    custom: false,
    archived: false,
  };
}

/** [name, label, type, description, options, archived] */
type Custom = readonly [
  string,
  string,
  CustomAttributeType,
  string,
  readonly string[] | null,
  boolean,
];

function customContactAttributes(
  types: Readonly<Record<string, CustomAttributeType>>,
): Custom[] {
  const label: Record<string, [string, string, readonly string[] | null]> = {
    plan: ['Plan', 'The plan the user pays for', PLANS],
    seats: ['Seats', 'Seats on the account', null],
    monthly_spend: ['Monthly spend', 'What the user pays a month', null],
    beta_tester: ['Beta tester', 'Takes part in the beta programme', null],
    trial_ends_at: ['Trial ends at', 'When the free trial ends', null],
    signup_source: ['Signup source', 'Where they came from', SIGNUP_SOURCES],
    nps_score: ['NPS score', 'Last answer to the NPS survey', null],
  };
  const custom: Custom[] = Object.entries(types).map(([name, type]) => {
    const [text, description, options] = label[name] ?? [name, '', null];
    return [name, text, type, description, options, false];
  });
  custom.push([
    'legacy_account_id',
    'Legacy account ID',
    'string',
    'Id in the CRM retired last year',
    null,
    true,
  ]);
  return custom;
}

const COMPANY_CUSTOM: readonly Custom[] = [
  [
    'account_tier',
    'Account tier',
    'string',
    'Service tier',
    ['bronze', 'silver', 'gold'],
    false,
  ],
  [
    'renewal_quarter',
    'Renewal quarter',
    'string',
    'Quarter the contract renews in',
    ['Q1', 'Q2', 'Q3', 'Q4'],
    false,
  ],
  ['crm_stage', 'CRM stage', 'string', 'Replaced by account tier', null, true],
];

function custom(
  random: Random,
  id: number,
  model: SimulatedDataAttribute['model'],
  admins: readonly SimulatedAdmin[],
  app: SimulatedApp,
  [name, label, dataType, description, options, archived]: Custom,
): SimulatedDataAttribute {
  const createdAt = app.created_at + random.int(1, 400) * DAY_SECONDS;
  return {
    type: 'data_attribute',
    id,
    model,
    name,
    full_name: `custom_attributes.${name}`,
    label,
    description,
    data_type: dataType,
    ...(options === null ? {} : { options: [...options] }),
    api_writable: true,
    messenger_writable: false,
    ui_writable: true,
    custom: true,
    archived,
    created_at: createdAt,
    updated_at: createdAt + random.int(0, 200) * DAY_SECONDS,
    admin_id: random.pick(admins).id,
  };
}

export function generateDataAttributes(
  ctx: GenerationContext,
  app: SimulatedApp,
  admins: readonly SimulatedAdmin[],
  contactTypes: Readonly<Record<string, CustomAttributeType>>,
): SimulatedDataAttribute[] {
  const random = ctx.random('data-attributes');
  // Distinct ids, rising in list order.
  let nextId = random.int(12_000, 40_000);
  const make = (model: SimulatedDataAttribute['model']) => (c: Custom) => {
    nextId += random.int(1, 40);
    return custom(random, nextId, model, admins, app, c);
  };
  return [
    ...CONTACT_STANDARD.map((s) => standard('contact', s)),
    ...customContactAttributes(contactTypes).map(make('contact')),
    ...COMPANY_STANDARD.map((s) => standard('company', s)),
    ...COMPANY_CUSTOM.map(make('company')),
  ];
}

/**
 * The conversation attributes: the two conversations carry ("Issue type"
 * as a list of the values they use, "Order count" as an integer), two more
 * nobody has filled in yet, and one archived.
 */
export function generateConversationAttributes(
  ctx: GenerationContext,
  app: SimulatedApp,
  admins: readonly SimulatedAdmin[],
): SimulatedConversationAttribute[] {
  const random = ctx.random('conversation-attributes');
  const option = (label: string, archived = false) => ({
    id: `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-a${random.hex(3)}-${random.hex(12)}`,
    label,
    archived,
  });
  const base = (id: number, name: string, description: string) => {
    const createdAt = app.created_at + random.int(1, 300) * DAY_SECONDS;
    return {
      type: 'conversation_attribute' as const,
      id,
      name,
      description,
      required: false,
      visible_to_team_ids: [],
      archived: false,
      created_at: createdAt,
      updated_at: createdAt + random.int(0, 100) * DAY_SECONDS,
      admin_id: random.pick(admins).id,
    };
  };
  return [
    {
      ...base(1, 'Issue type', 'What the customer needs help with'),
      data_type: 'list',
      required: true,
      options: [
        ...['Billing', 'Bug', 'Question', 'Account'].map((l) => option(l)),
        option('Other', true),
      ],
    },
    {
      ...base(2, 'Order count', 'Orders the customer has placed'),
      data_type: 'integer',
    },
    {
      ...base(3, 'Escalation reason', 'Why it went to engineering'),
      data_type: 'string',
      multiline: true,
    },
    {
      ...base(4, 'Refund approved', 'Set once finance approved it'),
      data_type: 'boolean',
    },
    {
      ...base(5, 'Legacy priority', 'Replaced by the priority field'),
      data_type: 'string',
      multiline: false,
      archived: true,
    },
  ];
}
