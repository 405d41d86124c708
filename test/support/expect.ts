import type {
  IntercomContact,
  IntercomConversation,
} from '../../src/intercom/models.js';

/** Intercom's Unix seconds as the gateway must show them. */
export function iso(seconds: number | null | undefined): string | null {
  return typeof seconds === 'number'
    ? new Date(seconds * 1000).toISOString()
    : null;
}

/** Intercom's "unassigned" (0, null or absent) as a missing id. */
export function assigned(id: number | null | undefined): string | null {
  return id ? String(id) : null;
}

/** The fields of a contact the gateway maps one to one. */
export function contactFields(contact: IntercomContact) {
  return {
    id: contact.id,
    externalId: contact.external_id ?? null,
    workspaceId: contact.workspace_id ?? null,
    role: contact.role.toUpperCase(),
    email: contact.email || null,
    phone: contact.phone ?? null,
    name: contact.name ?? null,
    createdAt: iso(contact.created_at),
    updatedAt: iso(contact.updated_at),
    signedUpAt: iso(contact.signed_up_at),
    lastSeenAt: iso(contact.last_seen_at),
    customAttributes: contact.custom_attributes ?? {},
    owner: contact.owner_id == null ? null : { id: String(contact.owner_id) },
    tags: (contact.tags?.data ?? []).map((tag) => ({ id: tag.id })),
    companies: (contact.companies?.data ?? []).map((c) => ({ id: c.id })),
  };
}

export const CONTACT_SELECTION = `
  id externalId workspaceId role email phone name
  createdAt updatedAt signedUpAt lastSeenAt customAttributes
  owner { id } tags { id } companies { id }
`;

/** The fields of a conversation the gateway maps one to one. */
export function conversationFields(conversation: IntercomConversation) {
  return {
    id: conversation.id,
    title: conversation.title ?? null,
    state: conversation.state.toUpperCase(),
    open: conversation.open,
    createdAt: iso(conversation.created_at),
    updatedAt: iso(conversation.updated_at),
    waitingSince: iso(conversation.waiting_since),
    snoozedUntil: iso(conversation.snoozed_until),
    adminAssignee: idOrNull(conversation.admin_assignee_id),
    teamAssignee: idOrNull(conversation.team_assignee_id),
    tags: (conversation.tags?.tags ?? []).map((t) => ({
      id: t.id,
      name: t.name,
    })),
    contactIds: (conversation.contacts?.contacts ?? []).map((c) => c.id),
  };
}

export const CONVERSATION_SELECTION = `
  id title state open createdAt updatedAt waitingSince snoozedUntil
  adminAssignee { id } teamAssignee { id } tags { id name }
`;

function idOrNull(id: number | null | undefined) {
  const value = assigned(id);
  return value === null ? null : { id: value };
}
