import pLimit, { type LimitFunction } from 'p-limit';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SharedRedis } from '../cache/redis.js';
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
  /**
   * Where replicas share the budget: the gateway's Redis client, and the
   * connection's key there (its id and token fingerprint, never the
   * token). Without it the budget is this process's alone.
   */
  shared?: { redis: SharedRedis; key: string } | undefined;
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

/** Prefix of the budgets' counters in Redis, beside the cache's `igw::`. */
const REDIS_PREFIX = 'igw:budget';

/**
 * One connection's share of Intercom's rate limit, for every query that
 * uses the connection in this process, or in every replica when the
 * budget is shared through Redis. Calls take a unit of budget from a
 * rate-limiter-flexible counter keyed by Intercom's current window, so a
 * burst of concurrent queries waits for the next window instead of
 * earning 429s; what Intercom's headers report (other apps spend the same
 * workspace budget) lowers what is left.
 *
 * Shared, the counter is in Redis (`RateLimiterRedis`), and windows end
 * at multiples of the window length of Unix time, as Intercom's do, so
 * replicas count into the same key. While Redis is unreachable each
 * replica counts into its own insurance counter (`RateLimiterMemory`)
 * with the whole budget, and goes back to Redis once it answers.
 */
export class IntercomBudget {
  readonly #options: BudgetOptions;
  readonly #slots: LimitFunction;
  #points: number;
  #limiter: RateLimiterMemory | RateLimiterRedis;
  #learned = false;
  /** Epoch ms when the current window ends; Intercom's, once it says. */
  #windowEnd: number;

  constructor(options: BudgetOptions) {
    this.#options = options;
    this.#points = options.requestsPerWindow;
    // Until Intercom says, windows end at multiples of their length, as
    // Intercom's do: every replica names the same window alike.
    const length = options.windowSeconds * 1000;
    this.#windowEnd = Math.ceil(Date.now() / length) * length;
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
          // The last unit waits half of what is left of the window, not
          // all of it: a call sent at the very end would reach Intercom
          // in the next window, beyond that window's budget.
          const spacing = windowEndsIn / (taken.remainingPoints + 2);
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

  #makeLimiter(): RateLimiterMemory | RateLimiterRedis {
    const local = new RateLimiterMemory({
      points: this.#points,
      duration: this.#options.windowSeconds,
    });
    const { shared } = this.#options;
    if (!shared) return local;
    return new RateLimiterRedis({
      storeClient: shared.redis,
      useRedisPackage: true,
      // With the client's offline queue off, a command while Redis is
      // away fails at once; this skips even that, and either way the
      // insurance counter answers.
      rejectIfRedisNotReady: true,
      keyPrefix: `${REDIS_PREFIX}:${shared.key}`,
      points: this.#points,
      duration: this.#options.windowSeconds,
      insuranceLimiter: local,
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
