import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { StoreOpenError } from '../../src/store/connection-store.js';
import { ADD, codes, REMOVE, StoreBench, TAGS } from '../support/admin.js';
import type { GraphQLAnswer, Stack } from '../support/stack.js';

let bench: StoreBench;
let stack: Stack;

beforeAll(async () => {
  bench = new StoreBench();
  stack = await bench.start('main');
});

beforeEach(() => {
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await bench.close();
});

function ask<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLAnswer<T>> {
  return bench.ask<T>(stack, query, variables);
}

it('serves an added connection at once, and after a restart from the store', async () => {
  const own = await bench.start('restart');
  const { eu } = own.simulator.regions;

  const added = await bench.ask(own, ADD, {
    id: 'added-eu',
    region: 'EU',
    token: eu.token,
  });
  const tags = await bench.ask(own, TAGS, { id: 'added-eu' });

  expect(added.data).toEqual({
    addConnection: {
      id: 'added-eu',
      region: 'EU',
      source: 'STORE',
      status: 'ACTIVE',
    },
  });
  expect(tags.errors).toBeUndefined();
  expect(tags.data?.connection).toMatchObject({
    source: 'STORE',
    workspace: { name: eu.workspace.app.name },
  });

  // A restart: the gateway closes, and another starts on the same file.
  await own.gateway.close();
  const restarted = await bench.startGateway(own.config);
  try {
    const again = await bench.askGateway(restarted, TAGS, { id: 'added-eu' });

    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(tags.data);
    expect(restarted.registry.get('added-eu')?.source).toBe('store');
  } finally {
    await restarted.close();
  }
});

it('never writes the token in clear to the SQLite file or its WAL', async () => {
  const { au } = stack.simulator.regions;
  const path = bench.storePath('main');

  const added = await ask(ADD, {
    id: 'added-au',
    region: 'AU',
    token: au.token,
  });

  expect(codes(added)).toEqual([]);
  const wal = readFileSync(`${path}-wal`);
  expect(wal.length).toBeGreaterThan(0);
  for (const bytes of [readFileSync(path), wal]) {
    expect(bytes.includes(Buffer.from(au.token))).toBe(false);
  }
});

it('keeps a token that lacks a scope, whose connection then says which', async () => {
  const { us } = stack.simulator.regions;

  const added = await ask(ADD, {
    id: 'no-conversations',
    region: 'US',
    token: us.tokens.planRestricted,
  });

  expect(added.data?.addConnection).toEqual({
    id: 'no-conversations',
    region: 'US',
    source: 'STORE',
    status: 'MISSING_SCOPE',
  });
  expect(stack.gateway.registry.store?.ids()).toContain('no-conversations');
});

it('removes a stored connection with its cached answers, so it is read afresh if added again', async () => {
  const { eu } = stack.simulator.regions;
  await ask(ADD, { id: 'short-lived', region: 'EU', token: eu.token });
  await ask(TAGS, { id: 'short-lived' });

  const removed = await ask(REMOVE, { id: 'short-lived' });
  const after = await ask(TAGS, { id: 'short-lived' });

  // The query above cached GET /me and GET /tags.
  expect(removed.data).toEqual({
    removeConnection: {
      id: 'short-lived',
      region: 'EU',
      droppedCacheEntries: 2,
    },
  });
  expect(codes(after)).toEqual(['NOT_FOUND']);
  expect(stack.gateway.registry.store?.ids()).not.toContain('short-lived');

  // Added again with the same token, its cache scope is the same: only
  // because the entries were dropped do the reads go to Intercom again.
  await ask(ADD, { id: 'short-lived', region: 'EU', token: eu.token });
  stack.simulator.resetCalls();
  const readAgain = await ask(TAGS, { id: 'short-lived' });

  expect(readAgain.errors).toBeUndefined();
  expect(
    stack.simulator
      .calls()
      .map((call) => call.path)
      .sort(),
  ).toEqual(['/me', '/tags']);
});

it("serves the file's connection when the store holds one with the same id, and warns", async () => {
  const { us, eu } = stack.simulator.regions;
  await ask(ADD, { id: 'shadowed', region: 'EU', token: eu.token });

  const replica = await bench.startGateway({
    ...stack.config,
    connections: [
      ...stack.config.connections,
      { id: 'shadowed', region: 'us', token: us.token },
    ],
  });
  try {
    expect(replica.registry.get('shadowed')).toMatchObject({
      region: 'us',
      source: 'config',
    });
    const warnings = bench
      .gatewayLogs()
      .filter((line) => line.level === 40 && line.connection === 'shadowed');
    expect(warnings.map((line) => line.msg)).toEqual([
      "the store holds connection 'shadowed', which the configuration file also defines; the file's is served and the stored one skipped. To serve the stored one, rename or remove the file's and restart",
    ]);
  } finally {
    await replica.close();
  }
});

it('refuses to start with another encryption key, naming store.encryptionKey', async () => {
  const { store } = stack.config;
  if (!store) throw new Error('the stack has no store');

  const started = bench.startGateway({
    ...stack.config,
    store: { ...store, encryptionKey: randomBytes(32) },
  });

  await expect(started).rejects.toBeInstanceOf(StoreOpenError);
  await expect(started).rejects.toThrow(
    /^store\.encryptionKey: the key differs from the one the store at '.*' was created with/,
  );
});

it.each([
  [
    'with another encryption key',
    () => bench.storePath('main'),
    /^store\.encryptionKey: the key differs from the one the store at '.*' was created with/,
  ],
  [
    'on a file that is not a SQLite database',
    () => {
      const path = join(bench.folder, 'notes.txt');
      writeFileSync(path, 'Not a database.\n'.repeat(100));
      return path;
    },
    /^store\.path: cannot open '.*notes\.txt' as the gateway's SQLite store: file is not a database$/,
  ],
])(
  '`npm start` exits 78 %s, with one line naming the key to fix',
  async (_what, path, message) => {
    const key = randomBytes(32).toString('base64');
    const configFile = join(bench.folder, 'config.yaml');
    writeFileSync(
      configFile,
      `store:\n  path: "${path()}"\n  encryptionKey: "\${STORE_KEY}"\n`,
    );

    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts'],
      { env: { ...process.env, GATEWAY_CONFIG: configFile, STORE_KEY: key } },
    );
    const failed = (await run.then(
      () => ({ code: 0, stderr: '' }),
      (error: unknown) => error,
    )) as { code: number; stderr: string };

    expect(failed.code).toBe(78);
    const lines = failed.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.startsWith(`${configFile}: `)).toBe(true);
    expect(lines[0]?.slice(configFile.length + 2)).toMatch(message);
    expect(failed.stderr).not.toContain(key);
  },
);

it('never shows a token in an answer or a log line', () => {
  const tokens = bench.tokens(stack);

  expect(bench.answerCount).toBeGreaterThan(8);
  for (const text of bench.texts()) {
    for (const token of tokens) expect(text).not.toContain(token);
  }
});
