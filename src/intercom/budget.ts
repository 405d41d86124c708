import pLimit, { type LimitFunction } from 'p-limit';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode } from '../errors.js';
import { IntercomError } from './errors.js';

export interface BudgetOptions {
  connectionId: string;
  /**
   * Calls per window to allow until Intercom's own headers say otherwise;
   * the lower of the two holds.
   */
  requestsPerWindow: number;
  /** Intercom counts calls in fixed windows of this many seconds. */
  windowSeconds: number;
  /** Calls to one workspace in flight at once. */
  maxConcurrency: number;
}

/** What Intercom's `X-RateLimit-*` headers said on one answer. */
export interface RateLimitHeaders {
  limit: number;
  remaining: number;
  /** Unix seconds when the window ends. */
  resetAt: number;
}

/**
 * Where a connection's budget stands in this process, for callers to pace
 * themselves: what is left of the current window and when it refills.
 */
export interface BudgetSnapshot {
  /** Calls left in the current window, as far as this process knows. */
  remaining: number;
  /** Calls per window: the configured number or Intercom's, the lower. */
  limit: number;
  /** When the current window ends and the budget refills, ISO-8601. */
  resetAt: string;
}

/**
 * Below this share of the window's calls left, calls are spaced out over
 * the rest of the window instead of spending it in one burst.
 */
const RESERVE_SHARE = 0.1;

/**
 * One connection's share of Intercom's rate limit, for every query that
 * uses the connection in this process. Calls take a unit of budget from a
 * rate-limiter-flexible counter keyed by Intercom's current window, so a
 * burst of concurrent queries waits for the next window instead of
 * earning 429s; what Intercom's headers report (other apps spend the same
 * workspace budget) lowers what is left.
 */
export class IntercomBudget {
  readonly #options: BudgetOptions;
  readonly #slots: LimitFunction;
  #points: number;
  #limiter: RateLimiterMemory;
  #learned = false;
  /** Epoch ms when the current window ends; Intercom's, once it says. */
  #windowEnd = Date.now();

  constructor(options: BudgetOptions) {
    this.#options = options;
    this.#points = options.requestsPerWindow;
    this.#limiter = this.#makeLimiter();
    // Until the first answer, which shows Intercom's real limit, one call
    // at a time: a cold burst must not spend a budget nobody has measured.
    this.#slots = pLimit(1);
  }

  /** Runs `call` once a slot and a unit of budget are free, by `deadline`. */
  run<T>(deadline: number, call: () => Promise<T>): Promise<T> {
    return this.#slots(async () => {
      await this.#take(deadline);
      return call();
    });
  }

  /**
   * Brings the budget in line with an answer from Intercom: its headers,
   * if it sent them (Intercom leaves them out now and then).
   */
  observe(headers: RateLimitHeaders | undefined): void {
    if (!this.#learned) {
      this.#learned = true;
      this.#slots.concurrency = this.#options.maxConcurrency;
    }
    if (!headers) return;
    if (headers.limit > 0 && headers.limit < this.#points) {
      this.#points = headers.limit;
      this.#limiter = this.#makeLimiter();
    }
    // Intercom's reset marks the end of its window: windows follow it,
    // whatever this process's clock would have made of them.
    const windowEnd = headers.resetAt * 1000;
    if (windowEnd <= Date.now()) return;
    this.#windowEnd = windowEnd;
    const key = String(windowEnd);
    const spent = this.#points - headers.remaining;
    void this.#limiter.get(key).then((current) => {
      const counted = current?.consumedPoints ?? 0;
      if (spent <= counted) return undefined;
      return this.#limiter.penalty(key, spent - counted);
    });
  }

  /**
   * What is left of the current window. It only reads: no budget is
   * taken and the window is not moved on. Calls other apps make on the
   * workspace show here once an answer's headers have reported them.
   */
  async snapshot(): Promise<BudgetSnapshot> {
    const windowEnd = this.#windowEndAt(Date.now());
    const counted = await this.#limiter.get(String(windowEnd));
    const spent = counted?.consumedPoints ?? 0;
    return {
      remaining: Math.max(0, this.#points - spent),
      limit: this.#points,
      resetAt: new Date(windowEnd).toISOString(),
    };
  }

  async #take(deadline: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      const windowEnd = this.#currentWindowEnd(now);
      const windowEndsIn = windowEnd - now;
      try {
        const taken = await this.#limiter.consume(String(windowEnd));
        const reserve = Math.ceil(this.#points * RESERVE_SHARE);
        if (taken.remainingPoints < reserve) {
          const spacing = windowEndsIn / (taken.remainingPoints + 1);
          await sleep(Math.min(spacing, Math.max(0, deadline - Date.now())));
        }
        return;
      } catch (refusal: unknown) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        if (windowEnd > deadline) {
          throw budgetSpent(this.#options.connectionId, windowEndsIn);
        }
        await sleep(windowEndsIn);
      }
    }
  }

  /** The end of the window `now` falls in, rolling on from the last known. */
  #currentWindowEnd(now: number): number {
    this.#windowEnd = this.#windowEndAt(now);
    return this.#windowEnd;
  }

  /** The end of the window `now` falls in, without moving the last known. */
  #windowEndAt(now: number): number {
    if (this.#windowEnd > now) return this.#windowEnd;
    const length = this.#options.windowSeconds * 1000;
    const behind = Math.floor((now - this.#windowEnd) / length) + 1;
    return this.#windowEnd + behind * length;
  }

  #makeLimiter(): RateLimiterMemory {
    return new RateLimiterMemory({
      points: this.#points,
      duration: this.#options.windowSeconds,
    });
  }
}

function budgetSpent(connectionId: string, waitMs: number): IntercomError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new IntercomError(
    `Intercom's rate limit for connection '${connectionId}' is spent until its window resets in ${retryAfterSeconds} s, after this request's deadline`,
    { code: ErrorCode.RATE_LIMITED, connectionId, retryAfterSeconds },
  );
}
