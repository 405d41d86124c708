import DataLoader from 'dataloader';
import type { Connection } from '../connections/registry.js';
import type { CallOptions } from '../intercom/client.js';
import { toError } from '../errors.js';
import { DirectoryIndex } from './directory.js';
import type { ConnectionLoaders, IdKey } from './index.js';
import { createSettingsLoaders } from './settings.js';

/**
 * Loaders that neither batch nor remember: a benchmark's baseline (the
 * `naive` key), the gateway as a plain REST-per-field resolver set would
 * be. Each relation is its own `GET /{kind}/{id}` per row, each list is
 * read again wherever it is used, and nothing is shared between fields.
 * The response cache is off too (the registry gives it TTL 0).
 */
export function createNaiveLoaders(
  connection: Connection,
  call: CallOptions,
): ConnectionLoaders {
  const { api } = connection;
  const unshared = { reuse: false };
  return {
    me: () => api.me(call),
    admins: new DirectoryIndex(
      async () => (await api.admins(call)).admins,
      unshared,
    ),
    teams: new DirectoryIndex(
      async () => (await api.teams(call)).teams,
      unshared,
    ),
    tags: new DirectoryIndex(async () => (await api.tags(call)).data, unshared),
    segments: () => api.segments(call).then((list) => list.segments),
    contactSegments: perRow(
      async (id) => (await api.contactSegments(id, call)).data,
    ),
    admin: perRow((id) => api.admin(id, call)),
    team: perRow((id) => api.team(id, call)),
    tag: perRow((id) => api.tag(id, call)),
    contact: perRow((id) => api.contact(id, call)),
    company: perRow((id) => api.company(id, call)),
    conversation: perRow((id) => api.conversation(id, call)),
    settings: createSettingsLoaders(connection, call, (read) => read),
  };
}

/**
 * A loader in name only: every `load` is one call of its own, and
 * `prime` keeps nothing.
 */
function perRow<T>(
  load: (id: string) => Promise<T>,
): DataLoader<IdKey, T, string> {
  return new DataLoader<IdKey, T, string>(
    (ids) =>
      Promise.all(
        ids.map((id) =>
          load(String(id)).catch((error: unknown) => toError(error)),
        ),
      ),
    { batch: false, cache: false },
  );
}
