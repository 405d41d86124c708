import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo, {
  fastifyApolloDrainPlugin,
} from '@as-integrations/fastify';
import Fastify, { type FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { ResponseCache } from '../cache/response-cache.js';
import { openCacheStores } from '../cache/open.js';
import type { GatewayConfig } from '../config/index.js';
import { CallerDirectory } from '../auth/callers.js';
import { describeHealth } from '../connections/health.js';
import { ConnectionRegistry } from '../connections/registry.js';
import { ConnectionStore } from '../store/connection-store.js';
import { createContext, type GatewayContext } from '../graphql/context.js';
import { buildSchema } from '../graphql/schema.js';
import { AuditLog, auditPlugin, type AuditEntry } from './audit.js';
import { introspectionPlugin } from './access.js';
import { createErrorFormatter, errorLogPlugin } from './format-error.js';
import {
  answerClientErrors,
  answerHttpErrorsAsGraphQL,
} from './http-errors.js';
import { costLimitPlugin, limitRules, QUERY_LIMITS } from './limits.js';
import {
  GatewayMetrics,
  metricsPlugin,
  ObservedResponseCache,
} from './metrics.js';
import { isProbe, registerOperatorRoutes } from './probes.js';
import { RequestLogs, requestIdOf } from './request-log.js';
import { servePlayground } from './playground.js';

/** Sockets kept open to each Intercom host; bounds the pool per host. */
const CONNECTIONS_PER_HOST = 32;
/** How long an idle socket to Intercom stays open for reuse. */
const KEEP_ALIVE_MS = 30_000;
/** How long start-up waits for the first check of every connection. */
const STARTUP_CHECK_WAIT_MS = 3_000;

/** The gateway could not take its address; the message says how to fix it. */
export class ListenError extends Error {
  constructor(listen: { host: string; port: number }, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    const reason =
      code === 'EADDRINUSE'
        ? 'another process already listens there; stop it, or set PORT (or listen.port) to a free port'
        : code === 'EACCES'
          ? 'this user may not listen on that port; choose a port above 1023'
          : code === 'EADDRNOTAVAIL'
            ? 'this machine has no such address; set listen.host to one of its own'
            : String(cause);
    super(`Cannot listen on ${listen.host}:${listen.port}: ${reason}.`, {
      cause,
    });
    this.name = 'ListenError';
  }
}

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
  // The store opens first: a wrong key or an unusable file stops start-up
  // before anything is open that would have to be closed again.
  const store = config.store ? ConnectionStore.open(config.store) : undefined;

  const dispatcher = new Agent({
    connections: CONNECTIONS_PER_HOST,
    keepAliveTimeout: KEEP_ALIVE_MS,
  });
  // Each request's log lines carry its id; metrics are this gateway's own.
  const requestLogs = new RequestLogs(logger);
  const metrics = new GatewayMetrics();
  // On Redis, the cache and the rate budgets share one client, and the
  // cache falls back to memory while Redis is unreachable.
  const stores = await openCacheStores(config.cache);
  const cache = new ObservedResponseCache(stores.keyv, logger, stores.options);
  const registry = new ConnectionRegistry({
    connections: config.connections,
    regionUrls: config.regions,
    intercom: config.intercom,
    cache,
    redis: stores.redis,
    ttlSeconds: config.cache.ttlSeconds,
    naive: config.naive,
    dispatcher,
    store,
    onChange: (change, { id, region, source }) => {
      logger.info(
        { connection: id, region, source },
        change === 'added'
          ? `serving connection '${id}' from the ${source}`
          : `stopped serving connection '${id}'`,
      );
    },
    onCall: (call, options) => {
      metrics.observeCall(call);
      (options.logger ?? logger).debug({ intercom: call }, 'intercom call');
    },
    onHealthChange: (connection, health, before) => {
      const fields = { connection, status: health.status };
      const message = describeHealth(health, connection);
      if (health.status !== 'ACTIVE') logger.warn(fields, message);
      else if (before) logger.info(fields, message);
    },
  });
  if (store) serveStoredConnections(registry, store, logger);
  if (config.naive) {
    logger.warn(
      'naive mode: the gateway runs without batching and without caching, one Intercom call per row; it is a benchmark baseline, not for production (remove naive: true from the configuration)',
    );
  }

  const callers = new CallerDirectory(config.clients);
  warnAboutCallers(callers, registry, logger);
  const audit = new AuditLog(logger, config.audit.file);

  // Requests with an audit line, of their operation or of their refused
  // key; any other request that fails gets a refusal line in the log.
  const audited = new WeakSet<FastifyRequest>();
  // Apollo hands plugins a shallow copy of the context, so a request is
  // found again by its context's stats, which the copy shares.
  const requestOf = new WeakMap<object, FastifyRequest>();

  const app = Fastify({
    logger: false,
    bodyLimit: config.listen.maxBodyBytes,
    clientErrorHandler: answerClientErrors(logger),
    genReqId: requestIdOf,
    requestIdHeader: false,
  });
  requestLogs.install(app);
  answerHttpErrorsAsGraphQL(
    app,
    logger,
    // A failing probe is an answer, not a refusal worth a log line.
    (request) => audited.has(request) || isProbe(request.url),
    (request) => requestLogs.of(request),
  );
  // A browser's GET of /graphql gets the playground, served from here.
  servePlayground(app, { open: callers.open });

  // Once closing, each answer closes its connection: a keep-alive socket
  // left open after the last answer in flight would hold the close until
  // the socket's idle timeout, more than a minute.
  let draining = false;
  cache.onRead = (key, hit) => {
    metrics.observeCacheRead(key, hit);
  };
  registerOperatorRoutes(app, {
    cache,
    store,
    callers,
    metrics,
    closing: () => draining,
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });
  const apollo = new ApolloServer<GatewayContext>({
    schema: buildSchema(),
    formatError: createErrorFormatter(),
    includeStacktraceInErrorResponses: false,
    // Apollo would stop itself on SIGINT and SIGTERM and then raise the
    // signal again, killing the process before the caller's own shutdown
    // (src/main.ts, src/demo.ts) has closed the rest; close() stops it.
    stopOnTerminationSignals: false,
    // Apollo would turn introspection off for everyone when NODE_ENV is
    // production; the introspection plugin decides per caller instead.
    introspection: true,
    parseOptions: { maxLexicalTokens: QUERY_LIMITS.maxTokens },
    validationRules: limitRules,
    plugins: [
      // Apollo's cache-control plugin, on by default, wraps every resolver
      // to read @cacheControl hints that this schema never gives; that
      // wrapping was the largest share of a cached query's own time.
      ApolloServerPluginCacheControlDisabled(),
      // Its landing page loads from Apollo's CDN; servePlayground's does not.
      ApolloServerPluginLandingPageDisabled(),
      fastifyApolloDrainPlugin(app),
      introspectionPlugin(),
      errorLogPlugin(logger),
      auditPlugin(audit, (context) => {
        const request = requestOf.get(context.stats);
        if (request) audited.add(request);
      }),
      costLimitPlugin(),
      metricsPlugin(metrics),
    ],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    // Every request names its caller before anything runs; a missing or
    // unknown key ends here, before parsing, with UNAUTHENTICATED.
    context: (request) => {
      let caller;
      try {
        caller = callers.authenticate(request.headers.authorization);
      } catch (error: unknown) {
        const refused = refusedEntry(request.ip, error);
        audit.write(refused, requestLogs.of(request));
        metrics.observeOperation(undefined, refused.errorCodes.join(','));
        audited.add(request);
        throw error;
      }
      const context = createContext(
        registry,
        caller,
        config.intercom.deadlineMs,
        request.ip,
        {
          logger: requestLogs.of(request),
          onBatch: (loader, size) => {
            metrics.observeBatch(loader, size);
          },
        },
      );
      requestOf.set(context.stats, request);
      return Promise.resolve(context);
    },
  });

  let url: string;
  try {
    url = await app.listen({
      host: config.listen.host,
      port: config.listen.port,
    });
  } catch (error: unknown) {
    await app.close();
    await apollo.stop();
    store?.close();
    await cache.close();
    await audit.close();
    await dispatcher.close();
    throw new ListenError(config.listen, error);
  }
  logger.info(
    { url: `${url}/graphql`, connections: registry.list().length },
    'gateway listening',
  );

  // Check every connection once at start, so an operator sees a wrong
  // token or region in the log at once rather than on the first query.
  // Start-up waits for the checks only briefly; slow ones finish later.
  const checks = registry.list().map((connection) =>
    connection.health.get().catch((error: unknown) => {
      logger.error({ err: error, connection: connection.id }, 'check failed');
    }),
  );
  await Promise.race([
    Promise.all(checks),
    sleep(STARTUP_CHECK_WAIT_MS, undefined, { ref: false }),
  ]);

  let closing: Promise<void> | undefined;
  return {
    url,
    registry,
    cache,
    // Closing twice (a second signal, a test's cleanup) waits for the
    // first close rather than closing parts that are already gone.
    close() {
      closing ??= (async () => {
        draining = true;
        await app.close();
        await apollo.stop();
        store?.close();
        await cache.close();
        await audit.close();
        await dispatcher.close();
      })();
      return closing;
    },
  };
}

