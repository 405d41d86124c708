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

/** Least time between two tries of a store that failed, while it is down. */
const PROBE_INTERVAL_MS = 2_000;

/**
 * The key a probe reads. Every entry's key starts with a connection's
 * scope (`2.16:…`), so this one never names an entry.
 */
const PROBE_KEY = 'probe';

export interface ResponseCacheOptions {
  /**
   * A local store (the bounded in-memory LRU) to answer from while the
   * main store, Redis, fails: from its first failure, reads and writes go
   * here, and a probe tries the main store again every few seconds; once
   * it answers, the cache goes back to it and this one is emptied.
   * Without it, a failing store is skipped: reads go to Intercom.
   */
  fallback?: CacheKeyv | undefined;
  /** Least time between probes of the failed main store; 2 s by default. */
  probeIntervalMs?: number | undefined;
}

/**
 * Read-through cache for Intercom answers. Three rules hold:
 * only successful loads are stored (an error or a 429 is never cached);
 * concurrent reads of one key share one load; and a failing store never
 * fails a read: with a fallback, the cache answers from it until the
 * store is back (one warning when it fails, one line when it is back);
 * without one, the load runs as if the entry were missing, and the
 * failure is logged as a warning.
 */
export class ResponseCache {
  readonly #keyv: CacheKeyv;
  readonly #fallback: CacheKeyv | undefined;
  readonly #probeIntervalMs: number;
  readonly #logger: Logger;
  /** True from the main store's failure until a probe finds it back. */
  #onFallback = false;
  #probeTimer: NodeJS.Timeout | undefined;
  #probing = false;
  /**
   * Scopes dropped while the main store was down: dropped from it too
   * before the cache goes back to it, so a removed connection's entries
   * cannot come back from Redis.
   */
  readonly #pendingDrops = new Set<string>();
  readonly #inFlight = new Map<string, Promise<CacheOutcome<unknown>>>();
  /**
   * Scopes dropped while loads were in flight, each with the drop's turn:
   * a load that started before the drop must not write its answer back
   * afterwards. Forgotten whenever nothing is in flight.
   */
  readonly #drops: { prefix: string; turn: number }[] = [];
  #turn = 0;
  #lastWarningAt = -Infinity;

  constructor(
    keyv: CacheKeyv,
    logger: Logger,
    options: ResponseCacheOptions = {},
  ) {
    this.#keyv = keyv;
    this.#fallback = options.fallback;
    this.#probeIntervalMs = options.probeIntervalMs ?? PROBE_INTERVAL_MS;
    this.#logger = logger;
    // Keyv emits store errors as events as well as throwing them; without
    // a listener an emitted error would crash the process. The thrown
    // errors are the ones reported; the events also carry every failed
    // reconnection attempt, which would be one warning per attempt.
    for (const store of this.#stores()) {
      store.on('error', () => undefined);
    }
  }

  /** True while answers are kept in the local fallback, the store being down. */
  get onFallback(): boolean {
    return this.#onFallback;
  }

  /** Whether a local store takes over when the main one fails. */
  get hasFallback(): boolean {
    return this.#fallback !== undefined;
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
    // From both stores: the fallback may hold entries of an outage.
    let dropped = 0;
    for (const store of this.#stores()) {
      try {
        dropped += await deleteByPrefix(store, prefix);
      } catch (error: unknown) {
        if (store === this.#keyv && this.#fallback) {
          this.#pendingDrops.add(prefix);
          this.#failOver(error);
        } else {
          this.#warn(error);
        }
      }
    }
    return dropped;
  }

  /** Drops every entry, for tests and for removing a connection. */
  async clear(): Promise<void> {
    await this.#fallback?.clear();
    await this.#keyv.clear();
  }

  async close(): Promise<void> {
    clearInterval(this.#probeTimer);
    this.#probeTimer = undefined;
    for (const store of this.#stores()) await store.disconnect();
  }

  #stores(): CacheKeyv[] {
    return this.#fallback ? [this.#keyv, this.#fallback] : [this.#keyv];
  }

  /** Where reads and writes go now: the main store, or while it is down the fallback. */
  #current(): CacheKeyv {
    return this.#onFallback && this.#fallback ? this.#fallback : this.#keyv;
  }

  async #read<T>(key: string): Promise<T | undefined> {
    const store = this.#current();
    try {
      return await store.get<T>(key);
    } catch (error: unknown) {
      if (store === this.#keyv && this.#failOver(error)) return this.#read(key);
      this.#warn(error);
      return undefined;
    }
  }

  async #write(key: string, value: unknown, ttlSeconds: number) {
    const store = this.#current();
    try {
      await store.set(key, value, ttlSeconds * 1000);
    } catch (error: unknown) {
      if (store === this.#keyv && this.#failOver(error)) {
        await this.#write(key, value, ttlSeconds);
        return;
      }
      this.#warn(error);
    }
  }

  /**
   * Turns to the fallback after the main store failed, if there is one:
   * one warning for the outage, however many reads fail, and a probe of
   * the main store every few seconds until it answers.
   */
  #failOver(error: unknown): boolean {
    if (!this.#fallback) return false;
    if (this.#onFallback) return true;
    this.#onFallback = true;
    this.#logger.warn(
      { err: error },
      'cache store failed; caching in this process (a bounded in-memory cache) until it answers again (check the cache.url server)',
    );
    this.#probeTimer = setInterval(() => {
      void this.#probe();
    }, this.#probeIntervalMs);
    this.#probeTimer.unref();
    return true;
  }

  /** Tries the main store once; goes back to it if it answers. */
  async #probe(): Promise<void> {
    if (this.#probing || !this.#onFallback) return;
    this.#probing = true;
    try {
      await this.#keyv.get(PROBE_KEY);
      for (const prefix of this.#pendingDrops) {
        await deleteByPrefix(this.#keyv, prefix);
        this.#pendingDrops.delete(prefix);
      }
    } catch {
      return;
    } finally {
      this.#probing = false;
    }
    clearInterval(this.#probeTimer);
    this.#probeTimer = undefined;
    this.#onFallback = false;
    // What the fallback kept is no longer read; a later outage starts
    // afresh rather than from answers of this one.
    await this.#fallback?.clear();
    this.#logger.info(
      'cache store answers again; caching there again, as every replica does',
    );
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
