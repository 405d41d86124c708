/**
 * The length of the JSON text each Intercom answer was parsed from, so
 * that the in-memory store can weigh an entry without serializing it
 * again. Weak: an answer nobody holds any more takes its length with it.
 */
const lengths = new WeakMap<object, number>();

/** Notes that `value` was parsed from `chars` characters of JSON. */
export function noteJsonLength(value: unknown, chars: number): void {
  if (typeof value === 'object' && value !== null) lengths.set(value, chars);
}

/** The length noted for `value`, or that of its JSON now. */
export function jsonLengthOf(value: unknown): number {
  if (typeof value === 'object' && value !== null) {
    const noted = lengths.get(value);
    if (noted !== undefined) return noted;
  }
  const json = JSON.stringify(value) as string | undefined;
  return json?.length ?? 0;
}
