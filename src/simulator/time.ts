/**
 * Time in the simulator: a fixed "now" per seed, and calendar days in a
 * workspace's timezone (contact search matches timestamps by day).
 */
import { deriveSeed } from './random.js';

export const DAY_SECONDS = 86_400;

// 2025-09-01T12:00:00Z. The reference "now" is this plus a seed-derived
// number of days, so data never moves with the wall clock, yet two seeds
// do not share a calendar.
const REFERENCE_BASE = 1_756_728_000;

/** The Unix second the generated data treats as "now" for this seed. */
export function referenceTimeFor(seed: number): number {
  const days = deriveSeed(seed, 'reference-day') % 180;
  const seconds = deriveSeed(seed, 'reference-second') % 3_600;
  return REFERENCE_BASE + days * DAY_SECONDS + seconds;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(unixSeconds: number, timeZone: string): WallClock {
  const clock: WallClock = {
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
  };
  const parts = formatterFor(timeZone).formatToParts(unixSeconds * 1000);
  for (const part of parts) {
    if (part.type in clock) {
      clock[part.type as keyof WallClock] = Number(part.value);
    }
  }
  return clock;
}

/** Seconds the zone is ahead of UTC at that instant. */
function offsetAt(unixSeconds: number, timeZone: string): number {
  const c = wallClock(unixSeconds, timeZone);
  const asUtc =
    Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) / 1000;
  return asUtc - unixSeconds;
}

/**
 * The instant of local midnight opening the given calendar date (month is
 * 1-based; an overflowing day rolls into the next month). The offset is
 * read twice because the first guess can sit on the other side of a
 * daylight-saving change; the zones used here never change at midnight.
 */
function localMidnight(
  year: number,
  month: number,
  day: number,
  timeZone: string,
): number {
  const asUtc = Date.UTC(year, month - 1, day) / 1000;
  const first = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(first, timeZone);
}

/** Start of the local calendar day containing `unixSeconds`. */
export function startOfDay(unixSeconds: number, timeZone: string): number {
  const c = wallClock(unixSeconds, timeZone);
  return localMidnight(c.year, c.month, c.day, timeZone);
}

/** Start of the local calendar day after the one containing `unixSeconds`. */
export function startOfNextDay(unixSeconds: number, timeZone: string): number {
  const c = wallClock(unixSeconds, timeZone);
  return localMidnight(c.year, c.month, c.day + 1, timeZone);
}
