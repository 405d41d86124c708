import type { Logger } from 'pino';
import { deleteByPrefix, type CacheKeyv } from './store.js';

/** What a cached read reports besides its value. */
export interface CacheOutcome<T> {
  value: T;
  /** True when the value came from the cache, not from a load. */
  hit: boolean;
}

/** How often a broken store is reported, so an outage is not a log flood. */
const STORE_WARNING_INTERVAL_MS = 60_000;

/**
 * Read-through cache for Intercom answers. Three rules hold:
 * only successful loads are stored (an error or a 429 is never cached);
 * concurrent reads of one key share one load; and a failing store never
 * fails a read: the load runs as if the entry were missing, and the
 * failure is logged as a warning.
 */
export class ResponseCache {
  readonly #keyv: CacheKeyv;
  readonly #logger: Logger;
  readonly #inFlight = new Map<string, Promise<CacheOutcome<unknown>>>();
  /**
   * Scopes dropped while loads were in flight, each with the drop's turn:
   * a load that started before the drop must not write its answer back
   * afterwards. Forgotten whenever nothing is in flight.
   */
  readonly #drops: { prefix: string; turn: number }[] = [];
  #turn = 0;
  #lastWarningAt = -Infinity;

  constructor(keyv: CacheKeyv, logger: Logger) {
    this.#keyv = keyv;
    this.#logger = logger;
    // Keyv emits store errors as events as well as throwing them; without
    // a listener an emitted error would crash the process.
    keyv.on('error', (error: unknown) => {
      this.#warn(error);
    });
  }

  async getOrLoad<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
  ): Promise<CacheOutcome<T>> {
    if (ttlSeconds <= 0) return { value: await load(), hit: false };

    // Identical reads share one attempt, registered before its first
    // await, so reads arriving in the same tick cannot each start a load.
    const pending = this.#inFlight.get(key) as
      Promise<CacheOutcome<T>> | undefined;
    if (pending) return { value: (await pending).value, hit: true };

    const attempt = this.#readThrough(key, ttlSeconds, load);
    this.#inFlight.set(key, attempt);
    try {
      return await attempt;
    } finally {
      this.#inFlight.delete(key);
      if (this.#inFlight.size === 0) this.#drops.length = 0;
    }
  }

  async #readThrough<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
  ): Promise<CacheOutcome<T>> {
    const startedAt = this.#turn;
    const cached = await this.#read<T>(key);
    if (cached !== undefined) return { value: cached, hit: true };
    const value = deepFreeze(await load());
    const dropped = this.#drops.some(
      (drop) => drop.turn > startedAt && key.startsWith(drop.prefix),
    );
    if (!dropped) await this.#write(key, value, ttlSeconds);
    return { value, hit: false };
  }

  /**
   * Drops every entry of one connection: the keys that start with its
   * scope (`connectionScope`). Says how many entries went; a failing
   * store is reported like any other, as a warning, and counts none.
   */
  async dropScope(scope: string): Promise<number> {
    const prefix = `${scope}:`;
    this.#turn += 1;
    if (this.#inFlight.size > 0) {
      this.#drops.push({ prefix, turn: this.#turn });
    }
    try {
      return await deleteByPrefix(this.#keyv, prefix);
    } catch (error: unknown) {
      this.#warn(error);
      return 0;
    }
  }

  /** Drops every entry, for tests and for removing a connection. */
  async clear(): Promise<void> {
    await this.#keyv.clear();
  }

  async close(): Promise<void> {
    await this.#keyv.disconnect();
  }

  async #read<T>(key: string): Promise<T | undefined> {
    try {
      return await this.#keyv.get<T>(key);
    } catch (error: unknown) {
      this.#warn(error);
      return undefined;
    }
  }

  async #write(key: string, value: unknown, ttlSeconds: number) {
    try {
      await this.#keyv.set(key, value, ttlSeconds * 1000);
    } catch (error: unknown) {
      this.#warn(error);
    }
  }

  #warn(error: unknown) {
    const now = Date.now();
    if (now - this.#lastWarningAt < STORE_WARNING_INTERVAL_MS) return;
    this.#lastWarningAt = now;
    this.#logger.warn(
      { err: error },
      'cache store failed; answering from Intercom until it recovers (check the cache.url server)',
    );
  }
}

/**
 * Freezes an Intercom answer before it is shared: with the requests that
 * waited for the same load and, in memory, with every later reader.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
