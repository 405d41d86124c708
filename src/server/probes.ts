import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { CallerDirectory } from '../auth/callers.js';
import { ErrorCode } from '../errors.js';
import type { ConnectionStore } from '../store/connection-store.js';
import type { GatewayMetrics, ObservedResponseCache } from './metrics.js';

/** Paths of the probes, which answer without a key. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);
const METRICS_PATH = '/metrics';

/** Whether a request's URL (query string and all) is a probe's. */
export function isProbe(url: string): boolean {
  return PROBE_PATHS.has(url.split('?', 1)[0] ?? url);
}

type CheckResult =
  'ok' | 'not configured' | 'unreachable' | 'fallback' | 'shutting down';

/** Results that leave the gateway able to serve. */
const SERVING: ReadonlySet<CheckResult> = new Set([
  'ok',
  'not configured',
  'fallback',
]);

export interface ProbeOptions {
  cache: ObservedResponseCache;
  store: ConnectionStore | undefined;
  callers: CallerDirectory;
  metrics: GatewayMetrics;
  /** True once the gateway has begun to close. */
  closing: () => boolean;
}

/**
 * `/healthz` (the process answers), `/readyz` (it can serve: the
 * configuration is loaded, the connection store and the cache store
 * answer) and `/metrics` (Prometheus's text format). The probes take no
 * key and name the failed check, never a host or a secret; `/metrics`
 * takes an admin's key when clients are configured, and none on a
 * gateway open on loopback.
 */
export function registerOperatorRoutes(
  app: FastifyInstance,
  options: ProbeOptions,
): void {
  app.get('/healthz', (_request, reply) => {
    void reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });

  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, CheckResult> = {
      // The gateway serves only once its configuration has been read.
      config: 'ok',
      store: storeCheck(options.store),
      cache: await cacheCheck(options.cache),
    };
    if (options.closing()) checks.gateway = 'shutting down';
    const failed = Object.entries(checks)
      .filter(([, result]) => !SERVING.has(result))
      .map(([name]) => name);
    return reply
      .status(failed.length === 0 ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(
        failed.length === 0
          ? { status: 'ok', checks }
          : { status: 'unavailable', failed, checks },
      );
  });

  app.get(METRICS_PATH, async (request, reply) => {
    if (!mayReadMetrics(request, reply, options.callers)) return reply;
    return reply
      .header('content-type', options.metrics.contentType)
      .header('cache-control', 'no-store')
      .send(await options.metrics.render());
  });
}

/**
 * A shared cache (Redis) that does not answer leaves the gateway serving
 * from its local fallback: still ready, or a Redis outage would take every
 * replica out of a load balancer at once. It says `fallback`.
 */
async function cacheCheck(cache: ObservedResponseCache): Promise<CheckResult> {
  if (await cache.reachable()) return 'ok';
  return cache.hasFallback ? 'fallback' : 'unreachable';
}

function storeCheck(store: ConnectionStore | undefined): CheckResult {
  if (!store) return 'not configured';
  try {
    store.ids();
    return 'ok';
  } catch {
    return 'unreachable';
  }
}

/**
 * Open when no clients are configured (the gateway then serves loopback
 * only, like its GraphQL); otherwise only for a client with `admin: true`.
 * A refusal is answered in GraphQL's error shape, like every other.
 */
function mayReadMetrics(
  request: FastifyRequest,
  reply: FastifyReply,
  callers: CallerDirectory,
): boolean {
  let admin: boolean;
  try {
    admin = callers.authenticate(request.headers.authorization).admin;
  } catch (error: unknown) {
    const message =
      error instanceof GraphQLError ? error.message : 'Unauthenticated.';
    void reply.status(401).send(refusal(message, ErrorCode.UNAUTHENTICATED));
    return false;
  }
  if (!admin) {
    void reply
      .status(403)
      .send(
        refusal(
          '/metrics is for clients with admin: true; use an admin key.',
          ErrorCode.FORBIDDEN,
        ),
      );
    return false;
  }
  return true;
}

function refusal(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}
