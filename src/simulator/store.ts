/**
 * A workspace indexed for serving: lookups by id, the search index (which
 * lags behind the records) and the list form of conversations.
 */
import type {
  ConversationListItem,
  SimulatedAdmin,
  SimulatedCompany,
  SimulatedContact,
  SimulatedConversation,
  SimulatedTeam,
  SimulatedWorkspace,
} from './data/types.js';
import type { IntercomTag } from '../intercom/models.js';
import type { SearchDialect } from './search/dialect.js';
import { contactDialect } from './search/fields.js';

export interface WorkspaceStore {
  workspace: SimulatedWorkspace;
  admins: ReadonlyMap<string, SimulatedAdmin>;
  teams: ReadonlyMap<string, SimulatedTeam>;
  tags: ReadonlyMap<string, IntercomTag>;
  companies: ReadonlyMap<string, SimulatedCompany>;
  contacts: ReadonlyMap<string, SimulatedContact>;
  conversations: ReadonlyMap<string, SimulatedConversation>;
  /** Contacts search can see: all but the not-yet-indexed ones. */
  searchableContacts: readonly SimulatedContact[];
  conversationItems: readonly ConversationListItem[];
  contactDialect: SearchDialect<SimulatedContact>;
}

function byId<T extends { id: string }>(records: readonly T[]) {
  return new Map(records.map((record) => [record.id, record]));
}

function listItem(conversation: SimulatedConversation): ConversationListItem {
  const item: Partial<SimulatedConversation> = { ...conversation };
  delete item.conversation_parts;
  return item as ConversationListItem;
}

export function createStore(workspace: SimulatedWorkspace): WorkspaceStore {
  const unindexed = new Set(workspace.unindexedContactIds);
  return {
    workspace,
    admins: byId(workspace.admins),
    teams: byId(workspace.teams),
    tags: byId(workspace.tags),
    companies: byId(workspace.companies),
    contacts: byId(workspace.contacts),
    conversations: byId(workspace.conversations),
    searchableContacts: workspace.contacts.filter((c) => !unindexed.has(c.id)),
    conversationItems: workspace.conversations.map(listItem),
    contactDialect: contactDialect(
      workspace.app.timezone,
      workspace.contactAttributeTypes,
    ),
  };
}
