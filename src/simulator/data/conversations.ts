/** The workspace's conversations, with their participants and parts. */
import type { IntercomTag } from '../../intercom/models.js';
import type { Random } from '../random.js';
import { DAY_SECONDS } from '../time.js';
import {
  CONVERSATION_TITLES,
  CUSTOMER_MESSAGES,
  HELP_ARTICLES,
  RATING_REMARKS,
  SLA_NAMES,
} from './catalog.js';
import { conversationId, type GenerationContext } from './context.js';
import type { Staff } from './staff.js';
import { laterSpecials, specialConversations } from './placement.js';
import { buildLongThread } from './thread.js';
import { buildTimeline, type ConversationState } from './timeline.js';
import type {
  SimulatedAdmin,
  SimulatedBot,
  SimulatedAiAgent,
  SimulatedContact,
  SimulatedContactReference,
  SimulatedConversation,
  SimulatedPartAuthor,
} from './types.js';

export interface ConversationInputs {
  staff: Staff;
  /** Sorted by created_at, as the contact generator returns them. */
  contacts: readonly SimulatedContact[];
  deletedContactIds: readonly string[];
  unindexedContactIds: readonly string[];
  /** Ids of contacts merged away; one conversation names each. */
  mergedContactIds: readonly string[];
  /** Operator, then Fin. */
  bots: readonly [SimulatedBot, SimulatedBot];
}

/**
 * A participant: a live contact, or only the id of one that is gone
 * (deleted, or merged into another contact since).
 */
type Participant = SimulatedContact | { id: string; gone: true };

function reference(participant: Participant): SimulatedContactReference {
  return {
    type: 'contact',
    id: participant.id,
    external_id: 'gone' in participant ? null : participant.external_id,
  };
}

function authorOf(participant: Participant): SimulatedPartAuthor {
  if ('gone' in participant) {
    return { type: 'user', id: participant.id, name: null };
  }
  const author: SimulatedPartAuthor = {
    type: participant.role,
    id: participant.id,
    name: participant.name,
  };
  if (participant.email !== undefined) author.email = participant.email;
  return author;
}

