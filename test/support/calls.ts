import type { SimulatorCall } from '../../src/simulator/index.js';

/**
 * How many upstream calls had to wait for one another: the longest chain
 * of calls where each started only after the one before it had ended.
 * Calls that overlap in time count as one round trip.
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

/** `GET /contacts/{id}` and the like, as `GET /contacts/:id`. */
export function endpoint(call: SimulatorCall): string {
  const path = call.path.replace(/\/[^/]*\d[^/]*$/, '/:id');
  return `${call.method} ${path}`;
}
