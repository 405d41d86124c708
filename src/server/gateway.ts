import { ApolloServer } from '@apollo/server';
import fastifyApollo, {
  fastifyApolloDrainPlugin,
} from '@as-integrations/fastify';
import Fastify from 'fastify';
import type { Logger } from 'pino';
import { Agent } from 'undici';
import { ResponseCache } from '../cache/response-cache.js';
import { openCacheStore } from '../cache/store.js';
import type { GatewayConfig } from '../config/index.js';
import { ConnectionRegistry } from '../connections/registry.js';
import { createContext, type GatewayContext } from '../graphql/context.js';
import { buildSchema } from '../graphql/schema.js';
import { createErrorFormatter } from './format-error.js';

/** Sockets kept open to each Intercom host; bounds the pool per host. */
const CONNECTIONS_PER_HOST = 32;
/** How long an idle socket to Intercom stays open for reuse. */
const KEEP_ALIVE_MS = 30_000;

export interface RunningGateway {
  /** Base URL the gateway listens on, such as http://127.0.0.1:4000. */
  url: string;
  registry: ConnectionRegistry;
  cache: ResponseCache;
  /** Stops taking requests, lets those in flight finish, and closes. */
  close(): Promise<void>;
}

/**
 * Builds every long-lived part once (schema, clients, HTTP pool, cache)
 * and starts serving GraphQL at `/graphql`.
 */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger,
): Promise<RunningGateway> {
  const dispatcher = new Agent({
    connections: CONNECTIONS_PER_HOST,
    keepAliveTimeout: KEEP_ALIVE_MS,
  });
  const cache = new ResponseCache(
    openCacheStore({
      store: config.cache.store,
      url: config.cache.url,
      maxEntries: config.cache.maxEntries,
    }),
    logger,
  );
  const registry = new ConnectionRegistry({
    connections: config.connections,
    regionUrls: config.regions,
    timeoutMs: config.intercom.timeoutMs,
    cache,
    ttlSeconds: config.cache.ttlSeconds,
    dispatcher,
    onCall: (call) => {
      logger.debug({ intercom: call }, 'intercom call');
    },
  });

  const app = Fastify({ logger: false });
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildSchema(),
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    context: () => Promise.resolve(createContext(registry)),
  });

  const url = await app.listen({
    host: config.listen.host,
    port: config.listen.port,
  });
  logger.info(
    { url: `${url}/graphql`, connections: registry.list().length },
    'gateway listening',
  );

  return {
    url,
    registry,
    cache,
    async close() {
      await app.close();
      await apollo.stop();
      await cache.close();
      await dispatcher.close();
    },
  };
}
