/** The log of every request the simulator answered, across regions. */
import type { Region } from '../intercom/regions.js';

export interface SimulatorCall {
  region: Region;
  method: string;
  /** The path without its query string. */
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
  /** The Bearer token as sent: simulator tokens are fake, tests check them. */
  token: string | null;
  intercomVersion: string | null;
  accept: string | null;
  /** The status sent; 0 for an injected `hang`, which sends none. */
  status: number;
  /**
   * `X-RateLimit-Reset` of the window the request was counted in (Unix
   * seconds); null for an injected `hang`, which counts in none.
   */
  rateLimitReset: number | null;
  /** `performance.now()` when the request arrived and was answered. */
  startedAtMs: number;
  endedAtMs: number;
}

export class CallLog {
  #calls: { seq: number; call: SimulatorCall }[] = [];
  #nextSeq = 0;
  #resetAt = 0;

  /** Numbers a request on arrival; calls are listed in this order. */
  arrive(): number {
    return this.#nextSeq++;
  }

  /**
   * Adds an answered call at its arrival position. A request that arrived
   * before the last reset but finished after it is not kept, so a test
   * that resets sees only its own requests.
   */
  record(seq: number, call: SimulatorCall): void {
    if (seq < this.#resetAt) return;
    let i = this.#calls.length;
    while (i > 0 && (this.#calls[i - 1]?.seq ?? -1) > seq) i--;
    this.#calls.splice(i, 0, { seq, call });
  }

  list(): readonly SimulatorCall[] {
    return this.#calls.map((entry) => entry.call);
  }

  reset(): void {
    this.#calls = [];
    this.#resetAt = this.#nextSeq;
  }
}

/**
 * How many calls had to wait for one another: the longest chain of calls
 * where each arrived only after the one before it was answered. Calls that
 * overlap in time count as one round trip.
 */
export function roundTrips(calls: readonly SimulatorCall[]): number {
  const sorted = [...calls].sort((a, b) => a.startedAtMs - b.startedAtMs);
  const depth: number[] = [];
  sorted.forEach((call, index) => {
    let before = 0;
    for (let j = 0; j < index; j += 1) {
      const earlier = sorted[j];
      if (earlier && earlier.endedAtMs <= call.startedAtMs) {
        before = Math.max(before, depth[j] ?? 0);
      }
    }
    depth.push(before + 1);
  });
  return Math.max(0, ...depth);
}

/**
 * Milliseconds during which at least one call was being answered: the
 * time a client of these calls spent waiting for the simulator, however
 * they overlapped.
 */
export function busyMs(calls: readonly SimulatorCall[]): number {
  const sorted = [...calls].sort((a, b) => a.startedAtMs - b.startedAtMs);
  let total = 0;
  let openUntil = -Infinity;
  for (const { startedAtMs, endedAtMs } of sorted) {
    if (startedAtMs >= openUntil) {
      total += endedAtMs - startedAtMs;
      openUntil = endedAtMs;
    } else if (endedAtMs > openUntil) {
      total += endedAtMs - openUntil;
      openUntil = endedAtMs;
    }
  }
  return total;
}

/** `GET /contacts/{id}` and the like, as `GET /contacts/:id`. */
export function endpoint(call: SimulatorCall): string {
  const path = call.path.replace(/\/[^/]*\d[^/]*$/, '/:id');
  return `${call.method} ${path}`;
}
