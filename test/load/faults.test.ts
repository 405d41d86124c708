import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REGIONS, type Region } from '../../src/intercom/regions.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { startRedis, type RedisServer } from '../support/redis.js';

/**
 * The fault and load suite: two gateway replicas as child processes
 * (`node --import tsx src/main.ts`), sharing one private Redis, in front
 * of the simulator's three regions, under a load of mixed queries while
 * the simulator answers with 429s, 5xx, slow and malformed answers, Redis
 * is stopped and started again, and one replica gets SIGTERM with
 * requests in flight. It counts, it does not time: every request gets an
 * HTTP answer with JSON, errors only of the codes the faults explain, no
 * crash, no row of another connection, no token or key anywhere, and the
 * paginated walks see every contact exactly once.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Variables of the test's own environment that would change the child. */
const OVERRIDES = new Set(['NODE_ENV', 'PORT', 'LOG_LEVEL', 'GATEWAY_CONFIG']);
const KEY = 'load-suite-key-7f3a9c2e51d04b86';
const CONNECTIONS = {
  us: 'load-us',
  eu: 'load-eu',
  au: 'load-au',
} as const satisfies Record<Region, string>;
const CONCURRENCY = 10;
/** Codes the faults explain: a 429 storm, 5xx, malformed answers. */
const RETRYABLE = new Set(['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE']);
/** Longest wait for a replica to find Redis back (it probes every 2 s). */
const RECOVERY_WAIT_MS = 20_000;
/** Page size of the paginated walks. */
const PAGE = 50;

interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

interface Answer {
  replica: number;
  region: Region;
  kind: string;
  status: number;
  text: string;
  body: { data?: unknown; errors?: GraphQLError[] } | null;
}

interface Replica {
  index: number;
  child: ChildProcess;
  url: string;
  lines: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: boolean;
}

let simulator: Simulator;
let redis: RedisServer;
let folder: string;
const replicas: Replica[] = [];
const answers: Answer[] = [];
/** Requests that got no HTTP answer at all (a refused or reset socket). */
const unanswered: { replica: number; kind: string; error: string }[] = [];

beforeAll(async () => {
  redis = await startRedis();
  simulator = await startSimulator();
  folder = await mkdtemp(join(tmpdir(), 'gateway-load-'));
  const { us, eu, au } = simulator.regions;
  const config = join(folder, 'gateway.yaml');
  await writeFile(
    config,
    [
      'listen: { host: 127.0.0.1, port: 0 }',
      `regions: { us: "${us.url}", eu: "${eu.url}", au: "${au.url}" }`,
      'connections:',
      `  - { id: ${CONNECTIONS.us}, region: us, token: "\${US_TOKEN}" }`,
      `  - { id: ${CONNECTIONS.eu}, region: eu, token: "\${EU_TOKEN}" }`,
      `  - { id: ${CONNECTIONS.au}, region: au, token: "\${AU_TOKEN}" }`,
      `cache: { url: "${redis.url}" }`,
      'intercom: { timeoutMs: 5000, deadlineMs: 20000, retries: 3 }',
      'logLevel: info',
      'clients:',
      '  - name: load',
      '    key: ${CLIENT_KEY}',
      "    connections: ['*']",
      '    pii: reveal',
    ].join('\n'),
  );
  const env = {
    GATEWAY_CONFIG: config,
    US_TOKEN: us.token,
    EU_TOKEN: eu.token,
    AU_TOKEN: au.token,
    CLIENT_KEY: KEY,
  };
  replicas.push(...(await Promise.all([start(0, env), start(1, env)])));
}, 60_000);

afterAll(async () => {
  for (const replica of replicas) {
    if (replica.child.exitCode === null && replica.child.signalCode === null) {
      replica.child.kill('SIGKILL');
    }
  }
  await simulator.close();
  await redis.stop();
  await rm(folder, { recursive: true, force: true });
});

