/**
 * How each field of the schema reaches Intercom, read off its resolver
 * and loader, for the estimate of an operation's calls before it runs
 * (src/graphql/call-estimate.ts). A resolver that starts calling Intercom
 * another way must change its entry here too.
 */

/**
 * A connection's health check: `GET /me`, then the one-row probes of
 * contacts and conversations of src/connections/health.ts, and a read by
 * id of the conversation that probe returns: 4 calls at most. A token
 * Intercom rejects costs `GET /me` and then one `GET /me` on each of the
 * two other regions' hosts instead: 3 calls. Retries after failures are
 * not foreseen.
 */
export const HEALTH_CHECK_CALLS = 4;

/**
 * A mutation that tests a token (`testIntercomToken`, `addConnection`)
 * runs a connection's health check on clients made for the test. It is
 * counted at 6 calls, the most such a test may make, rather than at the
 * check's 4, so the estimate still holds if the test grows a read or two.
 */
export const TOKEN_TEST_CALLS = 6;

/**
 * One contact id in this many, of those a batch asks for, is taken to be
 * one that search does not return and the loader reads by id: contacts
 * created in the last minutes, which search does not index yet, and the
 * deleted and merged ones that older conversations still name (a merged
 * one costs a second read, of its survivor). Nobody knows which before
 * asking; one in ten is an assumption, as the list sizes of
 * src/graphql/cost.ts are.
 */
export const SEARCH_MISS_ONE_IN = 10;

/**
 * Pages of companies a large workspace's list is taken to have: 1,000
 * companies with users, at Intercom's 60 a page. Companies by id cost one
 * call each up to 3 ids, and from 4 ids at most this many: the first page,
 * then either the rest of the list or a read of each missing id, whichever
 * is fewer (src/loaders/companies.ts).
 */
export const ASSUMED_COMPANY_PAGES = 17;

/**
 * Mutations by what they call. One the estimate does not know is taken to
 * test a token, the costliest mutation there is.
 */
export const MUTATION_CALLS: Readonly<Record<string, number>> = {
  checkConnection: HEALTH_CHECK_CALLS,
  testIntercomToken: TOKEN_TEST_CALLS,
  addConnection: TOKEN_TEST_CALLS,
  // Removing a connection drops cached answers; it asks Intercom nothing.
  removeConnection: 0,
};

/** What the loaders read once per connection per operation. */
export type SharedRead =
  | 'me'
  | 'admins'
  | 'teams'
  | 'tags'
  | 'segments'
  | 'ipAllowlist'
  | 'brands'
  | 'awayStatusReasons'
  | 'activityLogEventTypes'
  | 'contactCount'
  | 'openConversationCount'
  | 'lastSecuritySettingsChange';

/** How a field reaches Intercom, from its resolver and loader. */
export type Reach =
  /** One call per connection per operation, however many rows ask. */
  | { kind: 'shared'; read: SharedRead }
  /** The connection's health check, unless a fresh one is kept. */
  | { kind: 'health' }
  /** One call for each object that has the field: a page, for one. */
  | { kind: 'perParent' }
  /** One call for each entry of the field: records read by id. */
  | { kind: 'perEntry'; withParts?: true }
  /** Contacts by id: ids join the batch, searched 150 at a time. */
  | { kind: 'contacts' }
  /** Companies by id: ids join the batch, found in the list of them. */
  | { kind: 'companies' }
  /** A listed conversation read again by id, once for all part fields. */
  | { kind: 'parts' };

const shared = (read: SharedRead): Reach => ({ kind: 'shared', read });
const HEALTH: Reach = { kind: 'health' };
const PER_PARENT: Reach = { kind: 'perParent' };
const PER_ENTRY: Reach = { kind: 'perEntry' };
const CONTACTS: Reach = { kind: 'contacts' };
const COMPANIES: Reach = { kind: 'companies' };
const PARTS: Reach = { kind: 'parts' };

/**
 * Every field whose resolver calls Intercom, as `Type.field`. Fields not
 * listed cost nothing of their own: they read what their parent already
 * holds, as tags embedded in conversations and companies do.
 */
