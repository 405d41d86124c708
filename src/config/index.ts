/** The gateway's YAML configuration: parsed, interpolated and validated. */
export { DEFAULTS } from './defaults.js';
export { ConfigError, formatConfigError } from './errors.js';
export { loadConfig, parseConfig } from './parse.js';
export { LOG_LEVELS, PII_POLICIES } from './types.js';
export type {
  CacheConfig,
  ClientConfig,
  ConfigIssue,
  ConnectionConfig,
  Env,
  GatewayConfig,
  IntercomSettings,
  LogLevel,
  PiiPolicy,
  StoreConfig,
} from './types.js';
