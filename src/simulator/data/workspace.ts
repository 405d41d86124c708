/** Builds one region's workspace from the seed. */
import type { Region } from '../../intercom/regions.js';
import { generateCompanies } from './companies.js';
import {
  CONTACT_ATTRIBUTE_TYPES,
  generateContacts,
  UNINDEXED_CONTACTS,
} from './contacts.js';
import { contactId, createContext } from './context.js';
import { generateConversations } from './conversations.js';
import { generateStaff } from './staff.js';
import type { SimulatedWorkspace } from './types.js';

/** Ids conversations reference whose contacts were deleted since. */
const DELETED_CONTACTS = 3;

export interface WorkspaceSize {
  contacts: number;
  conversations: number;
}

/** The smallest sizes at which every special record still exists. */
export const MIN_CONTACTS = UNINDEXED_CONTACTS + 5;
export const MIN_CONVERSATIONS = 6;

export function generateWorkspace(
  seed: number,
  region: Region,
  referenceTime: number,
  size: WorkspaceSize,
): SimulatedWorkspace {
  const ctx = createContext(seed, region, referenceTime);
  const staff = generateStaff(ctx);
  const companies = generateCompanies(ctx, staff.app, staff.tags);
  const { contacts, unindexedContactIds } = generateContacts(
    ctx,
    size.contacts,
    { app: staff.app, admins: staff.admins, tags: staff.tags, companies },
  );

  // Deleted ids continue the contact id sequence, so they look like the
  // ids of contacts that once existed, in every region alike.
  const deletedContactIds = Array.from({ length: DELETED_CONTACTS }, (_, i) =>
    contactId(size.contacts + i),
  );
  const conversations = generateConversations(ctx, size.conversations, {
    staff,
    contacts,
    deletedContactIds,
    unindexedContactIds,
  });

  return {
    app: staff.app,
    me: staff.me,
    admins: staff.admins,
    teams: staff.teams,
    tags: staff.tags,
    companies,
    contacts,
    conversations,
    deletedContactIds,
    unindexedContactIds,
    referenceTime,
    contactAttributeTypes: { ...CONTACT_ATTRIBUTE_TYPES },
  };
}
