/**
 * `npm run bench`: the gateway's figures beside the same queries run in
 * its naive mode. It starts the Intercom simulator with a latency per
 * call, runs each named query (bench/queries.ts) through gateway
 * processes built from this checkout, and prints the tables it writes to
 * BENCHMARKS.md.
 *
 * Options: --latency <ms> (default 20), --runs <n> sequential runs per
 * query and mode (default 30), --concurrency <n> and --duration <s> of
 * the load tool (default 10 and 5), --out <file> (default BENCHMARKS.md),
 * --profile <dir> to write a CPU profile of the gateway at zero latency.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, platform, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  busyMs,
  roundTrips,
  startSimulator,
  type SimulatedWorkspace,
  type Simulator,
} from '../src/simulator/index.js';
import {
  startGatewayProcess,
  type GatewayMode,
  type GatewayProcess,
} from './gateway-process.js';
import { measureCacheMemory } from './memory.js';
import {
  BENCH_QUERIES,
  type BenchQuery,
  type BenchRequest,
} from './queries.js';

const CONNECTION = 'acme-eu';

/** Unmeasured runs before each measured series. */
const WARM_UP_RUNS = 5;

/**
 * More of them before the gateway's own time is measured: V8 compiles a
 * hot function's optimized code only after it has run many times, and
 * until then compiling is part of what a run costs.
 */
const ZERO_LATENCY_WARM_UP = 200;

const { values: args } = parseArgs({
  options: {
    latency: { type: 'string', default: '20' },
    runs: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '10' },
    duration: { type: 'string', default: '5' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    profile: { type: 'string' },
  },
});

function positive(name: string, text: string, min = 0): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(
      `--${name} must be an integer of at least ${min}; got ${text}`,
    );
  }
  return value;
}

const latencyMs = positive('latency', args.latency, 0);
const runs = positive('runs', args.runs, 1);
const concurrency = positive('concurrency', args.concurrency, 1);
const durationSeconds = positive('duration', args.duration, 1);

function progress(line: string) {
  process.stderr.write(`${line}\n`);
}

/** The value below which `share` of the sorted samples fall. */
function percentile(samples: readonly number[], share: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(
    sorted.length - 1,
    Math.ceil(share * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)] ?? NaN;
}

/** What sequential runs of one query on one gateway measured. */
interface Runs {
  /** Upstream calls of the first run, and whether every run made as many. */
  calls: number;
  steady: boolean;
  roundTrips: number;
  p50: number;
  p95: number;
  /** Time not spent waiting for an upstream answer, per run. */
  overheadP50: number;
  overheadP95: number;
  /**
   * CPU time of the gateway process per run: unlike latency, it does not
   * count time a shared machine gave to others.
   */
  cpuMs: number;
}

async function sequential(
  simulator: Simulator,
  gateway: GatewayProcess,
  bench: BenchQuery,
  count: number,
  warmUp = WARM_UP_RUNS,
): Promise<Runs> {
  const data = simulator.regions.eu.workspace;
  const latencies: number[] = [];
  const overheads: number[] = [];
  const callCounts: number[] = [];
  let trips = 0;
  // A new process compiles as it goes: runs before the measured ones let
  // the figures show the steady state an operator's gateway is in.
  for (let i = 0; i < warmUp; i += 1) {
    await bench.run(gateway.send, CONNECTION, data);
  }
  const cpuBefore = await gateway.cpuMs();
  for (let i = 0; i < count; i += 1) {
    simulator.resetCalls();
    const startedAt = performance.now();
    await bench.run(gateway.send, CONNECTION, data);
    const elapsed = performance.now() - startedAt;
    const calls = simulator.calls();
    latencies.push(elapsed);
    overheads.push(elapsed - busyMs(calls));
    callCounts.push(calls.length);
    if (i === 0) trips = roundTrips(calls);
  }
  const cpuMs = ((await gateway.cpuMs()) - cpuBefore) / count;
  return {
    cpuMs,
    calls: callCounts[0] ?? 0,
    steady: callCounts.every((n) => n === callCounts[0]),
    roundTrips: trips,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    overheadP50: percentile(overheads, 0.5),
    overheadP95: percentile(overheads, 0.95),
  };
}