/** One replica, run as `npm start` runs it but through tsx. */
async function start(
  index: number,
  env: Record<string, string>,
): Promise<Replica> {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !OVERRIDES.has(name),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // Production, so the gateway installs its signal handlers as deployed.
    env: { ...Object.fromEntries(inherited), NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    lines.push(line);
  });
  const replica: Replica = {
    index,
    child,
    url: '',
    lines,
    exited: false,
    exit: new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        replica.exited = true;
        resolve({ code, signal });
      });
    }),
  };
  replica.url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const listening = logs(replica).find(
        (line) => line.msg === 'gateway listening',
      );
      if (listening !== undefined) {
        clearInterval(timer);
        resolve(String(listening.url));
      } else if (replica.exited) {
        clearInterval(timer);
        reject(new Error(`replica ${index} exited: ${lines.join('\n')}`));
      }
    }, 50);
  });
  return replica;
}

function logs(replica: Replica): Record<string, unknown>[] {
  return replica.lines
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function ask(
  replica: Replica,
  region: Region,
  kind: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer | null> {
  try {
    const response = await fetch(replica.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${KEY}`,
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: Answer['body'] = null;
    try {
      body = JSON.parse(text) as Answer['body'];
    } catch {
      body = null;
    }
    const answer: Answer = {
      replica: replica.index,
      region,
      kind,
      status: response.status,
      text,
      body,
    };
    answers.push(answer);
    return answer;
  } catch (error: unknown) {
    unanswered.push({ replica: replica.index, kind, error: String(error) });
    return null;
  }
}

/** Runs the tasks at most CONCURRENCY at a time, in order of the list. */
async function pool(tasks: (() => Promise<unknown>)[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

const CONVERSATIONS = (id: string) => `{
  connection(id: "${id}") { workspace { name conversations(first: 20) {
    nodes { id adminAssignee { id } contacts { id } }
  } } }
}`;
const CONTACTS = (id: string) => `query Contacts($after: String) {
  connection(id: "${id}") { workspace { name contacts(first: 20, after: $after) {
    nodes { id companies { id } }
  } } }
}`;
const DIRECTORY = (id: string) => `{
  connection(id: "${id}") { workspace { id name admins { id } teams { id } tags { id } } }
}`;
const CONTACT = (id: string) => `query One($id: ID!) {
  connection(id: "${id}") { workspace { name contact(id: $id) { id email companies { id } } } }
}`;
const WALK = (id: string) => `query Walk($after: String) {
  connection(id: "${id}") { workspace { contacts(first: ${PAGE}, after: $after) {
    totalCount nodes { id } pageInfo { hasNextPage endCursor }
  } } }
}`;

/**
 * A deterministic mix over the three connections and the given replicas:
 * conversations with assignees and contacts, contacts with companies, the
 * directory, and contacts read by id (from `offset` on, so each batch
 * reads some Intercom has not been asked for yet).
 */
function mix(count: number, targets: Replica[], offset: number) {
  const tasks: (() => Promise<unknown>)[] = [];
  for (let index = 0; index < count; index++) {
    const region = REGIONS[index % REGIONS.length] ?? 'us';
    const replica = targets[Math.floor(index / 3) % targets.length];
    if (replica === undefined) continue;
    const id = CONNECTIONS[region];
    const contacts = simulator.regions[region].workspace.contacts;
    const pick = index % 4;
    tasks.push(() => {
      switch (pick) {
        case 0:
          return ask(replica, region, 'conversations', CONVERSATIONS(id));
        case 1:
          return ask(replica, region, 'contacts', CONTACTS(id));
        case 2:
          return ask(replica, region, 'directory', DIRECTORY(id));
        default:
          return ask(replica, region, 'contact', CONTACT(id), {
            id: contacts[(offset + index) % contacts.length]?.id,
          });
      }
    });
  }
  return tasks;
}

interface WalkResult {
  region: Region;
  ids: string[];
  pages: number;
  retries: number;
}

/**
 * Every contact of a connection, page by page, each page through the
 * other replica of the last one; a page failing with a retryable code is
 * asked again with the same cursor.
 */
async function walk(region: Region, targets: Replica[]): Promise<WalkResult> {
  const result: WalkResult = { region, ids: [], pages: 0, retries: 0 };
  let after: string | null = null;
  for (let turn = 0; turn < 200; turn++) {
    const replica = targets[turn % targets.length];
    if (replica === undefined) break;
    const answer = await ask(
      replica,
      region,
      'walk',
      WALK(CONNECTIONS[region]),
      {
        after,
      },
    );
    const errors = answer?.body?.errors ?? [];
    if (answer === null || errors.length > 0) {
      const codes = errors.map((error) => String(error.extensions?.code));
      if (answer !== null && !codes.every((code) => RETRYABLE.has(code))) {
        throw new Error(`walk of ${region} failed: ${answer.text}`);
      }
      result.retries++;
      continue;
    }
    const page = (
      answer.body?.data as {
        connection: {
          workspace: {
            contacts: {
              nodes: { id: string }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            };
          };
        };
      }
    ).connection.workspace.contacts;
    result.pages++;
    result.ids.push(...page.nodes.map((node) => node.id));
    if (!page.pageInfo.hasNextPage) return result;
    after = page.pageInfo.endCursor;
  }
  throw new Error(`walk of ${region} did not end`);
}

function injectFaults(): void {
  // A 429 storm on US: with the reset in the headers, and without any.
  simulator.inject(
    'us',
    { kind: 'rate_limited', resetInSeconds: 1 },
    { times: 4 },
  );
  simulator.inject(
    'us',
    { kind: 'rate_limited', resetInSeconds: null },
    { times: 2 },
  );
  // A 5xx burst on EU.
  simulator.inject('eu', { kind: 'server_error', status: 503 }, { times: 3 });
  simulator.inject('eu', { kind: 'server_error', status: 500 }, { times: 2 });
  simulator.inject('eu', { kind: 'html', status: 502 }, { times: 1 });
  // Slow and malformed answers on AU.
  simulator.inject('au', { kind: 'slow', delayMs: 300 }, { times: 6 });
  simulator.inject('au', { kind: 'malformed_json' }, { times: 4 });
}

function cacheLines(replica: Replica, text: string): number {
  return logs(replica).filter((line) => String(line.msg).includes(text)).length;
}

async function waitFor(test: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test() && Date.now() < deadline) await sleep(100);
}

it('serves a mixed load through faults, a Redis restart and a SIGTERM without leaking or losing rows', async () => {
  const [first, second] = replicas;
  if (first === undefined || second === undefined)
    throw new Error('no replicas');
  // Start-up checks each connection (4 calls each, per replica); let
  // them finish before the faults.
  await waitFor(() => simulator.calls().length >= 24, 5_000);

  // Phase 1: faults on every region, load on both replicas, two walks.
  injectFaults();
  const walking = Promise.all([
    walk('us', [first, second]),
    walk('au', [second, first]),
  ]);
  await pool(mix(90, [first, second], 0));
  const [usWalk, auWalk] = await walking;

  // Phase 2: Redis away, more faults, load on both replicas, one walk.
  await redis.stop();
  injectFaults();
  const euWalk = walk('eu', [first, second]);
  await pool(mix(60, [first, second], 100));
  const eu = await euWalk;
  redis = await startRedis({ port: redis.port });
  const recovered = 'cache store answers again';
  await waitFor(
    () => replicas.every((replica) => cacheLines(replica, recovered) >= 1),
    RECOVERY_WAIT_MS,
  );

  // Phase 3: SIGTERM to the first replica with requests in flight (their
  // Intercom answers are slow), the rest of the load to the second.
  simulator.inject('eu', { kind: 'slow', delayMs: 1_500 }, { times: 8 });
  const euContacts = simulator.regions.eu.workspace.contacts;
  const inFlight = Array.from({ length: 4 }, (_, index) =>
    ask(first, 'eu', 'in-flight', CONTACT(CONNECTIONS.eu), {
      id: euContacts[300 + index]?.id,
    }),
  );
  // Sequencing only (the slow answers take 1.5 s): the requests reach the
  // simulator before the signal.
  await sleep(400);
  first.child.kill('SIGTERM');
  const tail = pool(mix(45, [second], 200));
  const served = await Promise.all(inFlight);
  await tail;
  const firstExit = await first.exit;

  // Phase 4: the second replica stops the same way.
  const secondShutdown = logs(second).length;
  second.child.kill('SIGTERM');
  const secondExit = await second.exit;

  // Figures.
  const codes = new Map<string, number>();
  let failed = 0;
  for (const answer of answers) {
    if ((answer.body?.errors?.length ?? 0) > 0) failed++;
    for (const error of answer.body?.errors ?? []) {
      const code = String(error.extensions?.code);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
  }
  const foreign = answers.flatMap((answer) => foreignRows(answer));
  const secrets = [
    KEY,
    ...REGIONS.flatMap((region) =>
      Object.values(simulator.regions[region].tokens),
    ),
  ];
  const leaks = secrets.reduce(
    (count, secret) =>
      count +
      answers.filter((answer) => answer.text.includes(secret)).length +
      replicas.reduce(
        (sum, replica) =>
          sum + replica.lines.filter((line) => line.includes(secret)).length,
        0,
      ),
    0,
  );
  const walkResults = [usWalk, eu, auWalk];
  const walkFaults = walkResults.map((result) => {
    const expected = simulator.regions[result.region].workspace.contacts.map(
      (contact) => contact.id,
    );
    const seen = new Set(result.ids);
    return {
      region: result.region,
      pages: result.pages,
      retries: result.retries,
      rows: result.ids.length,
      lost: expected.filter((id) => !seen.has(id)).length,
      duplicated: result.ids.length - seen.size,
      foreign: result.ids.filter((id) => !expected.includes(id)).length,
    };
  });
  const faultAnswers = Object.fromEntries(
    REGIONS.map((region) => [
      region,
      Object.fromEntries(
        [429, 500, 502, 503].map((status) => [
          status,
          simulator
            .calls()
            .filter((call) => call.region === region && call.status === status)
            .length,
        ]),
      ),
    ]),
  );
  const figures = {
    requests: answers.length + unanswered.length,
    answered: answers.length,
    unanswered: unanswered.length,
    withoutErrors: answers.length - failed,
    withErrors: failed,
    errorsByCode: Object.fromEntries(codes),
    rowsChecked,
    foreignRows: foreign.length,
    secretAppearances: leaks,
    walks: walkFaults,
    inFlightAtSigterm: served.length,
    exits: { first: firstExit, second: secondExit },
    cacheFailovers: replicas.map((replica) =>
      cacheLines(replica, 'cache store failed'),
    ),
    cacheRecoveries: replicas.map((replica) => cacheLines(replica, recovered)),
    simulatorCalls: simulator.calls().length,
    simulatorFaultAnswers: faultAnswers,
  };
  process.stdout.write(
    `fault and load suite: ${JSON.stringify(figures, null, 2)}\n`,
  );
  if (foreign.length > 0) {
    process.stdout.write(`foreign rows: ${foreign.slice(0, 10).join('\n')}\n`);
  }

  // Every request got an HTTP answer holding JSON, and most data.
  expect(unanswered).toEqual([]);
  expect(answers.length).toBeGreaterThanOrEqual(150);
  expect(answers.filter((answer) => answer.body === null)).toEqual([]);
  expect(answers.length - failed).toBeGreaterThan(0);
  // Errors only of the codes the faults (and the data's deleted contacts,
  // which fail their own list entry) explain.
  const unexplained = answers.flatMap((answer) =>
    (answer.body?.errors ?? []).filter((error) => !explained(error)),
  );
  expect(unexplained).toEqual([]);
  // The requests in flight at SIGTERM were answered, after it.
  for (const answer of served) {
    expect(answer?.status).toBe(200);
    expect(answer?.body).not.toBeNull();
  }
  const firstLogs = logs(first).map((line) => line.msg);
  expect(firstLogs).toContain('shutting down');
  expect(firstLogs.at(-1)).toBe('stopped');
  expect(
    firstLogs
      .slice(firstLogs.indexOf('shutting down'))
      .filter((msg) => msg === 'audit').length,
  ).toBeGreaterThanOrEqual(1);
  // No crash: both replicas exit 0, and only when signalled.
  expect(firstExit).toEqual({ code: 0, signal: null });
  expect(secondExit).toEqual({ code: 0, signal: null });
  expect(
    logs(second)
      .slice(0, secondShutdown)
      .map((line) => line.msg),
  ).not.toContain('shutting down');
  expect(
    replicas.flatMap((replica) =>
      logs(replica).filter((line) => Number(line.level) >= 50),
    ),
  ).toEqual([]);
  // Isolation, secrets, walks.
  expect(rowsChecked).toBeGreaterThan(1_000);
  expect(foreign).toEqual([]);
  expect(leaks).toBe(0);
  for (const result of walkFaults) {
    expect(result).toMatchObject({ lost: 0, duplicated: 0, foreign: 0 });
  }
  // Every injected 429 and 5xx was sent (twice: phases 1 and 2).
  expect(faultAnswers.us?.[429]).toBe(12);
  expect(faultAnswers.eu).toEqual({ 429: 0, 500: 4, 502: 2, 503: 6 });
  // Redis went away and came back: each replica fell back and recovered.
  for (const replica of replicas) {
    expect(cacheLines(replica, 'cache store failed')).toBeGreaterThanOrEqual(1);
    expect(cacheLines(replica, recovered)).toBeGreaterThanOrEqual(1);
  }
}, 90_000);

function explained(error: GraphQLError): boolean {
  const code = String(error.extensions?.code);
  if (RETRYABLE.has(code)) return true;
  // A conversation naming a deleted contact fails that entry alone.
  const path = error.path ?? [];
  return code === 'NOT_FOUND' && path.at(-2) === 'contacts';
}

/** Ids and names foreignRows compared with the simulator's data. */
let rowsChecked = 0;

/** Descriptions of the rows of an answer not in its connection's data. */
function foreignRows(answer: Answer): string[] {
  const { workspace } = simulator.regions[answer.region];
  const known = {
    name: new Set([workspace.app.name]),
    conversation: new Set(workspace.conversations.map((row) => row.id)),
    contact: new Set([
      ...workspace.contacts.map((row) => row.id),
      ...workspace.deletedContactIds,
    ]),
    company: new Set(workspace.companies.map((row) => row.id)),
    admin: new Set(workspace.admins.map((row) => row.id)),
    team: new Set(workspace.teams.map((row) => row.id)),
    tag: new Set(workspace.tags.map((row) => row.id)),
  };
  const found: string[] = [];
  const check = (what: keyof typeof known, value: unknown) => {
    if (value === undefined || value === null) return;
    rowsChecked++;
    const shown =
      typeof value === 'string' || typeof value === 'number'
        ? String(value)
        : JSON.stringify(value);
    if (!known[what].has(shown)) {
      found.push(`${answer.region} ${answer.kind}: ${what} ${shown}`);
    }
  };
  const root = (answer.body?.data as Record<string, unknown> | null | undefined)
    ?.connection as { workspace?: Record<string, unknown> | null } | undefined;
  const ws = root?.workspace;
  if (!ws) return found;
  check('name', ws.name);
  type Row = { id?: string; [field: string]: unknown } | null;
  const rows = (value: unknown): Row[] =>
    Array.isArray(value) ? (value as Row[]) : [];
  const nodes = (value: unknown): Row[] =>
    rows((value as { nodes?: unknown } | null | undefined)?.nodes);
  for (const conversation of nodes(ws.conversations)) {
    check('conversation', conversation?.id);
    check('admin', (conversation?.adminAssignee as Row)?.id);
    for (const contact of rows(conversation?.contacts))
      check('contact', contact?.id);
  }
  const contacts = [...nodes(ws.contacts), (ws.contact ?? null) as Row];
  for (const contact of contacts) {
    check('contact', contact?.id);
    for (const company of rows(contact?.companies))
      check('company', company?.id);
  }
  for (const admin of rows(ws.admins)) check('admin', admin?.id);
  for (const team of rows(ws.teams)) check('team', team?.id);
  for (const tag of rows(ws.tags)) check('tag', tag?.id);
  return found;
}
