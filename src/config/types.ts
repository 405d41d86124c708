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
  /** Bound on the in-memory store; unused by Redis. */
  maxEntries: number;
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

/** The validated configuration with every default filled in. */
export interface GatewayConfig {
  listen: { host: string; port: number };
  /** Base URL per region, without a trailing slash. */
  regions: Record<Region, string>;
  connections: ConnectionConfig[];
  cache: CacheConfig;
  intercom: { timeoutMs: number };
  logLevel: LogLevel;
}

/** One problem in a configuration, at a path like `connections[1].region`. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Environment variables, as in `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;