export function generateConversations(
  ctx: GenerationContext,
  count: number,
  inputs: ConversationInputs,
): SimulatedConversation[] {
  const random = ctx.random('conversations');
  const { staff, contacts } = inputs;
  // Newest last, like the conversations that will name them.
  const newcomers = contacts.filter((c) =>
    inputs.unindexedContactIds.includes(c.id),
  );
  const special = specialConversations(random, ctx.region, count);
  const later = laterSpecials(ctx, count, inputs.mergedContactIds.length, [
    ...special.deleted,
    ...special.unindexed,
  ]);
  const [operator, fin] = inputs.bots;
  const operatorAuthor: SimulatedPartAuthor = {
    type: 'bot',
    id: operator.id,
    name: operator.name,
    email: operator.email,
  };
  // Creation times rise with the index, as Intercom's ids do with time, so
  // ids and list positions agree and the special positions above hold.
  const createdTimes = Array.from({ length: count }, () =>
    random.int(ctx.now - 700 * DAY_SECONDS, ctx.now - 3_600),
  ).sort((a, b) => a - b);

  const conversations: SimulatedConversation[] = [];
  for (let index = 0; index < count; index++) {
    // Who took part. Regular conversations draw contacts that existed by
    // then; the special ones pin a deleted or a just-created contact.
    let createdAt = createdTimes[index] as number;
    const existing = contacts.filter((c) => c.created_at <= createdAt);
    const pool = existing.length > 0 ? existing : contacts;
    const participants: Participant[] = random.sample(
      pool,
      random.pick([1, 1, 1, 1, 1, 1, 2, 2, 3]),
    );
    const deletedSlot = special.deleted.indexOf(index);
    const unindexedSlot = special.unindexed.indexOf(index);
    if (deletedSlot >= 0) {
      const id = inputs.deletedContactIds[
        deletedSlot % inputs.deletedContactIds.length
      ] as string;
      // The first one lost its only contact; the others one of several.
      if (deletedSlot === 0) participants.length = 0;
      participants.splice(2, participants.length, { id, gone: true });
    } else if (unindexedSlot >= 0) {
      const newcomer = newcomers[unindexedSlot] as SimulatedContact;
      participants.splice(0, participants.length, newcomer);
      createdAt = Math.min(ctx.now, newcomer.created_at + 45);
    }
    // A merged contact joins as a further participant, never the first,
    // and at most three take part, as in every conversation.
    const mergedId = inputs.mergedContactIds[later.merged.indexOf(index)];
    if (mergedId !== undefined) {
      const third = participants[2];
      const at = third !== undefined && 'gone' in third ? 1 : 2;
      participants.splice(at, 1, { id: mergedId, gone: true });
    }
    const primary = participants[0] as Participant;

    // Routing: some conversations sit unassigned, some only with a team.
    let adminAssignee: SimulatedAdmin | null = null;
    let teamAssignee: Staff['teams'][number] | null = null;
    const routing = random.next();
    if (routing < 0.6) {
      teamAssignee = random.pick(staff.teams);
      const members = staff.admins.filter((a) =>
        teamAssignee?.admin_ids.includes(Number(a.id)),
      );
      if (members.length > 0 && random.chance(0.7)) {
        adminAssignee = random.pick(members);
      }
    } else if (routing < 0.85) {
      adminAssignee = random.pick(staff.admins);
    }
    const handler = adminAssignee ?? random.pick(staff.admins);

    const state: ConversationState = random.pick([
      'open',
      'open',
      'open',
      'closed',
      'closed',
      'closed',
      'snoozed',
    ]);
    const customerInitiated = 'gone' in primary || random.chance(0.75);
    const primaryEmail = 'gone' in primary ? undefined : primary.email;
    const viaEmail = primaryEmail !== undefined && random.chance(0.3);
    const [subject, message] = random.pick(CUSTOMER_MESSAGES);
    const sourceAuthor = customerInitiated
      ? { ...authorOf(primary), email: primaryEmail ?? null }
      : {
          type: 'admin',
          id: handler.id,
          name: handler.name,
          email: handler.email,
        };

    const timelineInputs = {
      partIdBase: 9_100_000_000 + index * 100,
      createdAt,
      now: ctx.now,
      state,
      customerInitiated,
      customer: authorOf(primary),
      handler,
      assignedTo:
        adminAssignee !== null
          ? { type: 'admin' as const, id: adminAssignee.id }
          : teamAssignee !== null
            ? { type: 'team' as const, id: teamAssignee.id }
            : null,
      operator: operatorAuthor,
    };
    const regularTimeline = buildTimeline(random, timelineInputs);
    // The long thread replaces the timeline drawn above, which is still
    // drawn so that the conversations after it keep their values.
    const isLong = index === later.longThread;
    const timeline = isLong
      ? buildLongThread(ctx.random('long-thread'), {
          ...timelineInputs,
          partIdBase: 9_300_000_000 + index * 1_000,
          colleagues: staff.admins.filter((a) => a !== handler).slice(0, 4),
          fin,
          partCount: ctx.random('long-thread-size').int(520, 560),
        })
      : regularTimeline;
    const closedAt = timeline.statistics.last_close_at ?? null;

    conversations.push({
      type: 'conversation',
      id: conversationId(index),
      created_at: createdAt,
      updated_at: timeline.updatedAt,
      waiting_since: timeline.waitingSince,
      snoozed_until:
        state === 'snoozed'
          ? ctx.now + random.int(3_600, 7 * DAY_SECONDS)
          : null,
      source: {
        type: viaEmail ? 'email' : 'conversation',
        id: String(400_000_000 + index * 7),
        delivered_as: customerInitiated
          ? 'customer_initiated'
          : 'admin_initiated',
        subject: viaEmail ? subject : '',
        body: `<p>${message}</p>`,
        author: sourceAuthor,
        attachments: [],
        url:
          customerInitiated && !viaEmail
            ? `https://www.${staff.domain}/account/billing`
            : null,
        redacted: false,
      },
      contacts: { type: 'contact.list', contacts: participants.map(reference) },
      first_contact_reply: customerInitiated
        ? { created_at: createdAt, type: 'conversation', url: null }
        : null,
      // The description types both assignee ids as non-nullable integers
      // and documents 0 for "not assigned", as Intercom's examples send.
      admin_assignee_id: adminAssignee === null ? 0 : Number(adminAssignee.id),
      team_assignee_id: teamAssignee === null ? 0 : Number(teamAssignee.id),
      open: state !== 'closed',
      state,
      read: state === 'closed' ? random.chance(0.95) : random.chance(0.55),
      tags: {
        type: 'tag.list',
        tags: conversationTags(random, staff.tags, handler, createdAt, ctx.now),
      },
      priority: random.pick([
        'none',
        'none',
        'none',
        'none',
        'low',
        'medium',
        'medium',
        'high',
        'urgent',
      ]),
      sla_applied: random.chance(0.25)
        ? {
            type: 'conversation_sla_summary',
            sla_name: random.pick(SLA_NAMES),
            sla_status:
              state === 'closed'
                ? random.pick(['hit', 'hit', 'missed'])
                : random.pick(['active', 'missed']),
          }
        : null,
      // The long thread always has statistics: they count all its parts.
      statistics: random.chance(0.95) || isLong ? timeline.statistics : null,
      conversation_rating:
        closedAt !== null && random.chance(0.35)
          ? {
              rating: random.pick([1, 2, 3, 4, 4, 5, 5, 5]),
              remark: random.chance(0.6) ? random.pick(RATING_REMARKS) : '',
              created_at: Math.min(ctx.now, closedAt + random.int(60, 600)),
              updated_at: Math.min(ctx.now, closedAt + random.int(600, 3_600)),
              contact: reference(primary),
              teammate: { type: 'admin', id: handler.id },
            }
          : null,
      teammates: {
        type: 'admin.list',
        teammates: timeline.teammateIds.map((id) => ({ type: 'admin', id })),
      },
      title: random.chance(0.2) ? random.pick(CONVERSATION_TITLES) : null,
      // The description allows strings and integers here, not booleans.
      custom_attributes: random.chance(0.6)
        ? {
            'Issue type': random.pick([
              'Billing',
              'Bug',
              'Question',
              'Account',
            ]),
            'Order count': random.int(0, 40),
          }
        : {},
      linked_objects: {
        type: 'list',
        data: [],
        total_count: 0,
        has_more: false,
      },
      ...aiAgent(random, createdAt, ctx.now),
      channel: {
        initial: viaEmail ? 'email' : 'messenger',
        current: viaEmail ? 'email' : 'messenger',
      },
      external_references: [],
      conversation_parts: {
        type: 'conversation_part.list',
        conversation_parts: timeline.parts,
        total_count: timeline.parts.length,
      },
    });
  }

  conversations.sort(
    (a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1),
  );
  return conversations;
}

