import type { Caller } from '../auth/callers.js';
import type {
  Connection,
  ConnectionRegistry,
} from '../connections/registry.js';
import type { CallOptions, CallStats } from '../intercom/client.js';
import type { Logger } from 'pino';
import {
  createLoaders,
  type BatchObserver,
  type ConnectionLoaders,
} from '../loaders/index.js';

/**
 * What one operation did, for its audit line and `extensions.cost`. The
 * Intercom client and the response cache count into it as they work.
 */
export interface RequestStats extends CallStats {
  /** Ids of the connections the operation was answered from. */
  connections: Set<string>;
  /** Personal-data fields the answer holds, as `Type.field`. */
  piiFields: Set<string>;
  /**
   * Intercom calls the operation was estimated to cost before it ran;
   * undefined until then, and for a request refused before that.
   */
  estimatedCalls: number | undefined;
}

/** What every resolver of one GraphQL operation shares. */
export interface GatewayContext {
  registry: ConnectionRegistry;
  /** Who asked; decides which connections and values it sees. */
  caller: Caller;
  /** The address the request came from, for the audit trail. */
  remoteAddress: string | undefined;
  /** Epoch ms by which this operation's Intercom calls must end. */
  deadline: number;
  /** Options for every Intercom read of this operation. */
  call: CallOptions;
  stats: RequestStats;
  /** The request's logger, whose lines carry its `reqId`. */
  logger?: Logger;
  /** The connection's loaders for this operation, made on first use. */
  loadersFor(connection: Connection): ConnectionLoaders;
}

export function newRequestStats(): RequestStats {
  return {
    upstreamCalls: 0,
    cacheHits: 0,
    connections: new Set(),
    piiFields: new Set(),
    estimatedCalls: undefined,
  };
}

export function createContext(
  registry: ConnectionRegistry,
  caller: Caller,
  deadlineMs: number,
  remoteAddress?: string,
  extras: { logger?: Logger; onBatch?: BatchObserver } = {},
): GatewayContext {
  const loaders = new Map<string, ConnectionLoaders>();
  const deadline = Date.now() + deadlineMs;
  const stats = newRequestStats();
  const call: CallOptions = {
    deadline,
    stats,
    ...(extras.logger ? { logger: extras.logger } : {}),
  };
  return {
    registry,
    caller,
    remoteAddress,
    deadline,
    call,
    stats,
    ...(extras.logger ? { logger: extras.logger } : {}),
    loadersFor(connection) {
      let forConnection = loaders.get(connection.id);
      if (!forConnection) {
        stats.connections.add(connection.id);
        forConnection = createLoaders(
          connection,
          call,
          registry.naive,
          extras.onBatch,
        );
        loaders.set(connection.id, forConnection);
      }
      return forConnection;
    },
  };
}
