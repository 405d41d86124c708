/**
 * The one long conversation of a workspace: a months-long thread with more
 * parts than Intercom returns for one conversation (500), so clients meet
 * the truncation for real. Customer messages, replies by several admins,
 * internal notes, Fin's answers, reassignments, closes and reopens; the
 * statistics are counted from those parts, so they agree with them.
 */
import type { IntercomConversationStatistics } from '../../intercom/models.js';
import type { Random } from '../random.js';
import {
  ADMIN_REPLIES,
  CUSTOMER_FOLLOW_UPS,
  FIN_ANSWERS,
  INTERNAL_NOTES,
} from './catalog.js';
import type { Timeline, TimelineInputs } from './timeline.js';
import type {
  SimulatedAdmin,
  SimulatedBot,
  SimulatedConversationPart,
  SimulatedPartAuthor,
} from './types.js';

export interface LongThreadInputs extends TimelineInputs {
  /** Admins besides the handler who reply, take notes and get assigned. */
  colleagues: readonly SimulatedAdmin[];
  fin: SimulatedBot;
  /** How many parts the thread has in all. */
  partCount: number;
}

type PartState = SimulatedConversationPart['state'];

function adminAuthor(admin: SimulatedAdmin): SimulatedPartAuthor {
  return { type: 'admin', id: admin.id, name: admin.name, email: admin.email };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}

