import type {
  Connection,
  ConnectionRegistry,
} from '../connections/registry.js';
import { createLoaders, type ConnectionLoaders } from '../loaders/index.js';

/** What every resolver of one GraphQL operation shares. */
export interface GatewayContext {
  registry: ConnectionRegistry;
  /** Epoch ms by which this operation's Intercom calls must end. */
  deadline: number;
  /** The connection's loaders for this operation, made on first use. */
  loadersFor(connection: Connection): ConnectionLoaders;
}

export function createContext(
  registry: ConnectionRegistry,
  deadlineMs: number,
): GatewayContext {
  const loaders = new Map<string, ConnectionLoaders>();
  const deadline = Date.now() + deadlineMs;
  return {
    registry,
    deadline,
    loadersFor(connection) {
      let forConnection = loaders.get(connection.id);
      if (!forConnection) {
        forConnection = createLoaders(connection, { deadline });
        loaders.set(connection.id, forConnection);
      }
      return forConnection;
    },
  };
}
