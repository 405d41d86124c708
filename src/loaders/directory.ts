import { ErrorCode, toError } from '../errors.js';
import { IntercomError } from '../intercom/errors.js';

/**
 * Serves records by id out of one list that is fetched at most once per
 * request: admins, teams and tags are few, and Intercom lists each of them
 * whole in one call, which is cheaper than any number of lookups by id.
 */
export class DirectoryIndex<T extends { id: string }> {
  readonly #load: () => Promise<T[]>;
  #byId: Promise<Map<string, T>> | undefined;

  constructor(load: () => Promise<T[]>) {
    this.#load = load;
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
    this.#byId ??= this.#load().then(
      (records) => new Map(records.map((record) => [record.id, record])),
    );
    return this.#byId;
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
