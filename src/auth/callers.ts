import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { ClientConfig, PiiPolicy } from '../config/index.js';
import { DEFAULTS } from '../config/index.js';
import { ErrorCode } from '../errors.js';

/** Who sent a request, and what that caller may do. */
export interface Caller {
  /** The client's name from the configuration; never its key. */
  readonly name: string;
  readonly pii: PiiPolicy;
  readonly admin: boolean;
  readonly introspection: boolean;
  readonly maxCallsPerQuery: number;
  /** Whether the caller may use the connection with this id. */
  allows(connectionId: string): boolean;
  /** Whether the caller may use every connection, present and future. */
  readonly everyConnection: boolean;
}

/**
 * The caller of a gateway configured without clients, which serves only on
 * loopback: whoever can reach it is on this machine and is trusted with
 * everything, as with any local development server.
 */
export const LOCAL_CALLER: Caller = {
  name: 'local',
  pii: 'reveal',
  admin: true,
  introspection: true,
  maxCallsPerQuery: DEFAULTS.clientMaxCallsPerQuery,
  allows: () => true,
  everyConnection: true,
};

/**
 * Knows the configured callers by key. Keys are compared through their
 * SHA-256 digests with `timingSafeEqual`, against every client whatever
 * matched first, so neither a key's length nor its position in the list
 * shows in how long an answer takes.
 */
export class CallerDirectory {
  readonly #clients: readonly { digest: Buffer; caller: Caller }[];

  constructor(clients: readonly ClientConfig[]) {
    this.#clients = clients.map((client) => ({
      digest: digest(client.key),
      caller: toCaller(client),
    }));
  }

  /** True when no clients are configured: the gateway is open on loopback. */
  get open(): boolean {
    return this.#clients.length === 0;
  }

  /**
   * The caller an `Authorization` header names; UNAUTHENTICATED for no
   * header, another scheme or an unknown key.
   */
  authenticate(header: string | undefined): Caller {
    if (this.open) return LOCAL_CALLER;
    const key = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
    if (key === undefined) {
      throw unauthenticated(
        header === undefined || header === ''
          ? 'This gateway needs a caller key: send it as `Authorization: Bearer <key>`.'
          : 'Expected `Authorization: Bearer <key>`, got another form of the header.',
      );
    }
    const presented = digest(key);
    let found: Caller | undefined;
    for (const client of this.#clients) {
      if (timingSafeEqual(client.digest, presented)) found ??= client.caller;
    }
    if (!found) {
      throw unauthenticated(
        'The caller key is not one this gateway knows; check the key, or ask its operator for one.',
      );
    }
    return found;
  }

  /** Connection ids named by some caller, to warn about unknown ones. */
  namedConnectionIds(): Map<string, string[]> {
    const named = new Map<string, string[]>();
    for (const { caller } of this.#clients) {
      for (const id of listedIds.get(caller) ?? []) {
        named.set(id, [...(named.get(id) ?? []), caller.name]);
      }
    }
    return named;
  }
}

/** The ids each restricted caller lists, for start-up warnings. */
const listedIds = new WeakMap<Caller, readonly string[]>();

function toCaller(client: ClientConfig): Caller {
  const allowed =
    client.connections === '*' ? undefined : new Set(client.connections);
  const caller: Caller = {
    name: client.name,
    pii: client.pii,
    admin: client.admin,
    introspection: client.introspection,
    maxCallsPerQuery: client.maxCallsPerQuery,
    allows: (id) => allowed === undefined || allowed.has(id),
    everyConnection: allowed === undefined,
  };
  if (allowed) listedIds.set(caller, [...allowed]);
  return caller;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

/** A caller's request for something it may not have. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.FORBIDDEN },
  });
}
