import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isRegion, type Region } from '../intercom/regions.js';
import { seal, unseal, UnsealError, type Sealed } from './crypto.js';

/** A connection added at run time, as the store holds it. */
export interface StoredConnection {
  id: string;
  region: Region;
  /** Decrypted on reading; only ever handed to the registry. */
  token: string;
  createdAt: Date;
  /** The name of the caller who added it. */
  addedBy: string;
}

export interface StoreOptions {
  /** The SQLite file; it and its folder are created when missing. */
  path: string;
  /** AES-256-GCM key, 32 bytes. */
  encryptionKey: Buffer;
}

/** What {@link ConnectionStore.list} found. */
export interface StoreContents {
  connections: StoredConnection[];
  /**
   * Ids of rows that do not decrypt with the store's key or name no
   * region: moved, edited or damaged outside the gateway.
   */
  unreadable: string[];
}

/**
 * The store cannot be used as configured. The message names the
 * configuration key to fix and why; it never holds the key's value.
 */
export class StoreOpenError extends Error {
  readonly configKey: 'store.path' | 'store.encryptionKey';

  constructor(
    configKey: StoreOpenError['configKey'],
    message: string,
    cause?: unknown,
  ) {
    super(`${configKey}: ${message}`, { cause });
    this.name = 'StoreOpenError';
    this.configKey = configKey;
  }
}

/**
 * What the admin mutations may do with the store: write, and see which ids
 * it holds, but never read a token back.
 */
export type StoreWriter = Pick<ConnectionStore, 'add' | 'remove' | 'ids'>;

/** The layout this code writes; `PRAGMA user_version` holds it. */
const SCHEMA_VERSION = 1;

/** How long a write waits for another process's write to finish. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * A known text kept encrypted in the store: if it decrypts, the key is the
 * one the store was created with. Without it a wrong key would show only
 * as every connection failing to decrypt, or, in an empty store, not at
 * all until tokens written with two keys were mixed in one file.
 */
const KEY_CHECK = { name: 'key-check', text: 'intercom-gateway store' };
const KEY_CHECK_CONTEXT = `meta:${KEY_CHECK.name}`;

/** Ids cannot hold ':', so no token's context can equal the check's. */
function tokenContext(id: string): string {
  return `connection:${id}`;
}

interface ConnectionRow {
  id: string;
  region: string;
  token_iv: Buffer;
  token_ciphertext: Buffer;
  token_tag: Buffer;
  created_at: number;
  added_by: string;
}

const CREATE_TABLES = `
  CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    iv BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    tag BLOB NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS connections (
    id TEXT PRIMARY KEY,
    region TEXT NOT NULL,
    token_iv BLOB NOT NULL,
    token_ciphertext BLOB NOT NULL,
    token_tag BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    added_by TEXT NOT NULL
  ) STRICT;
`;

/**
 * Connections added at run time, in an embedded SQLite file, tokens
 * encrypted with AES-256-GCM. Reads and writes are synchronous: each is
 * one small statement on a local file, quicker than a round trip to
 * Intercom, and a synchronous write cannot interleave with another
 * request's check of the same id.
 */
export class ConnectionStore {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #key: Buffer;

  private constructor(path: string, db: Database.Database, key: Buffer) {
    this.path = path;
    this.#db = db;
    this.#key = key;
  }

  /**
   * Opens the store, creating the file, its folder and its tables when
   * missing; a {@link StoreOpenError} when the file cannot be used or the
   * key is not the one the store was created with.
   */
  static open(options: StoreOptions): ConnectionStore {
    const db = openDatabase(options.path);
    try {
      checkKey(db, options);
    } catch (error: unknown) {
      db.close();
      if (error instanceof StoreOpenError) throw error;
      throw new StoreOpenError(
        'store.path',
        `cannot read '${options.path}': ${reasonOf(error)}`,
        error,
      );
    }
    return new ConnectionStore(options.path, db, options.encryptionKey);
  }

  /** Every stored connection, decrypted, oldest first. */
  list(): StoreContents {
    const rows = this.#db
      .prepare<[], ConnectionRow>(
        'SELECT * FROM connections ORDER BY created_at, id',
      )
      .all();
    const contents: StoreContents = { connections: [], unreadable: [] };
    for (const row of rows) {
      const connection = this.#read(row);
      if (connection) contents.connections.push(connection);
      else contents.unreadable.push(row.id);
    }
    return contents;
  }

