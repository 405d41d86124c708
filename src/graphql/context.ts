import type {
  Connection,
  ConnectionRegistry,
} from '../connections/registry.js';
import { createLoaders, type ConnectionLoaders } from '../loaders/index.js';

/** What every resolver of one GraphQL operation shares. */
export interface GatewayContext {
  registry: ConnectionRegistry;
  /** The connection's loaders for this operation, made on first use. */
  loadersFor(connection: Connection): ConnectionLoaders;
}

export function createContext(registry: ConnectionRegistry): GatewayContext {
  const loaders = new Map<string, ConnectionLoaders>();
  return {
    registry,
    loadersFor(connection) {
      let forConnection = loaders.get(connection.id);
      if (!forConnection) {
        forConnection = createLoaders(connection);
        loaders.set(connection.id, forConnection);
      }
      return forConnection;
    },
  };
}
