/**
 * A workspace indexed for serving: lookups by id, the search index (which
 * lags behind the records), the list form of conversations, and the
 * answers that are the same on every request, built once.
 */
import type {
  ConversationListItem,
  SimulatedAdmin,
  SimulatedBrand,
  SimulatedCompany,
  SimulatedContact,
  SimulatedConversation,
  SimulatedSegment,
  SimulatedTeam,
  SimulatedWorkspace,
} from './data/types.js';
import type {
  IntercomActivityLogEventTypeList,
  IntercomTag,
} from '../intercom/models.js';
import type { SearchDialect } from './search/dialect.js';
import { contactDialect } from './search/fields.js';

/** A segment as listed with `include_count=true`. */
export type CountedSegment = SimulatedSegment & { count: number };

export interface StoreOptions {
  /** Parts `GET /conversations/{id}` returns at most: the newest ones. */
  maxConversationParts: number;
}

export interface WorkspaceStore {
  workspace: SimulatedWorkspace;
  admins: ReadonlyMap<string, SimulatedAdmin>;
  teams: ReadonlyMap<string, SimulatedTeam>;
  tags: ReadonlyMap<string, IntercomTag>;
  companies: ReadonlyMap<string, SimulatedCompany>;
  contacts: ReadonlyMap<string, SimulatedContact>;
  /** As served by id: parts cut to the newest `maxConversationParts`. */
  conversations: ReadonlyMap<string, SimulatedConversation>;
  /** Merged contact id to the id of the contact it survives in. */
  mergedInto: ReadonlyMap<string, string>;
  /** Contacts search can see: all but the not-yet-indexed ones. */
  searchableContacts: readonly SimulatedContact[];
  conversationItems: readonly ConversationListItem[];
  contactDialect: SearchDialect<SimulatedContact>;
  /**
   * Companies as `GET /companies` lists them: only those with users, most
   * recently seen first, as the description of the company list says.
   */
  listedCompanies: readonly SimulatedCompany[];
  segments: ReadonlyMap<string, SimulatedSegment>;
  countedSegments: readonly CountedSegment[];
  segmentsOfContact: ReadonlyMap<string, readonly SimulatedSegment[]>;
  brands: ReadonlyMap<string, SimulatedBrand>;
  /** `GET /admins/activity_log_event_types`. */
  activityLogEventTypes: IntercomActivityLogEventTypeList;
}

function byId<T extends { id: string }>(records: readonly T[]) {
  return new Map(records.map((record) => [record.id, record]));
}

function listItem(conversation: SimulatedConversation): ConversationListItem {
  const item: Partial<SimulatedConversation> = { ...conversation };
  delete item.conversation_parts;
  return item as ConversationListItem;
}

/**
 * The conversation as Intercom sends it by id: at most `max` parts, the
 * newest, while `total_count` and the statistics still count them all.
 */
function served(
  conversation: SimulatedConversation,
  max: number,
): SimulatedConversation {
  const { conversation_parts: parts } = conversation;
  if (parts.conversation_parts.length <= max) return conversation;
  return {
    ...conversation,
    conversation_parts: {
      ...parts,
      conversation_parts: parts.conversation_parts.slice(-max),
    },
  };
}

function segmentIndexes(workspace: SimulatedWorkspace) {
  const ofContact = new Map<string, SimulatedSegment[]>();
  const counted = workspace.segments.map((segment) => {
    const members = workspace.segmentContactIds[segment.id] ?? [];
    for (const id of members) {
      const list = ofContact.get(id) ?? [];
      list.push(segment);
      ofContact.set(id, list);
    }
    return { ...segment, count: members.length };
  });
  return { counted, ofContact };
}

export function createStore(
  workspace: SimulatedWorkspace,
  options: StoreOptions = { maxConversationParts: 500 },
): WorkspaceStore {
  const unindexed = new Set(workspace.unindexedContactIds);
  const segments = segmentIndexes(workspace);
  const listedCompanies = workspace.companies
    .filter((company) => (company.user_count ?? 0) > 0)
    .sort(
      (a, b) =>
        (b.last_request_at ?? 0) - (a.last_request_at ?? 0) ||
        (a.id < b.id ? -1 : 1),
    );
  return {
    workspace,
    admins: byId(workspace.admins),
    teams: byId(workspace.teams),
    tags: byId(workspace.tags),
    companies: byId(workspace.companies),
    contacts: byId(workspace.contacts),
    conversations: byId(
      workspace.conversations.map((c) =>
        served(c, options.maxConversationParts),
      ),
    ),
    mergedInto: new Map(
      workspace.mergedContacts.map((m) => [m.id, m.mergedInto]),
    ),
    searchableContacts: workspace.contacts.filter((c) => !unindexed.has(c.id)),
    conversationItems: workspace.conversations.map(listItem),
    contactDialect: contactDialect(
      workspace.app.timezone,
      workspace.contactAttributeTypes,
    ),
    listedCompanies,
    segments: byId(workspace.segments),
    countedSegments: segments.counted,
    segmentsOfContact: segments.ofContact,
    brands: byId(workspace.brands),
    activityLogEventTypes: {
      type: 'activity_log_event_type.list',
      event_types: workspace.activityLogEventTypes,
    },
  };
}