/** Requests per second at a fixed concurrency, from autocannon. */
async function throughput(
  gateway: GatewayProcess,
  requests: readonly BenchRequest[],
): Promise<{ perSecond: number; errors: number }> {
  const result = await autocannon({
    url: `${gateway.url}/graphql`,
    connections: concurrency,
    duration: durationSeconds,
    method: 'POST',
    headers: gateway.headers,
    requests: requests.map((request) => ({
      method: 'POST',
      body: gateway.body(request),
    })),
  });
  return {
    perSecond: result.requests.total / result.duration,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** The requests a run of a query sends, for the load tool to replay. */
async function requestsOf(
  gateway: GatewayProcess,
  bench: BenchQuery,
  simulator: Simulator,
): Promise<BenchRequest[]> {
  const sent: BenchRequest[] = [];
  await bench.run(
    async (request) => {
      sent.push(request);
      return gateway.send(request);
    },
    CONNECTION,
    simulator.regions.eu.workspace,
  );
  return sent;
}

interface QueryFigures {
  cold: Runs;
  warm: Runs;
  naive: Runs;
  warmThroughput: { perSecond: number; errors: number };
  naiveThroughput: { perSecond: number; errors: number };
  zero: { cold: Runs; warm: Runs } | undefined;
}

/** Runs `work` for every query on one gateway process of `mode`. */
async function eachQuery(
  simulator: Simulator,
  mode: GatewayMode,
  label: string,
  work: (gateway: GatewayProcess, bench: BenchQuery) => Promise<void>,
  options: { profileDir?: string | undefined } = {},
): Promise<void> {
  const gateway = await startGatewayProcess(simulator, mode, options);
  try {
    for (const [i, bench] of BENCH_QUERIES.entries()) {
      progress(
        `[${mode} ${i + 1}/${BENCH_QUERIES.length}] ${bench.name} ${label}`,
      );
      simulator.resetCalls();
      await work(gateway, bench);
    }
  } finally {
    await gateway.stop();
  }
}

async function measure(): Promise<{
  figures: Map<string, QueryFigures>;
  data: SimulatedWorkspace;
}> {
  const figures = new Map<string, Partial<QueryFigures>>();
  const entry = (name: string) => {
    let found = figures.get(name);
    if (!found) {
      found = {};
      figures.set(name, found);
    }
    return found;
  };

  const simulator = await startSimulator({
    latencyMs,
    rateLimitPerWindow: 1_000_000,
  });
  const data = simulator.regions.eu.workspace;
  const load = `then ${concurrency} at once for ${durationSeconds} s`;
  try {
    progress(
      `upstream latency ${latencyMs} ms; ${runs} runs per query and mode`,
    );
    await eachQuery(simulator, 'uncached', 'cold', async (gateway, bench) => {
      entry(bench.name).cold = await sequential(
        simulator,
        gateway,
        bench,
        runs,
      );
    });
    await eachQuery(
      simulator,
      'cached',
      `warm, ${load}`,
      async (gateway, bench) => {
        const requests = await requestsOf(gateway, bench, simulator);
        const found = entry(bench.name);
        found.warm = await sequential(simulator, gateway, bench, runs);
        found.warmThroughput = await throughput(gateway, requests);
      },
    );
    await eachQuery(
      simulator,
      'naive',
      `naive, ${load}`,
      async (gateway, bench) => {
        const requests = await requestsOf(gateway, bench, simulator);
        const found = entry(bench.name);
        found.naive = await sequential(simulator, gateway, bench, runs);
        found.naiveThroughput = await throughput(gateway, requests);
      },
    );
  } finally {
    await simulator.close();
  }

  // The gateway's own cost: the same runs with answers at once, longer
  // warmed up and more of them, as each is short.
  const instant = await startSimulator({
    latencyMs: 0,
    rateLimitPerWindow: 1_000_000,
  });
  const zeroRuns = (gateway: GatewayProcess, bench: BenchQuery) =>
    sequential(instant, gateway, bench, runs * 10, ZERO_LATENCY_WARM_UP);
  try {
    const zeroCold = new Map<string, Runs>();
    await eachQuery(
      instant,
      'uncached',
      'cold at 0 ms upstream latency',
      async (gateway, bench) => {
        zeroCold.set(bench.name, await zeroRuns(gateway, bench));
      },
      { profileDir: args.profile },
    );
    await eachQuery(
      instant,
      'cached',
      'warm at 0 ms upstream latency',
      async (gateway, bench) => {
        const cold = zeroCold.get(bench.name);
        const warm = await zeroRuns(gateway, bench);
        if (cold) entry(bench.name).zero = { cold, warm };
      },
    );
  } finally {
    await instant.close();
  }

  const complete = new Map<string, QueryFigures>();
  for (const [name, found] of figures) {
    const { cold, warm, naive, warmThroughput, naiveThroughput, zero } = found;
    if (!cold || !warm || !naive || !warmThroughput || !naiveThroughput) {
      throw new Error(`${name} was not measured in every mode`);
    }
    complete.set(name, {
      cold,
      warm,
      naive,
      warmThroughput,
      naiveThroughput,
      zero,
    });
  }
  return { figures: complete, data };
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);
const rate = (value: number) => value.toFixed(value < 10 ? 1 : 0);
const ratio = (naive: number, ours: number) =>
  ours === 0 ? (naive === 0 ? '1×' : '∞') : `${(naive / ours).toFixed(1)}×`;

function floorOf(bench: BenchQuery, data: SimulatedWorkspace): string {
  const { calls, roundTrips: trips } = bench.floor(data);
  const plural = (n: number, word: string) =>
    `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(calls, 'call')}, ${plural(trips, 'round trip')}: ${bench.why}`;
}

function tables(
  figures: Map<string, QueryFigures>,
  data: SimulatedWorkspace,
  memory: Awaited<ReturnType<typeof measureCacheMemory>>,
): string {
  const rows = (make: (bench: BenchQuery, f: QueryFigures) => string[]) =>
    BENCH_QUERIES.map((bench) => {
      const f = figures.get(bench.name);
      return f ? `| ${make(bench, f).join(' | ')} |` : '';
    }).join('\n');
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

  return [
    `### Upstream calls and sequential round trips`,
    '',
    'Cold is an empty cache; warm is the same run again within the time to live. Naive has no cache, so it is always cold. The ratio is naive ÷ gateway.',
    '',
    '| Query | Floor | Calls cold | Naive | Ratio | Calls warm | Round trips cold | Naive | Ratio |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    rows((bench, f) => [
      `${bench.name} ${bench.title}`,
      floorOf(bench, data),
      `${f.cold.calls}${f.cold.steady ? '' : '*'}`,
      `${f.naive.calls}`,
      ratio(f.naive.calls, f.cold.calls),
      `${f.warm.calls}`,
      `${f.cold.roundTrips}`,
      `${f.naive.roundTrips}`,
      ratio(f.naive.roundTrips, f.cold.roundTrips),
    ]),
    '',
    `### Latency at ${latencyMs} ms per upstream call (ms, ${runs} sequential runs)`,
    '',
    "Overhead is the time of a cold run not spent waiting for an upstream answer (the simulator's log gives when each call was being answered).",
    '',
    '| Query | p50 cold | Naive | Ratio | p95 cold | Naive | Ratio | Overhead p50 cold | Naive | p50 warm | p95 warm |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    rows((bench, f) => [
      bench.name,
      ms(f.cold.p50),
      ms(f.naive.p50),
      ratio(f.naive.p50, f.cold.p50),
      ms(f.cold.p95),
      ms(f.naive.p95),
      ratio(f.naive.p95, f.cold.p95),
      ms(f.cold.overheadP50),
      ms(f.naive.overheadP50),
      ms(f.warm.p50),
      ms(f.warm.p95),
    ]),
    '',
    `### Throughput at ${concurrency} concurrent requests (autocannon, ${durationSeconds} s each)`,
    '',
    "The gateway warm; naive, which has no cache, reads Intercom for every request. Q4 replays the walk's page requests in turn.",
    '',
    '| Query | Gateway req/s | Naive req/s | Ratio | Errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    rows((bench, f) => [
      bench.name,
      rate(f.warmThroughput.perSecond),
      rate(f.naiveThroughput.perSecond),
      ratio(f.warmThroughput.perSecond, f.naiveThroughput.perSecond),
      `${f.warmThroughput.errors + f.naiveThroughput.errors}`,
    ]),
    '',
    `### The gateway's own time, at 0 ms upstream latency (ms, ${runs * 10} sequential runs)`,
    '',
    "Cold overhead is a cold run's time not spent waiting for an upstream answer; warm, every answer comes from the cache, so the whole time is the gateway's (and the HTTP exchange with it). CPU per run is the gateway process's user and system time (/proc), GC threads included: the machine is shared, and latency also counts time it gave to others.",
    '',
    '| Query | Overhead p50 cold | Overhead p95 cold | CPU per run cold | p50 warm | p95 warm | CPU per run warm |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    rows((bench, f) =>
      f.zero
        ? [
            bench.name,
            ms(f.zero.cold.overheadP50),
            ms(f.zero.cold.overheadP95),
            ms(f.zero.cold.cpuMs),
            ms(f.zero.warm.p50),
            ms(f.zero.warm.p95),
            ms(f.zero.warm.cpuMs),
          ]
        : [bench.name, '–', '–', '–', '–', '–', '–'],
    ),
    '',
    '### Memory',
    '',
    `A gateway process wrote ${memory.entriesWritten.toLocaleString('en')} distinct Intercom answers (contacts, conversations and pages of them, from the simulator) into its in-memory cache with the default bounds, under a V8 heap limit of 256 MiB as in a small container. The control run reads the same answers and keeps none.`,
    '',
    '| RSS at start | Peak, control | Peak, cache filled | Added by the cache | `cache.maxBytes` | Entries kept |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${mb(memory.baselineRssBytes)} | ${mb(memory.controlPeakRssBytes)} | ${mb(memory.peakRssBytes)} | ${mb(memory.peakRssBytes - memory.controlPeakRssBytes)} | ${mb(memory.boundBytes)} | ${memory.entriesKept.toLocaleString('en')} |`,
    '',
  ].join('\n');
}

async function main() {
  const { figures, data } = await measure();

  progress('[memory] filling the cache with 100,000 distinct entries');
  const memory = await measureCacheMemory({ entries: 100_000 });

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const header = [
    '# Benchmarks',
    '',
    'Written by `npm run bench`; run it again to replace these figures.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GB, ${platform()} ${release()}`,
    `- Node ${process.version}`,
    `- Simulator: the EU workspace (seed 1), ${latencyMs} ms per call, rate limit raised so that no run waits for it`,
    '',
  ].join('\n');
  const report = `${header}\n${tables(figures, data, memory)}`;
  process.stdout.write(`\n${report}`);
  await writeFile(args.out, report);
  progress(`written to ${args.out}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
