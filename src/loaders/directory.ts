import { ErrorCode, toError } from '../errors.js';
import { IntercomError } from '../intercom/errors.js';

/**
 * Serves records by id out of one list that is fetched at most once per
 * request: admins, teams and tags are few, and Intercom lists each of them
 * whole in one call, which is cheaper than any number of lookups by id.
 */
export class DirectoryIndex<T extends { id: string }> {
  readonly #load: () => Promise<T[]>;
  readonly #reuse: boolean;
  #byId: Promise<Map<string, T>> | undefined;

  /**
   * `reuse: false` (naive mode) lists again on every use, as a resolver
   * set without loaders would.
   */
  constructor(load: () => Promise<T[]>, options: { reuse?: boolean } = {}) {
    this.#load = load;
    this.#reuse = options.reuse ?? true;
  }

  /** Every record, in Intercom's order. */
  async all(): Promise<T[]> {
    return [...(await this.#index()).values()];
  }

  /**
   * One result per id, in order: the record, or a NOT_FOUND error in that
   * id's slot. A failed list call fails every slot with its own error.
   */
  async byIds(
    ids: readonly (string | number)[],
    describe: (id: string) => IntercomError,
  ): Promise<(T | Error)[]> {
    let index: Map<string, T>;
    try {
      index = await this.#index();
    } catch (error: unknown) {
      const failure = toError(error);
      return ids.map(() => failure);
    }
    return ids.map((id) => index.get(String(id)) ?? describe(String(id)));
  }

  #index(): Promise<Map<string, T>> {
    if (!this.#reuse) return this.#read();
    this.#byId ??= this.#read();
    return this.#byId;
  }

  #read(): Promise<Map<string, T>> {
    return this.#load().then(
      (records) => new Map(records.map((record) => [record.id, record])),
    );
  }
}

/** The error in the slot of an id the workspace does not have. */
export function notFound(
  connectionId: string,
  kind: string,
  id: string,
): IntercomError {
  return new IntercomError(
    `Connection '${connectionId}' has no ${kind} with id '${id}'`,
    { code: ErrorCode.NOT_FOUND, connectionId },
  );
}

/**
 * The last step of loaders that find records in bulk: reads each id still
 * missing on its own, all at once, and answers every key in order with its
 * record, its read's error, or NOT_FOUND.
 */
export async function readRest<T>(
  keys: readonly string[],
  found: Map<string, T>,
  failed: Map<string, Error>,
  read: (id: string) => Promise<T>,
  describe: (id: string) => IntercomError,
): Promise<(T | Error)[]> {
  const missing = [...new Set(keys)].filter(
    (id) => !found.has(id) && !failed.has(id),
  );
  await Promise.all(
    missing.map(async (id) => {
      try {
        found.set(id, await read(id));
      } catch (error: unknown) {
        failed.set(id, toError(error));
      }
    }),
  );
  return keys.map((id) => found.get(id) ?? failed.get(id) ?? describe(id));
}