export function buildLongThread(
  random: Random,
  input: LongThreadInputs,
): Timeline {
  const parts: SimulatedConversationPart[] = [];
  const admins = [input.handler, ...input.colleagues];
  const fin: SimulatedPartAuthor = {
    type: 'bot',
    id: input.fin.id,
    name: input.fin.name,
    email: input.fin.email,
    from_ai_agent: true,
    is_ai_answer: true,
  };
  let clock = input.createdAt;
  // Asserted rather than annotated (here and for lastCloser): the helpers
  // below reassign it, which TypeScript's narrowing of a local cannot see.
  let state = 'open' as PartState;
  const advance = (min: number, max: number) => {
    clock = Math.min(input.now, clock + random.int(min, max));
    return clock;
  };
  const add = (
    partType: string,
    author: SimulatedPartAuthor,
    body: string | null,
    assignedTo?: { type: 'admin' | 'team'; id: string },
  ) => {
    const part: SimulatedConversationPart = {
      type: 'conversation_part',
      id: String(input.partIdBase + parts.length + 1),
      part_type: partType,
      body,
      created_at: clock,
      updated_at: clock,
      notified_at: clock,
      author,
      attachments: [],
      external_id: null,
      redacted: false,
      state,
      tags: [],
      app_package_code: null,
    };
    if (assignedTo !== undefined) part.assigned_to = assignedTo;
    parts.push(part);
  };

  // What the statistics need, gathered while the thread is written.
  const contactReplies: number[] = [];
  const adminReplies: number[] = [];
  const assignments: number[] = [];
  const closes: number[] = [];
  const replyTimes: number[] = [];
  const teammates = new Set<string>();
  let unansweredSince: number | null = input.customerInitiated
    ? input.createdAt
    : null;
  let reopens = 0;
  let lastCloser = null as string | null;

  const customerSays = () => {
    advance(300, 36 * 3_600);
    if (state === 'closed') reopens++;
    state = 'open';
    add(
      'comment',
      input.customer,
      `<p>${random.pick(CUSTOMER_FOLLOW_UPS)}</p>`,
    );
    contactReplies.push(clock);
    unansweredSince ??= clock;
  };
  const adminSays = (admin: SimulatedAdmin) => {
    advance(120, 8 * 3_600);
    add('comment', adminAuthor(admin), `<p>${random.pick(ADMIN_REPLIES)}</p>`);
    adminReplies.push(clock);
    teammates.add(admin.id);
    if (unansweredSince !== null) replyTimes.push(clock - unansweredSince);
    unansweredSince = null;
  };
  const close = (admin: SimulatedAdmin) => {
    advance(60, 3_600);
    state = 'closed';
    add('close', adminAuthor(admin), null);
    closes.push(clock);
    teammates.add(admin.id);
    lastCloser = admin.id;
  };

  // Routing, as for every conversation. Reassignments below move it
  // between admins and back, so only an assigned conversation has them.
  const { assignedTo } = input;
  let assignee = assignedTo;
  if (assignedTo !== null) {
    advance(5, 600);
    add('assignment', input.operator, null, assignedTo);
    assignments.push(clock);
  }
  const reassign = (to: NonNullable<typeof assignee>) => {
    advance(60, 7_200);
    add('assignment', adminAuthor(input.handler), null, to);
    assignments.push(clock);
    assignee = to;
  };

  // The body of the thread; the last two parts are left for the end.
  while (parts.length < input.partCount - 2) {
    const roll = random.next();
    const admin = random.chance(0.6) ? input.handler : random.pick(admins);
    if (state === 'closed' || roll < 0.36) {
      customerSays();
    } else if (roll < 0.72) {
      adminSays(admin);
    } else if (roll < 0.84) {
      advance(60, 3_600);
      add('note', adminAuthor(admin), `<p>${random.pick(INTERNAL_NOTES)}</p>`);
      teammates.add(admin.id);
    } else if (roll < 0.9) {
      advance(5, 120);
      add('comment', fin, `<p>${random.pick(FIN_ANSWERS)}</p>`);
    } else if (roll < 0.95 && assignedTo !== null) {
      reassign({ type: 'admin', id: random.pick(admins).id });
    } else if (parts.length < input.partCount - 10) {
      // Never close just before the end, where the state is settled.
      close(admin);
    } else {
      adminSays(admin);
    }
  }

  // Back with the conversation's assignee if a reassignment moved it, so
  // the last assignment agrees with the assignee the conversation names.
  if (
    assignedTo !== null &&
    (assignee?.type !== assignedTo.type || assignee.id !== assignedTo.id)
  ) {
    reassign(assignedTo);
  } else {
    adminSays(input.handler);
  }

  // How it stands now, as the conversation's state says.
  if (input.state === 'closed') {
    close(input.handler);
  } else if (input.state === 'snoozed') {
    advance(60, 7_200);
    state = 'snoozed';
    add('snoozed', adminAuthor(input.handler), null);
    teammates.add(input.handler.id);
  } else {
    customerSays();
  }

  // Statistics, counted from the parts above.
  const stats: IntercomConversationStatistics = {
    type: 'conversation_statistics',
    count_reopens: reopens,
    count_assignments: assignments.length,
    count_conversation_parts: parts.length,
  };
  const firstAssignment = assignments[0];
  const lastAssignment = assignments[assignments.length - 1];
  if (firstAssignment !== undefined && lastAssignment !== undefined) {
    stats.time_to_assignment = firstAssignment - input.createdAt;
    stats.first_assignment_at = firstAssignment;
    stats.last_assignment_at = lastAssignment;
    const afterAssignment = adminReplies.find((t) => t >= lastAssignment);
    if (afterAssignment !== undefined) {
      stats.last_assignment_admin_reply_at = afterAssignment;
    }
  }
  if (input.customerInitiated) stats.first_contact_reply_at = input.createdAt;
  const lastContact = contactReplies[contactReplies.length - 1];
  if (lastContact !== undefined) stats.last_contact_reply_at = lastContact;
  const firstReply = adminReplies[0];
  const lastReply = adminReplies[adminReplies.length - 1];
  const medianReply = median(replyTimes);
  if (firstReply !== undefined && lastReply !== undefined) {
    stats.time_to_admin_reply = firstReply - input.createdAt;
    stats.first_admin_reply_at = firstReply;
    stats.last_admin_reply_at = lastReply;
    if (medianReply !== null) stats.median_time_to_reply = medianReply;
  }
  const firstClose = closes[0];
  const lastClose = closes[closes.length - 1];
  if (firstClose !== undefined && lastClose !== undefined) {
    stats.time_to_first_close = firstClose - input.createdAt;
    stats.time_to_last_close = lastClose - input.createdAt;
    stats.first_close_at = firstClose;
    stats.last_close_at = lastClose;
    if (lastCloser !== null) stats.last_closed_by_id = lastCloser;
  }

  return {
    parts,
    statistics: stats,
    updatedAt: clock,
    waitingSince: state === 'open' ? unansweredSince : null,
    closedBy: state === 'closed' ? lastCloser : null,
    teammateIds: [...teammates],
  };
}
