/**
 * What each GraphQL object type's resolvers receive as their parent. An
 * Intercom record travels with the connection it came from, so every
 * relation below it is resolved against that same connection and no other.
 */
import type { Connection } from '../connections/registry.js';
import type {
  IntercomActivityLog,
  IntercomAdmin,
  IntercomCompany,
  IntercomContact,
  IntercomConversation,
  IntercomConversationAttribute,
  IntercomConversationPart,
  IntercomConversationRating,
  IntercomConversationStatistics,
  IntercomDataAttribute,
  IntercomPartAuthor,
  IntercomTag,
  IntercomTeam,
} from '../intercom/models.js';

export interface Scoped<T> {
  connection: Connection;
  record: T;
}

export type ConnectionParent = Connection;
/**
 * A workspace is reached through its connection and read lazily: a query
 * for its contacts alone needs no `GET /me`.
 */
export interface WorkspaceParent {
  connection: Connection;
}
export type AdminParent = Scoped<IntercomAdmin>;
export type TeamParent = Scoped<IntercomTeam>;
export type TagParent = Scoped<IntercomTag>;
export type CompanyParent = Scoped<IntercomCompany>;
export type ContactParent = Scoped<IntercomContact>;
export type ConversationParent = Scoped<IntercomConversation>;
export type StatisticsParent = Scoped<IntercomConversationStatistics>;
export type RatingParent = Scoped<IntercomConversationRating>;
export type PartParent = Scoped<IntercomConversationPart>;
export type PartAuthorParent = Scoped<IntercomPartAuthor>;

/** Intercom describes conversation attributes apart from the others. */
export type DataAttributeParent =
  | { model: 'CONTACT' | 'COMPANY'; record: IntercomDataAttribute }
  | { model: 'CONVERSATION'; record: IntercomConversationAttribute };

/** One page of a list, ready for Relay's connection fields. */
export interface PageParent<T> {
  edges: { cursor: string; node: T }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  endCursor: string | null;
  totalCount: number | null;
}

export type ActivityLogParent = Scoped<IntercomActivityLog>;
export type ContactPageParent = PageParent<ContactParent>;
export type CompanyPageParent = PageParent<CompanyParent>;
export type ActivityLogPageParent = PageParent<ActivityLogParent>;
export type ConversationPageParent = PageParent<ConversationParent>;

export function scoped<T>(connection: Connection, record: T): Scoped<T> {
  return { connection, record };
}
