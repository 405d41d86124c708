import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REGIONS } from '../../src/intercom/regions.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO_STORE = /^intercom-gateway-demo-/;
/** Variables of the test's own environment that would change the child. */
const OVERRIDES = new Set(['NODE_ENV', 'PORT', 'LOG_LEVEL', 'GATEWAY_CONFIG']);

let simulator: Simulator;
const children: ChildProcess[] = [];
let folder: string;

beforeAll(async () => {
  simulator = await startSimulator();
  folder = await mkdtemp(join(tmpdir(), 'gateway-shutdown-'));
});

afterAll(async () => {
  // A failed test may leave its child running; it must not outlive the run.
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
  await simulator.close();
  await rm(folder, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A TypeScript entry point run as `npm start` and `npm run demo` run it,
 * but through tsx so no build is needed, and with NODE_ENV=production:
 * under NODE_ENV=test Apollo would not install its own signal handlers,
 * and the test would not see what an operator sees.
 */
function run(script: string, env: Record<string, string>) {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !OVERRIDES.has(name),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: {
      ...Object.fromEntries(inherited),
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  const waiting: { test: (line: string) => boolean; done: () => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiting.filter(({ test }) => test(line))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.done();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exit = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });

  return {
    child,
    lines,
    exit,
    /** Log lines, parsed; the demo's banner lines are not JSON. */
    logs: () =>
      lines
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    /** The first line that passes `test`, waiting for it if need be. */
    async line(test: (line: string) => boolean, what: string) {
      const seen = lines.find(test);
      if (seen !== undefined) return seen;
      await Promise.race([
        new Promise<void>((done) => waiting.push({ test, done })),
        exit.then((how) => {
          throw new Error(
            `${script} exited (${how.code ?? how.signal}) before ${what}: ${stderr}`,
          );
        }),
      ]);
      return lines.find(test) ?? '';
    },
  };
}

function isLog(line: string, msg: string): boolean {
  return (
    line.startsWith('{') && (JSON.parse(line) as { msg?: unknown }).msg === msg
  );
}

it('stops on SIGTERM after answering the request in flight, logs it, and exits 0', async () => {
  const { eu } = simulator.regions;
  const config = join(folder, 'gateway.yaml');
  await writeFile(
    config,
    [
      'listen: { host: 127.0.0.1, port: 0 }',
      `regions: { us: "${simulator.regions.us.url}", eu: "${eu.url}", au: "${simulator.regions.au.url}" }`,
      'connections:',
      '  - { id: acme-eu, region: eu, token: "${EU_TOKEN}" }',
      'logLevel: debug',
    ].join('\n'),
  );
  const gateway = run('src/main.ts', {
    GATEWAY_CONFIG: config,
    EU_TOKEN: eu.token,
  });
  const listening = await gateway.line(
    (line) => isLog(line, 'gateway listening'),
    'listening',
  );
  const { url } = JSON.parse(listening) as { url: string };

  // The query reads the teams, then their admins: the admins come late,
  // so the signal arrives while the query waits for them.
  simulator.inject('eu', { kind: 'slow', delayMs: 1_000 }, { path: '/admins' });
  const answer = fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        '{ connection(id: "acme-eu") { workspace { teams { admins { id } } } } }',
    }),
  });
  await gateway.line(
    (line) =>
      isLog(line, 'intercom call') &&
      (JSON.parse(line) as { intercom: { path: string } }).intercom.path ===
        '/teams',
    'the query read the teams',
  );
  gateway.child.kill('SIGTERM');

  const response = await answer;
  const body = (await response.json()) as {
    data?: { connection: { workspace: { teams: { admins: unknown[] }[] } } };
  };
  expect(response.status).toBe(200);
  expect(body.data?.connection.workspace.teams.length).toBeGreaterThan(0);
  expect(await gateway.exit).toEqual({ code: 0, signal: null });
  const messages = gateway.logs().map((line) => line.msg);
  expect(messages).toContain('shutting down');
  expect(messages.at(-1)).toBe('stopped');
  expect(
    gateway.logs().find((line) => line.msg === 'shutting down'),
  ).toMatchObject({ signal: 'SIGTERM' });
});

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

it('runs the demo, prints the simulator tokens that work, and on SIGTERM exits 0 without leaving its store behind', async () => {
  const port = await freePort();
  const demoTmp = join(folder, 'demo-tmp');
  await mkdir(demoTmp);
  const demo = run('src/demo.ts', { PORT: String(port), TMPDIR: demoTmp });
  await demo.line((line) => line.startsWith('Press Ctrl+C'), 'the banner');

  // The banner names the URL and every simulator token, region by region.
  expect(demo.lines).toContain(`Gateway: http://127.0.0.1:${port}/graphql`);
  const banner = demo.lines.filter((line) => !line.startsWith('{'));
  const heading = banner.findIndex((line) =>
    line.startsWith('Simulator tokens'),
  );
  expect(heading).toBeGreaterThan(0);
  const tokenOf = (region: string, variant: string) =>
    banner
      .find((line) => line.startsWith(`  ${region.toUpperCase()} ${variant} `))
      ?.split(/\s+/)[3];
  // The demo's simulator is seeded like this one: the same tokens.
  const { regions } = simulator;
  for (const region of REGIONS) {
    for (const [variant, token] of Object.entries(regions[region].tokens)) {
      expect(tokenOf(region, variant)).toBe(token);
    }
  }

  // A printed token can be pasted into testIntercomToken as the admin.
  const key = banner
    .find((line) => line.trimStart().startsWith('demo-admin '))
    ?.trim()
    .split(/\s+/)[1];
  const tested = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${key ?? ''}`,
    },
    body: JSON.stringify({
      query:
        'mutation($token: String!) { testIntercomToken(region: EU, token: $token) { status } }',
      variables: { token: tokenOf('eu', 'noParts') },
    }),
  });
  expect(await tested.json()).toEqual({
    data: { testIntercomToken: { status: 'MISSING_SCOPE' } },
    extensions: expect.anything() as unknown,
  });

  // Its store is in the temporary folder while it runs.
  const stores = (await readdir(demoTmp)).filter((name) =>
    DEMO_STORE.test(name),
  );
  expect(stores).toHaveLength(1);
  expect(await readdir(join(demoTmp, stores[0] ?? ''))).toContain(
    'connections.db',
  );

  demo.child.kill('SIGTERM');

  expect(await demo.exit).toEqual({ code: 0, signal: null });
  expect(
    (await readdir(demoTmp)).filter((name) => DEMO_STORE.test(name)),
  ).toEqual([]);
  expect(demo.logs().map((line) => line.msg)).toContain('shutting down');
  // Only the banner holds the tokens; no log line does.
  const logText = demo.lines.filter((line) => line.startsWith('{')).join('\n');
  for (const region of REGIONS) {
    for (const token of Object.values(regions[region].tokens)) {
      expect(logText).not.toContain(token);
    }
  }
}, 60_000);
