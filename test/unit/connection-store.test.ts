import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConnectionStore,
  StoreOpenError,
} from '../../src/store/connection-store.js';

const TOKEN = 'dG9rOnN0b3JlLXVuaXQtdGVzdC10b2tlbg==';

let dir: string;
let key: Buffer;
const open: ConnectionStore[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'connection-store-'));
  key = randomBytes(32);
});

afterEach(() => {
  for (const store of open.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function openStore(path = join(dir, 'store.db'), encryptionKey = key) {
  const store = ConnectionStore.open({ path, encryptionKey });
  open.push(store);
  return store;
}

function openError(path: string, encryptionKey = key): StoreOpenError {
  try {
    openStore(path, encryptionKey);
  } catch (error: unknown) {
    if (error instanceof StoreOpenError) return error;
    throw error;
  }
  throw new Error('the store opened');
}

describe('ConnectionStore', () => {
  it('creates its file and folder, private to this user, in WAL mode', () => {
    const path = join(dir, 'nested', 'deeper', 'store.db');

    openStore(path);

    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'nested', 'deeper')).mode & 0o777).toBe(0o700);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('keeps connections across reopening, with who added them and when', () => {
    const before = Date.now();
    const store = openStore();
    expect(
      store.add({ id: 'acme-eu', region: 'eu', token: TOKEN, addedBy: 'ops' }),
    ).toBe(true);
    store.close();

    const { connections, unreadable } = openStore().list();

    expect(unreadable).toEqual([]);
    expect(connections).toHaveLength(1);
    expect(connections[0]).toMatchObject({
      id: 'acme-eu',
      region: 'eu',
      token: TOKEN,
      addedBy: 'ops',
    });
    expect(connections[0]?.createdAt.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('refuses a second connection with the same id and keeps the first', () => {
    const store = openStore();
    store.add({ id: 'acme', region: 'eu', token: TOKEN, addedBy: 'ops' });

    const again = store.add({
      id: 'acme',
      region: 'us',
      token: 'another',
      addedBy: 'ops',
    });

    expect(again).toBe(false);
    expect(store.list().connections.map((c) => c.region)).toEqual(['eu']);
  });

  it('removes a connection and says which region it had', () => {
    const store = openStore();
    store.add({ id: 'acme', region: 'au', token: TOKEN, addedBy: 'ops' });

    expect(store.remove('acme')).toEqual({ region: 'au' });
    expect(store.remove('acme')).toBeUndefined();
    expect(store.list().connections).toEqual([]);
  });

  it('never writes a token in clear, to the database or its WAL', () => {
    const path = join(dir, 'store.db');
    const store = openStore(path);
    store.add({ id: 'acme', region: 'eu', token: TOKEN, addedBy: 'ops' });

    const files = [path, `${path}-wal`].filter((file) => existsSync(file));
    expect(files).toContain(`${path}-wal`);
    for (const file of files) {
      expect(readFileSync(file).includes(Buffer.from(TOKEN))).toBe(false);
    }
  });

  it('reports a row copied under another id as unreadable', () => {
    const path = join(dir, 'store.db');
    openStore(path).add({
      id: 'acme',
      region: 'eu',
      token: TOKEN,
      addedBy: 'ops',
    });

    // What someone with the file but not the key could try: give another
    // connection id the ciphertext of a token they want it to use.
    const db = new Database(path);
    db.prepare(
      `INSERT INTO connections
         SELECT 'copied', region, token_iv, token_ciphertext, token_tag,
                created_at, added_by
         FROM connections WHERE id = 'acme'`,
    ).run();
    db.close();

    const store = openStore(path);
    const { connections, unreadable } = store.list();

    expect(connections.map((c) => c.id)).toEqual(['acme']);
    expect(unreadable).toEqual(['copied']);
    expect(store.ids()).toEqual(['acme', 'copied']);
    expect(store.remove('copied')).toEqual({ region: 'eu' });
  });

  it('refuses another key at open, naming store.encryptionKey but not the key', () => {
    const path = join(dir, 'store.db');
    openStore(path).close();
    const wrong = randomBytes(32);

    const error = openError(path, wrong);

    expect(error.configKey).toBe('store.encryptionKey');
    expect(error.message).toMatch(
      /^store\.encryptionKey: the key differs from the one the store at '.*store\.db' was created with/,
    );
    for (const shown of [wrong, key]) {
      expect(error.message).not.toContain(shown.toString('hex'));
      expect(error.message).not.toContain(shown.toString('base64'));
    }
  });

  it('refuses a file that is not a SQLite database, naming store.path and why', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'These are notes, not a database.\n'.repeat(200));

    const error = openError(path);

    expect(error.configKey).toBe('store.path');
    expect(error.message).toBe(
      `store.path: cannot open '${path}' as the gateway's SQLite store: file is not a database`,
    );
  });

  it('refuses a path it cannot create, naming store.path and why', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');

    const error = openError(join(file, 'store.db'));

    expect(error.configKey).toBe('store.path');
    expect(error.message).toMatch(
      /^store\.path: cannot create '.*': E[A-Z]+: /,
    );
  });
});
