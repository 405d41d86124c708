/**
 * A gateway as operators run it, in a process of its own (`node
 * dist/main.js` with a YAML configuration), so that the benchmark's own
 * work and the simulator's do not count as the gateway's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import type { Simulator } from '../src/simulator/index.js';
import type { BenchRequest } from './queries.js';

/** How the gateway under test reads Intercom. */
export type GatewayMode =
  /** As configured by default: batching and the response cache. */
  | 'cached'
  /** Batching, but every answer read from Intercom again: cold runs. */
  | 'uncached'
  /** Neither: one call per row, as plain REST-per-field resolvers do. */
  | 'naive';

export const BENCH_KEY = 'bench-client-key-000000000000000';

export interface GatewayProcess {
  url: string;
  /** CPU time the process has used so far, user and system, in ms. */
  cpuMs: () => Promise<number>;
  send: (request: BenchRequest) => Promise<unknown>;
  /** The request body the load tool sends for `request`. */
  body: (request: BenchRequest) => string;
  headers: Record<string, string>;
  stop: () => Promise<void>;
}

/** Enough for the naive mode's one call per row, which the bench wants. */
const CALLS_PER_QUERY = 100_000;
const REQUESTS_PER_WINDOW = 100_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function configFor(simulator: Simulator, mode: GatewayMode, port: number) {
  const { us, eu, au } = simulator.regions;
  const lines = [
    `listen: { host: 127.0.0.1, port: ${port} }`,
    'logLevel: warn',
    `regions: { us: "${us.url}", eu: "${eu.url}", au: "${au.url}" }`,
    'connections:',
    '  - { id: acme-us, region: us, token: "${US_TOKEN}" }',
    '  - { id: acme-eu, region: eu, token: "${EU_TOKEN}" }',
    '  - { id: acme-au, region: au, token: "${AU_TOKEN}" }',
    // The rate budget is raised so that figures show the work a query
    // does, not how long Intercom's limit makes the naive mode wait.
    `intercom: { requestsPerWindow: ${REQUESTS_PER_WINDOW} }`,
    'clients:',
    '  - name: bench',
    '    key: ${BENCH_KEY}',
    '    connections: ["*"]',
    '    pii: reveal',
    `    maxCallsPerQuery: ${CALLS_PER_QUERY}`,
  ];
  if (mode === 'uncached') {
    lines.push(
      'cache: { ttlSeconds: { workspace: 0, directory: 0, records: 0 } }',
    );
  }
  if (mode === 'naive') lines.push('naive: true');
  return `${lines.join('\n')}\n`;
}

export async function startGatewayProcess(
  simulator: Simulator,
  mode: GatewayMode,
  options: { profileDir?: string | undefined } = {},
): Promise<GatewayProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-bench-'));
  const port = await freePort();
  const path = join(dir, 'config.yaml');
  await writeFile(path, configFor(simulator, mode, port));

  const { us, eu, au } = simulator.regions;
  const flags = options.profileDir
    ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir]
    : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...flags, 'dist/main.js'],
    {
      env: {
        ...process.env,
        GATEWAY_CONFIG: path,
        US_TOKEN: us.token,
        EU_TOKEN: eu.token,
        AU_TOKEN: au.token,
        BENCH_KEY,
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });

  const url = `http://127.0.0.1:${port}`;
  const agent = new Agent({ connections: 16, keepAliveTimeout: 30_000 });
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${BENCH_KEY}`,
  };
  const body = (req: BenchRequest) =>
    JSON.stringify({ query: req.query, variables: req.variables });

  const send = async (req: BenchRequest): Promise<unknown> => {
    const answer = await request(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: body(req),
      dispatcher: agent,
    });
    const json = (await answer.body.json()) as {
      data?: unknown;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    if (json.errors?.length) {
      const [first] = json.errors;
      throw new Error(
        `the ${mode} gateway answered ${first?.extensions?.code ?? 'an error'}: ${first?.message ?? ''}`,
      );
    }
    return json.data;
  };

  // Ready once it answers; start-up checks each connection first.
  const startedAt = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the ${mode} gateway exited at start:\n${stderr}`);
    }
    try {
      await send({ query: '{ connections { id } }', variables: {} });
      break;
    } catch (error: unknown) {
      if (Date.now() - startedAt > 30_000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    url,
    cpuMs: () => cpuMsOf(child.pid),
    send,
    body,
    headers,
    async stop() {
      await agent.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Clock ticks a second, as /proc counts them on Linux (USER_HZ). */
const TICKS_PER_SECOND = 100;

/**
 * The user and system CPU time of a process from /proc/<pid>/stat: unlike
 * latency, it does not count time the machine gave to others.
 */
async function cpuMsOf(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / TICKS_PER_SECOND) * 1000;
}
