/**
 * Seeded randomness for the simulator. Every generated value comes from a
 * `Random` built from a seed derived with `deriveSeed`, never from
 * `Math.random()` or the clock, so one seed always yields the same bytes.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items in random order (all of them if fewer). */
  sample<T>(items: readonly T[], count: number): T[];
  /** Lowercase hexadecimal digits. */
  hex(length: number): string;
}

/**
 * Hashes strings and numbers into a 32-bit seed (FNV-1a over their text).
 * Streams are derived by label ("us", "contacts", ...) rather than drawn
 * one after the other, so adding a field to one kind of record does not
 * shift the values of every other kind.
 */
export function deriveSeed(...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u001f')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A splitmix32 generator: tiny, fast and good enough for test data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;

  function next(): number {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / 0x1_0000_0000;
  }

  function int(min: number, max: number): number {
    return min + Math.floor(next() * (max - min + 1));
  }

  function pick<T>(items: readonly T[]): T {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) {
      throw new Error('Random.pick needs a non-empty list');
    }
    return item;
  }

  function sample<T>(items: readonly T[], count: number): T[] {
    // A partial Fisher-Yates shuffle over a copy.
    const pool = [...items];
    const size = Math.min(count, pool.length);
    for (let i = 0; i < size; i++) {
      const j = int(i, pool.length - 1);
      const swap = pool[i] as T;
      pool[i] = pool[j] as T;
      pool[j] = swap;
    }
    return pool.slice(0, size);
  }

  function hex(length: number): string {
    let out = '';
    while (out.length < length) {
      out += Math.floor(next() * 16).toString(16);
    }
    return out;
  }

  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    sample,
    hex,
  };
}
