import DataLoader from 'dataloader';
import type { Connection } from '../connections/registry.js';
import type { CallOptions } from '../intercom/client.js';
import { toError } from '../errors.js';
import type {
  IntercomAdmin,
  IntercomCompany,
  IntercomContact,
  IntercomConversationWithParts,
  IntercomMe,
  IntercomSegment,
  IntercomTag,
  IntercomTeam,
} from '../intercom/models.js';
import { loadCompanies } from './companies.js';
import { loadContacts } from './contacts.js';
import { DirectoryIndex, notFound } from './directory.js';
import { createNaiveLoaders } from './naive.js';
import {
  createSettingsLoaders,
  once,
  type SettingsLoaders,
} from './settings.js';

/** An id as Intercom sends it: strings mostly, integers for admins and teams. */
export type IdKey = string | number;

/**
 * One connection's loaders for one request. They are made per request so
 * nothing one caller loaded is handed to another except through the
 * response cache, whose keys hold the connection.
 */
export interface ConnectionLoaders {
  /** `GET /me`: the token's admin and workspace, read once per request. */
  me: () => Promise<IntercomMe>;
  admins: DirectoryIndex<IntercomAdmin>;
  teams: DirectoryIndex<IntercomTeam>;
  tags: DirectoryIndex<IntercomTag>;
  admin: DataLoader<IdKey, IntercomAdmin, string>;
  team: DataLoader<IdKey, IntercomTeam, string>;
  tag: DataLoader<IdKey, IntercomTag, string>;
  contact: DataLoader<IdKey, IntercomContact, string>;
  company: DataLoader<IdKey, IntercomCompany, string>;
  conversation: DataLoader<IdKey, IntercomConversationWithParts, string>;
  /** Every segment of the workspace, read once per request. */
  segments: () => Promise<IntercomSegment[]>;
  /** The segments of each contact: Intercom lists them one contact a call. */
  contactSegments: DataLoader<IdKey, IntercomSegment[], string>;
  /** The workspace's settings, each read once per request. */
  settings: SettingsLoaders;
}

// Intercom sends team and admin ids as integers in some places and as
// strings in others; keys are compared as strings so 7 and '7' are one.
const byString = { cacheKeyFn: (key: IdKey) => String(key) };

/** Told the size of each batch a loader hands to its batch function. */
export type BatchObserver = (loader: string, size: number) => void;

export function createLoaders(
  connection: Connection,
  call: CallOptions,
  /** A benchmark's baseline: no batching, one call per row (`naive`). */
  naive = false,
  onBatch?: BatchObserver,
): ConnectionLoaders {
  if (naive) return createNaiveLoaders(connection, call);
  const batch = <T>(
    loader: string,
    load: (ids: readonly IdKey[]) => Promise<(T | Error)[]>,
  ) =>
    onBatch
      ? (ids: readonly IdKey[]) => {
          onBatch(loader, ids.length);
          return load(ids);
        }
      : load;
  const { api } = connection;
  const missing = (kind: string) => (id: string) =>
    notFound(connection.id, kind, id);

  const admins = new DirectoryIndex(
    async () => (await api.admins(call)).admins,
  );
  const teams = new DirectoryIndex(async () => (await api.teams(call)).teams);
  const tags = new DirectoryIndex(async () => (await api.tags(call)).data);

  return {
    settings: createSettingsLoaders(connection, call, once),
    segments: once(() => api.segments(call).then((list) => list.segments)),
    contactSegments: new DataLoader(
      batch('contactSegments', (ids) =>
        eachById(ids, async (id) => (await api.contactSegments(id, call)).data),
      ),
      byString,
    ),
    me: once(() => api.me(call)),
    admins,
    teams,
    tags,
    admin: new DataLoader(
      batch('admin', (ids) => admins.byIds(ids, missing('admin'))),
      byString,
    ),
    team: new DataLoader(
      batch('team', (ids) => teams.byIds(ids, missing('team'))),
      byString,
    ),
    tag: new DataLoader(
      batch('tag', (ids) => tags.byIds(ids, missing('tag'))),
      byString,
    ),
    contact: new DataLoader(
      batch('contact', (ids) => loadContacts(api, ids.map(String), call)),
      byString,
    ),
    company: new DataLoader(
      batch('company', (ids) => loadCompanies(api, ids.map(String), call)),
      byString,
    ),
    conversation: new DataLoader(
      batch('conversation', (ids) =>
        eachById(ids, (id) => api.conversation(id, call)),
      ),
      byString,
    ),
  };
}

/**
 * For records Intercom only serves one at a time: one call per distinct
 * id, all at once, each failure in its own slot.
 */
function eachById<T>(
  ids: readonly IdKey[],
  load: (id: string) => Promise<T>,
): Promise<(T | Error)[]> {
  return Promise.all(
    ids.map((id) => load(String(id)).catch((error: unknown) => toError(error))),
  );
}