  /** The ids of every row, readable or not; decrypts nothing. */
  ids(): string[] {
    return this.#db
      .prepare<[], { id: string }>(
        'SELECT id FROM connections ORDER BY created_at, id',
      )
      .all()
      .map((row) => row.id);
  }

  /**
   * Stores a connection, its token encrypted for its id alone. False,
   * storing nothing, when a row already has that id.
   */
  add(connection: Omit<StoredConnection, 'createdAt'>): boolean {
    const sealed = seal(
      this.#key,
      connection.token,
      tokenContext(connection.id),
    );
    const { changes } = this.#db
      .prepare(
        `INSERT INTO connections
           (id, region, token_iv, token_ciphertext, token_tag, created_at,
            added_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      )
      .run(
        connection.id,
        connection.region,
        sealed.iv,
        sealed.ciphertext,
        sealed.tag,
        Date.now(),
        connection.addedBy,
      );
    return changes === 1;
  }

  /**
   * Deletes a connection's row, readable or not, and says which region it
   * named (as stored, unchecked); undefined when no row had that id.
   */
  remove(id: string): { region: string } | undefined {
    return this.#db
      .prepare<[string], { region: string }>(
        'DELETE FROM connections WHERE id = ? RETURNING region',
      )
      .get(id);
  }

  /** Closes the file; closing twice is harmless. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #read(row: ConnectionRow): StoredConnection | undefined {
    if (!isRegion(row.region)) return undefined;
    const sealed: Sealed = {
      iv: row.token_iv,
      ciphertext: row.token_ciphertext,
      tag: row.token_tag,
    };
    let token: string;
    try {
      token = unseal(this.#key, sealed, tokenContext(row.id));
    } catch (error: unknown) {
      if (error instanceof UnsealError) return undefined;
      throw error;
    }
    return {
      id: row.id,
      region: row.region,
      token,
      createdAt: new Date(row.created_at),
      addedBy: row.added_by,
    };
  }
}

/** The SQLite file, ready for use, or a StoreOpenError naming `store.path`. */
function openDatabase(path: string): Database.Database {
  // The folder and file are made private to this user before SQLite
  // writes to them; its -wal and -shm files copy the file's permissions.
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
  } catch (error: unknown) {
    throw new StoreOpenError(
      'store.path',
      `cannot create '${path}': ${reasonOf(error)}`,
      error,
    );
  }

  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    // The first statement is where SQLite reads the file's header, so a
    // file that is not a database fails here rather than on first use.
    db.pragma('journal_mode = WAL');
    // A removed connection's encrypted token is overwritten, not left in
    // a free page for whoever later learns the key.
    db.pragma('secure_delete = ON');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `it was written by a newer version of the gateway (layout ${version}; this version reads up to ${SCHEMA_VERSION})`,
      );
    }
    db.exec(CREATE_TABLES);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return db;
  } catch (error: unknown) {
    db?.close();
    throw new StoreOpenError(
      'store.path',
      `cannot open '${path}' as the gateway's SQLite store: ${reasonOf(error)}`,
      error,
    );
  }
}

/**
 * Creates the key check in a new store, or proves the key against it.
 * The check runs in a write transaction so that two gateways opening one
 * new file with different keys cannot both write one.
 */
function checkKey(db: Database.Database, options: StoreOptions): void {
  const key = options.encryptionKey;
  const check = db.transaction(() => {
    const row = db
      .prepare<[string], Sealed>(
        'SELECT iv, ciphertext, tag FROM meta WHERE name = ?',
      )
      .get(KEY_CHECK.name);
    if (row === undefined) {
      const sealed = seal(key, KEY_CHECK.text, KEY_CHECK_CONTEXT);
      db.prepare(
        'INSERT INTO meta (name, iv, ciphertext, tag) VALUES (?, ?, ?, ?)',
      ).run(KEY_CHECK.name, sealed.iv, sealed.ciphertext, sealed.tag);
      return true;
    }
    try {
      return unseal(key, row, KEY_CHECK_CONTEXT) === KEY_CHECK.text;
    } catch (error: unknown) {
      if (error instanceof UnsealError) return false;
      throw error;
    }
  });

  if (!check.immediate()) {
    throw new StoreOpenError(
      'store.encryptionKey',
      `the key differs from the one the store at '${options.path}' was created with; set the original key (tokens stored under one key cannot be read with another)`,
    );
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
