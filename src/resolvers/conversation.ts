import type {
  ConversationConnectionResolvers,
  ConversationRatingResolvers,
  ConversationResolvers,
  ConversationSourceResolvers,
  ConversationStatisticsResolvers,
  Resolvers,
  SlaAppliedResolvers,
} from '../generated/graphql.js';
import type { GatewayContext } from '../graphql/context.js';
import { pageResolvers, requiredTotal } from '../graphql/pagination.js';
import {
  scoped,
  type ConversationParent,
  type Scoped,
} from '../graphql/parents.js';
import { fromUnix } from '../graphql/scalars.js';
import type {
  IntercomAdmin,
  IntercomConversationWithParts,
} from '../intercom/models.js';
import { assigneeId, requiredTime, stateEnum } from './values.js';

async function adminById(
  parent: Scoped<unknown>,
  id: number | string | null | undefined,
  context: GatewayContext,
): Promise<Scoped<IntercomAdmin> | null> {
  const key = assigneeId(id);
  if (key === undefined) return null;
  const { connection } = parent;
  return scoped(
    connection,
    await context.loadersFor(connection).admin.load(key),
  );
}

const Conversation: ConversationResolvers = {
  id: ({ record }) => record.id,
  title: ({ record }) => record.title ?? null,
  createdAt: ({ record, connection }) =>
    requiredTime(record.created_at, connection.id, 'a conversation created_at'),
  updatedAt: ({ record, connection }) =>
    requiredTime(record.updated_at, connection.id, 'a conversation updated_at'),
  waitingSince: ({ record }) => fromUnix(record.waiting_since),
  snoozedUntil: ({ record }) => fromUnix(record.snoozed_until),
  open: ({ record }) => record.open,
  state: ({ record }) => stateEnum(record.state),
  read: ({ record }) => record.read ?? null,
  priority: ({ record }) => record.priority ?? null,
  adminAssignee: (parent, _args, context) =>
    adminById(parent, parent.record.admin_assignee_id, context),
  teamAssignee: async ({ connection, record }, _args, context) => {
    const key = assigneeId(record.team_assignee_id);
    if (key === undefined) return null;
    const team = await context.loadersFor(connection).team.load(key);
    return scoped(connection, team);
  },
  // Intercom embeds each tag's id and name in the conversation itself, so
  // tags cost no call of their own.
  tags: ({ connection, record }) =>
    (record.tags?.tags ?? []).map((tag) => scoped(connection, tag)),
  // One promise per contact: one that Intercom no longer has (deleted or
  // merged) fails its own index only.
  contacts: ({ connection, record }, _args, context) => {
    const loaders = context.loadersFor(connection);
    return (record.contacts?.contacts ?? []).map(async ({ id }) =>
      scoped(connection, await loaders.contact.load(id)),
    );
  },
  source: ({ record }) => record.source ?? null,
  statistics: ({ connection, record }) =>
    record.statistics ? scoped(connection, record.statistics) : null,
  rating: ({ connection, record }) =>
    record.conversation_rating
      ? scoped(connection, record.conversation_rating)
      : null,
  slaApplied: ({ record }) => record.sla_applied ?? null,
  customAttributes: ({ record }) => record.custom_attributes ?? {},
  parts: async (parent, _args, context) => {
    const { parts } = await partsOf(parent, context);
    return parts.map((part) => scoped(parent.connection, part));
  },
  partsTruncated: async (parent, _args, context) => {
    const { parts, total } = await partsOf(parent, context);
    return total > parts.length;
  },
  partsTotalCount: async (parent, _args, context) =>
    (await partsOf(parent, context)).total,
};

/**
 * A conversation's parts and how many it has in all. Lists and searches
 * leave parts out, so unless the conversation was read by id it is read
 * again, once per operation however many part fields ask.
 */
async function partsOf(
  { connection, record }: ConversationParent,
  context: GatewayContext,
) {
  const full =
    'conversation_parts' in record
      ? (record as IntercomConversationWithParts)
      : await context.loadersFor(connection).conversation.load(record.id);
  const parts = full.conversation_parts?.conversation_parts ?? [];
  const total = Math.max(
    parts.length,
    full.conversation_parts?.total_count ?? 0,
    full.statistics?.count_conversation_parts ?? 0,
  );
  return { parts, total };
}

const ConversationSource: ConversationSourceResolvers = {
  type: (source) => source.type ?? null,
  deliveredAs: (source) => source.delivered_as ?? null,
  subject: (source) => source.subject || null,
  url: (source) => source.url ?? null,
  author: (source) => source.author ?? null,
};

const ConversationStatistics: ConversationStatisticsResolvers = {
  timeToAssignment: ({ record }) => record.time_to_assignment ?? null,
  timeToAdminReply: ({ record }) => record.time_to_admin_reply ?? null,
  timeToFirstClose: ({ record }) => record.time_to_first_close ?? null,
  timeToLastClose: ({ record }) => record.time_to_last_close ?? null,
  medianTimeToReply: ({ record }) => record.median_time_to_reply ?? null,
  firstContactReplyAt: ({ record }) => fromUnix(record.first_contact_reply_at),
  firstAssignmentAt: ({ record }) => fromUnix(record.first_assignment_at),
  firstAdminReplyAt: ({ record }) => fromUnix(record.first_admin_reply_at),
  firstCloseAt: ({ record }) => fromUnix(record.first_close_at),
  lastAssignmentAt: ({ record }) => fromUnix(record.last_assignment_at),
  lastAssignmentAdminReplyAt: ({ record }) =>
    fromUnix(record.last_assignment_admin_reply_at),
  lastContactReplyAt: ({ record }) => fromUnix(record.last_contact_reply_at),
  lastAdminReplyAt: ({ record }) => fromUnix(record.last_admin_reply_at),
  lastCloseAt: ({ record }) => fromUnix(record.last_close_at),
  lastClosedBy: (parent, _args, context) =>
    adminById(parent, parent.record.last_closed_by_id, context),
  countReopens: ({ record }) => record.count_reopens ?? null,
  countAssignments: ({ record }) => record.count_assignments ?? null,
  countConversationParts: ({ record }) =>
    record.count_conversation_parts ?? null,
};

const ConversationRating: ConversationRatingResolvers = {
  rating: ({ record }) => record.rating ?? null,
  remark: ({ record }) => record.remark || null,
  createdAt: ({ record }) => fromUnix(record.created_at),
  contact: async ({ connection, record }, _args, context) => {
    if (!record.contact?.id) return null;
    const loaders = context.loadersFor(connection);
    return scoped(connection, await loaders.contact.load(record.contact.id));
  },
  teammate: (parent, _args, context) =>
    adminById(parent, parent.record.teammate?.id, context),
};

const SlaApplied: SlaAppliedResolvers = {
  slaName: (sla) => sla.sla_name ?? null,
  slaStatus: (sla) => sla.sla_status ?? null,
};

const ConversationConnection: ConversationConnectionResolvers = {
  ...pageResolvers(),
  totalCount: requiredTotal,
};

export const conversationResolvers: Resolvers = {
  Conversation,
  ConversationSource,
  ConversationStatistics,
  ConversationRating,
  SlaApplied,
  ConversationConnection,
};
