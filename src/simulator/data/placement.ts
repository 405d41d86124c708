/**
 * Where the special records sit in a workspace's conversation list: which
 * conversations name deleted, not-yet-indexed and merged contacts, and
 * which one is the long thread. Tests elsewhere rely on these positions.
 */
import type { Random } from '../random.js';
import type { GenerationContext } from './context.js';

const DELETED_REFERENCES = 4;
const UNINDEXED_REFERENCES = 2;

/**
 * Which conversations (by list position) carry the deleted and the
 * not-yet-indexed contacts. The newest two hold the newcomers, since they
 * started after those contacts were created. Deleted contacts sit on the
 * first default page (20) in the US workspace and only past the 60th
 * conversation elsewhere, so tests can pick a workspace whose first pages
 * are whole or one where a contact is missing.
 */
export function specialConversations(
  random: Random,
  region: GenerationContext['region'],
  count: number,
) {
  const regular = count - UNINDEXED_REFERENCES;
  const range = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
  const late = range(Math.max(60, Math.floor(regular / 2)), regular);
  const positions =
    region === 'us'
      ? range(0, Math.min(20, regular))
      : late.length >= DELETED_REFERENCES
        ? late
        : range(0, regular);
  return {
    deleted: random.sample(positions, DELETED_REFERENCES),
    unindexed: range(regular, count),
  };
}

/**
 * Which conversations name a merged contact (one each) and which one is
 * the long thread. Merged contacts follow the deleted ones' placement
 * (first page in the US, past the 60th elsewhere) in conversations of
 * their own where there is room. Both draw from streams of their own, so
 * the other conversations keep the values they had before these existed.
 */
export function laterSpecials(
  ctx: GenerationContext,
  count: number,
  merged: number,
  taken: readonly number[],
) {
  const regular = count - UNINDEXED_REFERENCES;
  const busy = new Set(taken);
  const free = (from: number, to: number) =>
    Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i).filter(
      (i) => !busy.has(i),
    );
  const preferred =
    ctx.region === 'us'
      ? free(0, Math.min(20, regular))
      : free(Math.max(60, Math.floor(regular / 2)), regular);
  const positions =
    preferred.length >= merged
      ? preferred
      : Array.from({ length: regular }, (_, i) => i);
  const mergedAt = ctx.random('merged-references').sample(positions, merged);

  // The long thread: an older conversation, away from the special ones.
  for (const i of mergedAt) busy.add(i);
  const older = free(Math.floor(regular * 0.3), regular);
  return { merged: mergedAt, longThread: older[0] ?? 0 };
}