/**
 * Serves the connections of the store beside those of the file. The file
 * wins a clash of ids: it is what the operator edits by hand, and a
 * stored copy under the same id would otherwise change which workspace
 * the id reads without the file saying so.
 */
function serveStoredConnections(
  registry: ConnectionRegistry,
  store: ConnectionStore,
  logger: Logger,
) {
  const { connections, unreadable } = store.list();
  for (const stored of connections) {
    if (registry.get(stored.id)) {
      logger.warn(
        { connection: stored.id },
        `the store holds connection '${stored.id}', which the configuration file also defines; the file's is served and the stored one skipped. To serve the stored one, rename or remove the file's and restart`,
      );
      continue;
    }
    registry.add(stored, 'store');
  }
  for (const id of unreadable) {
    logger.warn(
      { connection: id },
      `the store's row for connection '${id}' does not decrypt with store.encryptionKey or names no region (it was moved or changed outside the gateway), so it is not served; removeConnection(id: "${id}") deletes it`,
    );
  }
}

/** The audit line of a request refused for its key. */
function refusedEntry(remoteAddress: string, error: unknown): AuditEntry {
  const code = error instanceof GraphQLError ? error.extensions.code : null;
  return {
    caller: null,
    remoteAddress,
    connections: [],
    operationName: null,
    operationType: null,
    documentHash: null,
    piiFields: [],
    piiMasked: false,
    upstreamCalls: 0,
    cacheHits: 0,
    durationMs: 0,
    errorCodes: [typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR'],
  };
}

/** Tells the operator, once at start, what the callers' settings mean. */
function warnAboutCallers(
  callers: CallerDirectory,
  registry: ConnectionRegistry,
  logger: Logger,
) {
  if (callers.open) {
    logger.warn(
      'no clients are configured: the gateway serves every caller on this machine without a key, with every connection and personal data unmasked; add clients to require keys',
    );
    return;
  }
  for (const [id, names] of callers.namedConnectionIds()) {
    if (registry.get(id)) continue;
    logger.warn(
      { connection: id, clients: names },
      `clients name connection '${id}', which is not configured; until a connection with that id is added, they get NOT_FOUND for it`,
    );
  }
}
