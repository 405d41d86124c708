/**
 * The workspace's segments and who is in them. Membership follows from
 * each segment's rule over the contact records, so it is deterministic and
 * tests can recompute it; the two default segments of every workspace
 * (all users, all leads) always exist.
 */
import { DAY_SECONDS } from '../time.js';
import type { GenerationContext } from './context.js';
import type {
  SimulatedApp,
  SimulatedContact,
  SimulatedSegment,
} from './types.js';

interface SegmentRule {
  name: string;
  personType: SimulatedSegment['person_type'];
  matches(contact: SimulatedContact, now: number): boolean;
}

const days = (count: number) => count * DAY_SECONDS;
const isUser = (c: SimulatedContact) => c.role === 'user';
const isLead = (c: SimulatedContact) => c.role === 'lead';
const seenWithin = (c: SimulatedContact, now: number, span: number) =>
  c.last_seen_at !== null &&
  c.last_seen_at !== undefined &&
  now - c.last_seen_at <= span;

const DEFAULT_RULES: readonly SegmentRule[] = [
  { name: 'All users', personType: 'user', matches: isUser },
  { name: 'All leads', personType: 'contact', matches: isLead },
];

const OPTIONAL_RULES: readonly SegmentRule[] = [
  {
    name: 'Active',
    personType: 'user',
    matches: (c, now) => isUser(c) && seenWithin(c, now, days(30)),
  },
  {
    name: 'New',
    personType: 'user',
    matches: (c, now) => isUser(c) && now - c.created_at <= days(30),
  },
  {
    name: 'Slipping away',
    personType: 'user',
    matches: (c, now) =>
      isUser(c) &&
      !seenWithin(c, now, days(30)) &&
      seenWithin(c, now, days(90)),
  },
  {
    name: 'Beta testers',
    personType: 'user',
    matches: (c) => isUser(c) && c.custom_attributes.beta_tester === true,
  },
  {
    name: 'Enterprise plan',
    personType: 'user',
    matches: (c) => isUser(c) && c.custom_attributes.plan === 'enterprise',
  },
  {
    name: 'Trial ending soon',
    personType: 'user',
    matches: (c, now) => {
      const ends = c.custom_attributes.trial_ends_at;
      return (
        isUser(c) &&
        typeof ends === 'number' &&
        ends > now &&
        ends - now <= days(14)
      );
    },
  },
  {
    name: 'Detractors',
    personType: 'user',
    matches: (c) => {
      const score = c.custom_attributes.nps_score;
      return isUser(c) && typeof score === 'number' && score <= 6;
    },
  },
  {
    name: 'Engaged leads',
    personType: 'contact',
    matches: (c, now) =>
      isLead(c) && c.email !== undefined && seenWithin(c, now, days(90)),
  },
];

export interface GeneratedSegments {
  /** Oldest first. */
  segments: SimulatedSegment[];
  segmentContactIds: Record<string, string[]>;
}

export function generateSegments(
  ctx: GenerationContext,
  app: SimulatedApp,
  contacts: readonly SimulatedContact[],
): GeneratedSegments {
  const random = ctx.random('segments');
  const rules = [
    ...DEFAULT_RULES,
    ...random.sample(OPTIONAL_RULES, random.int(2, 6)),
  ];

  // The defaults came with the workspace; the others were added since.
  const segments: SimulatedSegment[] = [];
  const segmentContactIds: Record<string, string[]> = {};
  rules.forEach((rule, i) => {
    const id = random.hex(24);
    const createdAt =
      i < DEFAULT_RULES.length
        ? app.created_at
        : app.created_at + random.int(10, 600) * DAY_SECONDS;
    segments.push({
      type: 'segment',
      id,
      name: rule.name,
      created_at: createdAt,
      updated_at: Math.min(
        ctx.now,
        createdAt + random.int(0, 90) * DAY_SECONDS,
      ),
      person_type: rule.personType,
    });
    segmentContactIds[id] = contacts
      .filter((contact) => rule.matches(contact, ctx.now))
      .map((contact) => contact.id);
  });

  segments.sort(
    (a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1),
  );
  return { segments, segmentContactIds };
}
