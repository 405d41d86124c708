import type { Connection } from '../connections/registry.js';
import { SECURITY_EVENT_TYPES } from '../graphql/security-events.js';
import type { CallOptions } from '../intercom/client.js';
import type {
  IntercomActivityLog,
  IntercomAwayStatusReason,
  IntercomBrand,
  IntercomIpAllowlist,
} from '../intercom/models.js';

/**
 * Reads of one answer each, made once per request however many fields
 * use them: the workspace's settings and the counts of its overview.
 */
export interface SettingsLoaders {
  ipAllowlist: () => Promise<IntercomIpAllowlist>;
  brands: () => Promise<IntercomBrand[]>;
  awayStatusReasons: () => Promise<IntercomAwayStatusReason[]>;
  activityLogEventTypes: () => Promise<string[]>;
  contactCount: () => Promise<number>;
  openConversationCount: () => Promise<number>;
  /** The newest security settings change in the activity log, if any. */
  lastSecuritySettingsChange: () => Promise<IntercomActivityLog | null>;
}

/** Makes `read` run at its first use and answer every later one alike. */
export function once<T>(read: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= read());
}

/**
 * The settings reads, each wrapped by `share`: `once` to read each once
 * per request, or a pass-through for naive mode's read per use.
 */
export function createSettingsLoaders(
  connection: Connection,
  call: CallOptions,
  share: <T>(read: () => Promise<T>) => () => Promise<T>,
): SettingsLoaders {
  const { api } = connection;
  return {
    ipAllowlist: share(() => api.ipAllowlist(call)),
    brands: share(async () => (await api.brands(call)).data),
    awayStatusReasons: share(
      async () => (await api.awayStatusReasons(call)).data,
    ),
    activityLogEventTypes: share(
      async () => (await api.activityLogEventTypes(call)).event_types,
    ),
    contactCount: share(() => api.contactCount(call)),
    openConversationCount: share(() => api.openConversationCount(call)),
    lastSecuritySettingsChange: share(() =>
      api.newestActivity(SECURITY_EVENT_TYPES.SECURITY_SETTINGS, call),
    ),
  };
}
