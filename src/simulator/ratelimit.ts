/**
 * Intercom's rate limit: a budget of requests per token in fixed windows
 * aligned to multiples of the window length on the wall clock, so every
 * client sees the same window end (`X-RateLimit-Reset`). One limiter
 * serves one regional host, which makes budgets per token per region.
 */

export interface RateLimitConfig {
  /** Requests a token may make in one window. */
  perWindow: number;
  windowSeconds: number;
}

/** Where a token stands after one more request. */
export interface RateBudget {
  limit: number;
  /** Requests left in this window, never below 0. */
  remaining: number;
  /** Unix seconds at which the current window ends. */
  resetAt: number;
  /** True when this request went past the budget. */
  exceeded: boolean;
}

/** Windows kept before stale ones are dropped: one per token seen. */
const MAX_TRACKED = 10_000;

export class RateLimiter {
  readonly #config: RateLimitConfig;
  readonly #nowMs: () => number;
  readonly #windows = new Map<string, { start: number; used: number }>();

  constructor(config: RateLimitConfig, nowMs: () => number = Date.now) {
    this.#config = config;
    this.#nowMs = nowMs;
  }

  /** Counts one request against the token's budget. */
  take(token: string): RateBudget {
    const { perWindow, windowSeconds } = this.#config;
    const now = this.#nowMs() / 1000;
    const start = Math.floor(now / windowSeconds) * windowSeconds;

    let window = this.#windows.get(token);
    if (window?.start !== start) {
      if (this.#windows.size >= MAX_TRACKED) this.#forgetBefore(start);
      window = { start, used: 0 };
      this.#windows.set(token, window);
    }
    window.used++;
    return {
      limit: perWindow,
      remaining: Math.max(0, perWindow - window.used),
      resetAt: start + windowSeconds,
      exceeded: window.used > perWindow,
    };
  }

  /** Drops windows that have ended: their tokens start afresh anyway. */
  #forgetBefore(start: number): void {
    for (const [token, window] of this.#windows) {
      if (window.start < start) this.#windows.delete(token);
    }
  }
}

export function rateLimitHeaders(budget: RateBudget): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(budget.limit),
    'X-RateLimit-Remaining': String(budget.remaining),
    'X-RateLimit-Reset': String(budget.resetAt),
  };
}

/** The message of a 429, e.g. "... of 1666 requests per 10 seconds". */
export function rateLimitMessage(limit: number, windowSeconds: number) {
  const unit = windowSeconds === 1 ? 'second' : `${windowSeconds} seconds`;
  return `Exceeded rate limit of ${limit} requests per ${unit}`;
}
