/**
 * What happened inside one conversation: its parts (assignment, replies,
 * close or snooze) and the statistics Intercom derives from them. Both come
 * from one timeline so the numbers agree with the parts.
 */
import type { IntercomConversationStatistics } from '../../intercom/models.js';
import type { Random } from '../random.js';
import { ADMIN_REPLIES, CUSTOMER_FOLLOW_UPS } from './catalog.js';
import type {
  SimulatedAdmin,
  SimulatedConversationPart,
  SimulatedPartAuthor,
} from './types.js';

export type ConversationState = 'open' | 'closed' | 'snoozed';

export interface TimelineInputs {
  /** Numeric prefix that makes this conversation's part ids unique. */
  partIdBase: number;
  createdAt: number;
  now: number;
  state: ConversationState;
  customerInitiated: boolean;
  customer: SimulatedPartAuthor;
  /** The admin who handles it (the assignee, or any admin if unassigned). */
  handler: SimulatedAdmin;
  assignedTo: { type: 'admin' | 'team'; id: string } | null;
  /** Intercom's Operator bot, which assigns new conversations. */
  operator: SimulatedPartAuthor;
}

export interface Timeline {
  parts: SimulatedConversationPart[];
  statistics: IntercomConversationStatistics;
  updatedAt: number;
  /** Set while the customer's message is the last word. */
  waitingSince: number | null;
  closedBy: string | null;
  teammateIds: string[];
}

export function buildTimeline(random: Random, input: TimelineInputs): Timeline {
  const parts: SimulatedConversationPart[] = [];
  let clock = input.createdAt;
  // Later events never pass "now": recent conversations stay short.
  const advance = (min: number, max: number) => {
    clock = Math.min(input.now, clock + random.int(min, max));
    return clock;
  };
  const admin: SimulatedPartAuthor = {
    type: 'admin',
    id: input.handler.id,
    name: input.handler.name,
    email: input.handler.email,
  };
  const add = (
    partType: string,
    author: SimulatedPartAuthor,
    body: string | null,
    at: number,
    state: ConversationState = 'open',
  ) => {
    const part: SimulatedConversationPart = {
      type: 'conversation_part',
      id: String(input.partIdBase + parts.length + 1),
      part_type: partType,
      body,
      created_at: at,
      updated_at: at,
      notified_at: at,
      author,
      attachments: [],
      external_id: null,
      redacted: false,
      state,
      tags: [],
      app_package_code: null,
    };
    if (partType === 'assignment' && input.assignedTo !== null) {
      part.assigned_to = input.assignedTo;
    }
    parts.push(part);
  };

  // Routing: the operator bot assigns new conversations.
  let assignedAt: number | null = null;
  if (input.assignedTo !== null) {
    assignedAt = advance(5, 1_800);
    add('assignment', input.operator, null, assignedAt);
  }

  // The conversation itself: an admin reply, maybe a follow-up and answer.
  const replies: number[] = [];
  let lastContactReply = input.customerInitiated ? input.createdAt : null;
  if (input.state === 'closed' || random.chance(0.7)) {
    replies.push(advance(60, 86_400));
    add('comment', admin, `<p>${random.pick(ADMIN_REPLIES)}</p>`, clock);
    if (random.chance(0.5)) {
      lastContactReply = advance(60, 43_200);
      const text = random.pick(CUSTOMER_FOLLOW_UPS);
      add('comment', input.customer, `<p>${text}</p>`, lastContactReply);
      if (input.state === 'closed' || random.chance(0.5)) {
        replies.push(advance(60, 86_400));
        add('comment', admin, `<p>${random.pick(ADMIN_REPLIES)}</p>`, clock);
      }
    }
  }

  // How it ends for now.
  let closedAt: number | null = null;
  if (input.state === 'closed') {
    closedAt = advance(60, 7_200);
    add('close', admin, null, closedAt, 'closed');
  } else if (input.state === 'snoozed') {
    add('snoozed', admin, null, advance(60, 7_200), 'snoozed');
  }

  const lastReply = replies[replies.length - 1] ?? null;
  const firstReply = replies[0] ?? null;
  const customerHasLastWord =
    lastContactReply !== null &&
    (lastReply === null || lastContactReply > lastReply);

  // Statistics. The description types each as a non-nullable integer, so
  // a measure that does not apply yet is left out instead of sent as null.
  const stats: IntercomConversationStatistics = {
    type: 'conversation_statistics',
    count_reopens: 0,
    count_assignments: assignedAt === null ? 0 : 1,
    count_conversation_parts: parts.length,
  };
  if (input.customerInitiated) {
    stats.first_contact_reply_at = input.createdAt;
  }
  if (lastContactReply !== null) {
    stats.last_contact_reply_at = lastContactReply;
  }
  if (assignedAt !== null) {
    stats.time_to_assignment = assignedAt - input.createdAt;
    stats.first_assignment_at = assignedAt;
    stats.last_assignment_at = assignedAt;
  }
  if (firstReply !== null && lastReply !== null) {
    stats.time_to_admin_reply = firstReply - input.createdAt;
    stats.median_time_to_reply = firstReply - input.createdAt;
    stats.first_admin_reply_at = firstReply;
    stats.last_admin_reply_at = lastReply;
    if (assignedAt !== null) {
      stats.last_assignment_admin_reply_at = firstReply;
    }
  }
  if (closedAt !== null) {
    stats.time_to_first_close = closedAt - input.createdAt;
    stats.time_to_last_close = closedAt - input.createdAt;
    stats.first_close_at = closedAt;
    stats.last_close_at = closedAt;
    stats.last_closed_by_id = input.handler.id;
  }

  const lastPart = parts[parts.length - 1];
  return {
    parts,
    statistics: stats,
    updatedAt: Math.max(input.createdAt, lastPart?.created_at ?? 0),
    waitingSince:
      input.state !== 'closed' && customerHasLastWord ? lastContactReply : null,
    closedBy: closedAt === null ? null : input.handler.id,
    teammateIds:
      replies.length > 0 || closedAt !== null || !input.customerInitiated
        ? [input.handler.id]
        : [],
  };
}