export const REACHES: Readonly<Record<string, Reach>> = {
  'IntercomConnection.status': HEALTH,
  'IntercomConnection.statusMessage': HEALTH,
  'IntercomConnection.checkedAt': HEALTH,
  'IntercomConnection.tokenRegion': HEALTH,
  'IntercomConnection.missingScopes': HEALTH,

  'Workspace.id': shared('me'),
  'Workspace.name': shared('me'),
  'Workspace.region': shared('me'),
  'Workspace.timezone': shared('me'),
  'Workspace.createdAt': shared('me'),
  'Workspace.admins': shared('admins'),
  'Workspace.admin': shared('admins'),
  'Workspace.teams': shared('teams'),
  'Workspace.team': shared('teams'),
  'Workspace.tags': shared('tags'),
  'Workspace.tag': shared('tags'),
  'Workspace.segments': shared('segments'),
  'Workspace.contacts': PER_PARENT,
  'Workspace.conversations': PER_PARENT,
  'Workspace.companies': PER_PARENT,
  'Workspace.activityLogs': PER_PARENT,
  // Not a loader: each field is its own read, which the response cache
  // may share with an identical one; the estimate does not count on it.
  'Workspace.dataAttributes': PER_PARENT,
  'Workspace.contact': CONTACTS,
  'Workspace.company': PER_ENTRY,
  'Workspace.conversation': { kind: 'perEntry', withParts: true },

  'Workspace.identityVerification': shared('me'),
  'Workspace.ipAllowlist': shared('ipAllowlist'),
  'Workspace.brands': shared('brands'),
  'Workspace.awayStatusReasons': shared('awayStatusReasons'),
  'Workspace.activityLogEventTypes': shared('activityLogEventTypes'),
  'Workspace.securityEvents': PER_PARENT,

  'WorkspaceOverview.identityVerification': shared('me'),
  'WorkspaceOverview.ipAllowlistEnabled': shared('ipAllowlist'),
  'WorkspaceOverview.ipAllowlistEntryCount': shared('ipAllowlist'),
  'WorkspaceOverview.adminCount': shared('admins'),
  'WorkspaceOverview.adminsByRole': shared('admins'),
  'WorkspaceOverview.adminsWithInboxSeat': shared('admins'),
  'WorkspaceOverview.teamCount': shared('teams'),
  'WorkspaceOverview.tagCount': shared('tags'),
  'WorkspaceOverview.contactCount': shared('contactCount'),
  'WorkspaceOverview.openConversationCount': shared('openConversationCount'),
  'WorkspaceOverview.lastSecuritySettingsChangeAt': shared(
    'lastSecuritySettingsChange',
  ),

  'Admin.teams': shared('teams'),
  'Admin.primaryTeams': shared('teams'),
  'Admin.secondaryTeams': shared('teams'),
  'Admin.awayStatusReason': shared('awayStatusReasons'),
  'Team.admins': shared('admins'),
  'Team.primaryAdmins': shared('admins'),
  'Team.secondaryAdmins': shared('admins'),
  'SecurityEvent.performedBy': shared('admins'),
  'ActivityLog.performedBy': shared('admins'),

  'Contact.owner': shared('admins'),
  'Contact.tags': shared('tags'),
  // Intercom lists a contact's segments one contact a call.
  'Contact.segments': PER_PARENT,
  'Contact.companies': COMPANIES,

  'Conversation.adminAssignee': shared('admins'),
  'Conversation.teamAssignee': shared('teams'),
  'Conversation.contacts': CONTACTS,
  'Conversation.parts': PARTS,
  'Conversation.partsTruncated': PARTS,
  'Conversation.partsTotalCount': PARTS,
  'ConversationStatistics.lastClosedBy': shared('admins'),
  'ConversationRating.contact': CONTACTS,
  'ConversationRating.teammate': shared('admins'),
  'ConversationPartAuthor.admin': shared('admins'),
  'ConversationPartAuthor.contact': CONTACTS,
};
