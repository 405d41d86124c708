import type { Region } from '../intercom/regions.js';

/** One Intercom workspace the gateway can query. */
export interface ConnectionConfig {
  /** Chosen by the operator; 1-64 characters of [A-Za-z0-9._-]. */
  id: string;
  region: Region;
  /** Intercom app access token; only ever sent in the Authorization header. */
  token: string;
}

export interface CacheConfig {
  /** `memory://`, or `redis://host:port[/db]` (`rediss://` for TLS). */
  url: string;
  /** Derived from the scheme of `url`. */
  store: 'memory' | 'redis';
  /** Bound on the in-memory store's entries; unused by Redis. */
  maxEntries: number;
  /**
   * Bound on the in-memory store's estimated bytes (V8 heap, from each
   * entry's JSON length); unused by Redis.
   */
  maxBytes: number;
  /** How long each kind of record is cached; 0 turns caching off for it. */
  ttlSeconds: { workspace: number; directory: number; records: number };
}

export const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the gateway calls Intercom. */
export interface IntercomSettings {
  /** Longest wait for one answer. */
  timeoutMs: number;
  /** Longest a query may spend on Intercom, waits and retries included. */
  deadlineMs: number;
  /** Retries after a 408, a 5xx or a network failure. */
  retries: number;
  /** Calls to one workspace in flight at once. */
  maxConcurrency: number;
  /** Calls per 10-second window before Intercom's headers are known. */
  requestsPerWindow: number;
  /** Whether a rejected token is tried on the other regions' hosts. */
  findTokenRegion: boolean;
}

export const PII_POLICIES = ['reveal', 'mask'] as const;

/**
 * What a caller gets of fields holding personal data: the values as
 * Intercom has them, or masked ones (an email keeps its domain, a name
 * its initials).
 */
export type PiiPolicy = (typeof PII_POLICIES)[number];

/** A program or person allowed to call the gateway, and what it may do. */
export interface ClientConfig {
  /** Shown in the audit log; 1-64 characters of [A-Za-z0-9._-]. */
  name: string;
  /** Sent as `Authorization: Bearer <key>`; never logged. */
  key: string;
  /** The connection ids it may use, or `'*'` for every one. */
  connections: '*' | readonly string[];
  pii: PiiPolicy;
  /** Whether it may test, add and remove connections. */
  admin: boolean;
  /** Whether it may ask for the schema (`__schema`, `__type`). */
  introspection: boolean;
  /** Most Intercom calls one of its queries may be estimated to cost. */
  maxCallsPerQuery: number;
}

/** Where connections added at run time are kept, tokens encrypted. */
export interface StoreConfig {
  /** SQLite database file; created if missing. */
  path: string;
  /** AES-256-GCM key that encrypts the tokens, 32 bytes. */
  encryptionKey: Buffer;
}

/** The validated configuration with every default filled in. */
export interface GatewayConfig {
  listen: { host: string; port: number; maxBodyBytes: number };
  /** Base URL per region, without a trailing slash. */
  regions: Record<Region, string>;
  connections: ConnectionConfig[];
  cache: CacheConfig;
  intercom: IntercomSettings;
  logLevel: LogLevel;
  /**
   * A benchmark baseline: no response cache, and loaders that neither
   * batch nor de-duplicate, so every relation is one Intercom call per
   * row. Never for production.
   */
  naive: boolean;
  /** Callers and their keys; empty means an open gateway on loopback. */
  clients: ClientConfig[];
  /** Absent: connections come from this file only. */
  store: StoreConfig | undefined;
  /** Where audit lines go besides the log, if anywhere. */
  audit: { file: string | undefined };
}

/** One problem in a configuration, at a path like `connections[1].region`. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Environment variables, as in `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;
