/** Builds one region's workspace from the seed. */
import type { Region } from '../../intercom/regions.js';
import { ACTIVITY_EVENT_TYPES } from './activity-event-types.js';
import { generateActivityLogs } from './activity.js';
import {
  generateConversationAttributes,
  generateDataAttributes,
} from './attributes.js';
import { generateBots } from './bots.js';
import { generateCompanies } from './companies.js';
import {
  CONTACT_ATTRIBUTE_TYPES,
  generateContacts,
  UNINDEXED_CONTACTS,
} from './contacts.js';
import { contactId, createContext, type GenerationContext } from './context.js';
import { generateConversations } from './conversations.js';
import { generateSegments } from './segments.js';
import {
  generateAwayStatusReasons,
  generateBrands,
  generateIpAllowlist,
} from './settings.js';
import { generateStaff } from './staff.js';
import type {
  SimulatedContact,
  SimulatedMergedContact,
  SimulatedWorkspace,
} from './types.js';

/** Ids conversations reference whose contacts were deleted since. */
const DELETED_CONTACTS = 3;
/** Contacts merged into another since conversations named them. */
const MERGED_CONTACTS = 3;

export interface WorkspaceSize {
  contacts: number;
  conversations: number;
}

/** The smallest sizes at which every special record still exists. */
export const MIN_CONTACTS = UNINDEXED_CONTACTS + 5;
export const MIN_CONVERSATIONS = 6;

/**
 * Merged ids continue the contact id sequence after the deleted ones, so
 * they too look like ids of contacts that once existed, in every region.
 * They were leads merged into users who are in the search index, as
 * Intercom merges a lead into the user it turns out to be.
 */
function mergeContacts(
  ctx: GenerationContext,
  contacts: readonly SimulatedContact[],
  unindexedContactIds: readonly string[],
  firstIndex: number,
): SimulatedMergedContact[] {
  const random = ctx.random('merged');
  const indexed = contacts.filter((c) => !unindexedContactIds.includes(c.id));
  const users = indexed.filter((c) => c.role === 'user');
  const pool = users.length >= MERGED_CONTACTS ? users : indexed;
  const survivors = random.sample(pool, MERGED_CONTACTS);
  return Array.from({ length: MERGED_CONTACTS }, (_, i) => ({
    id: contactId(firstIndex + i),
    mergedInto: (survivors[i % survivors.length] as SimulatedContact).id,
  }));
}

export function generateWorkspace(
  seed: number,
  region: Region,
  referenceTime: number,
  size: WorkspaceSize,
): SimulatedWorkspace {
  const ctx = createContext(seed, region, referenceTime);
  const staff = generateStaff(ctx);
  const bots = generateBots(ctx, staff.app, staff.admins);
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
  const mergedContacts = mergeContacts(
    ctx,
    contacts,
    unindexedContactIds,
    size.contacts + DELETED_CONTACTS,
  );
  const [operator, fin] = bots;
  if (operator === undefined || fin === undefined) {
    throw new Error('generateBots must return Operator and Fin');
  }
  const conversations = generateConversations(ctx, size.conversations, {
    staff,
    contacts,
    deletedContactIds,
    unindexedContactIds,
    mergedContactIds: mergedContacts.map((m) => m.id),
    bots: [operator, fin],
  });
  const longConversation = conversations.reduce((longest, c) =>
    c.conversation_parts.total_count > longest.conversation_parts.total_count
      ? c
      : longest,
  );

  const contactAttributeTypes = { ...CONTACT_ATTRIBUTE_TYPES };
  const { segments, segmentContactIds } = generateSegments(
    ctx,
    staff.app,
    contacts,
  );
  return {
    app: staff.app,
    me: staff.me,
    admins: staff.admins,
    bots,
    teams: staff.teams,
    tags: staff.tags,
    companies,
    contacts,
    conversations,
    deletedContactIds,
    unindexedContactIds,
    referenceTime,
    contactAttributeTypes,
    mergedContacts,
    segments,
    segmentContactIds,
    dataAttributes: generateDataAttributes(
      ctx,
      staff.app,
      staff.admins,
      contactAttributeTypes,
    ),
    conversationAttributes: generateConversationAttributes(
      ctx,
      staff.app,
      staff.admins,
    ),
    activityLogs: generateActivityLogs(ctx, {
      app: staff.app,
      admins: staff.admins,
      teams: staff.teams,
      conversationIds: conversations.map((c) => c.id),
    }),
    longConversationId: longConversation.id,
    awayStatusReasons: generateAwayStatusReasons(ctx, staff.app),
    ipAllowlist: generateIpAllowlist(ctx),
    brands: generateBrands(ctx, staff.app),
    activityLogEventTypes: [...ACTIVITY_EVENT_TYPES],
  };
}