function conversationTags(
  random: Random,
  tags: readonly IntercomTag[],
  handler: SimulatedAdmin,
  createdAt: number,
  now: number,
): IntercomTag[] {
  return random.sample(tags, random.pick([0, 0, 0, 1, 1, 2, 3])).map((tag) => ({
    type: 'tag',
    id: tag.id,
    name: tag.name,
    applied_at: Math.min(now, createdAt + random.int(60, 86_400)),
    applied_by: { type: 'admin', id: handler.id },
  }));
}

function aiAgent(
  random: Random,
  createdAt: number,
  now: number,
): Pick<SimulatedConversation, 'ai_agent' | 'ai_agent_participated'> {
  if (!random.chance(0.15)) return { ai_agent_participated: false };
  const rated = random.chance(0.5);
  const article = random.int(100_000, 999_999);
  const agent: SimulatedAiAgent = {
    source_type: random.pick(['workflow', 'profile']),
    source_title: random.chance(0.7) ? 'Fin for support' : null,
    last_answer_type: random.pick(['ai_answer', 'custom_answer', null]),
    resolution_state: random.pick([
      'assumed_resolution',
      'confirmed_resolution',
      'escalated',
      null,
    ]),
    rating: rated ? random.int(1, 5) : null,
    rating_remark: rated && random.chance(0.5) ? 'Quick answer' : null,
    created_at: rated ? Math.min(now, createdAt + 300) : null,
    updated_at: rated ? Math.min(now, createdAt + 300) : null,
    content_sources: {
      type: 'content_source.list',
      total_count: 1,
      content_sources: [
        {
          content_type: 'article',
          url: `/fin-ai-agent/content?content=article&id=${article}`,
          title: random.pick(HELP_ARTICLES),
          locale: 'en',
        },
      ],
    },
  };
  return { ai_agent_participated: true, ai_agent: agent };
}
