import type { ApolloServerPlugin } from '@apollo/server';
import {
  collectDefaultMetrics,
  Counter,
  Histogram,
  Registry,
} from 'prom-client';
import { ResponseCache, type CacheOutcome } from '../cache/response-cache.js';
import type { GatewayContext } from '../graphql/context.js';
import type { IntercomCall } from '../intercom/client.js';

/**
 * Path segments of Intercom's API the gateway calls; any other segment is
 * an id and is shown as `:id`, so no contact or conversation id reaches
 * a label.
 */
const STATIC_SEGMENTS = new Set([
  'me',
  'admins',
  'teams',
  'tags',
  'segments',
  'data_attributes',
  'conversations',
  'attributes',
  'companies',
  'contacts',
  'search',
  'activity_logs',
]);

/** `GET /contacts/:id` for `GET /contacts/6630…?x=y`. */
export function endpointTemplate(method: string, path: string): string {
  const bare = path.split('?', 1)[0] ?? '';
  const template = bare
    .split('/')
    .map((segment) =>
      segment === '' || STATIC_SEGMENTS.has(segment) ? segment : ':id',
    )
    .join('/');
  return `${method} ${template || '/'}`;
}

/** Connection ids are the operator's names: 1–64 of `A-Z a-z 0-9 . _ -`. */
const CONNECTION_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Operation names past this many distinct ones are counted as `other`. */
const MAX_OPERATION_NAMES = 500;
const MAX_OPERATION_NAME_LENGTH = 100;

/**
 * Below this a wait for the rate budget is scheduling (a few promise
 * turns, or a busy event loop), not the budget holding a call back.
 */
const MIN_WAIT_MS = 5;

/**
 * The gateway's Prometheus metrics, in a registry of its own so that two
 * gateways in one process (tests, a replica beside the demo) never share
 * or clash over a counter. Labels hold connection ids, endpoint templates,
 * loader names, operation names and codes: never a token, key, record id
 * or email.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #operationNames = new Set<string>();

  readonly intercomRequests = new Counter({
    name: 'intercom_requests_total',
    help: 'HTTP exchanges with Intercom, retries included, by connection, endpoint template and status (0: no answer).',
    labelNames: ['connection', 'endpoint', 'status'] as const,
    registers: [this.registry],
  });

  readonly intercomDuration = new Histogram({
    name: 'intercom_request_duration_seconds',
    help: 'Time of one HTTP exchange with Intercom, body included.',
    labelNames: ['connection', 'endpoint'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly cacheRequests = new Counter({
    name: 'cache_requests_total',
    help: 'Reads of the response cache: hit (stored, or shared with a load in flight) or miss.',
    labelNames: ['connection', 'result'] as const,
    registers: [this.registry],
  });

  readonly loaderBatchSize = new Histogram({
    name: 'loader_batch_size',
    help: 'Keys in one batch of a per-request DataLoader.',
    labelNames: ['loader'] as const,
    buckets: [1, 2, 5, 10, 25, 50, 100, 150, 250, 500],
    registers: [this.registry],
  });

  readonly rateLimitWaits = new Counter({
    name: 'intercom_rate_limit_waits_total',
    help: "Intercom calls that waited before being sent: for the connection's rate budget or concurrency slots (budget), or until a 429's reset (retry_after).",
    labelNames: ['connection', 'reason'] as const,
    registers: [this.registry],
  });

  readonly rateLimitWaitSeconds = new Histogram({
    name: 'intercom_rate_limit_wait_seconds',
    help: 'How long an Intercom call waited for the rate budget or a 429 reset.',
    labelNames: ['connection', 'reason'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly graphqlOperations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by name (anonymous without one) and outcome (ok, or the first error code of the answer).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one finished exchange with Intercom and the waits before it. */
  observeCall(call: IntercomCall): void {
    const connection = call.connectionId;
    const endpoint = endpointTemplate(call.method, call.path);
    this.intercomRequests.inc({
      connection,
      endpoint,
      status: String(call.status),
    });
    this.intercomDuration.observe(
      { connection, endpoint },
      call.durationMs / 1000,
    );
    this.#observeWait(connection, 'budget', call.budgetWaitMs);
    this.#observeWait(connection, 'retry_after', call.retryAfterWaitMs);
  }

  observeCacheRead(key: string, hit: boolean): void {
    // Keys are `<version>:<connection>:<token fingerprint>:<hash>`
    // (src/cache/keys.ts); the fingerprint and hash stay out of labels.
    const candidate = key.split(':')[1] ?? '';
    const connection = CONNECTION_ID.test(candidate) ? candidate : 'unknown';
    this.cacheRequests.inc({ connection, result: hit ? 'hit' : 'miss' });
  }

  observeBatch(loader: string, size: number): void {
    this.loaderBatchSize.observe({ loader }, size);
  }

  observeOperation(name: string | undefined, outcome: string): void {
    this.graphqlOperations.inc({
      operation: this.#operationLabel(name),
      outcome,
    });
  }

  /** The registry's text in Prometheus's exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  #observeWait(
    connection: string,
    reason: 'budget' | 'retry_after',
    waitMs: number | undefined,
  ): void {
    if (waitMs === undefined || waitMs < MIN_WAIT_MS) return;
    this.rateLimitWaits.inc({ connection, reason });
    this.rateLimitWaitSeconds.observe({ connection, reason }, waitMs / 1000);
  }

  /**
   * A name from the parsed document (a GraphQL name, so no spaces, `@` or
   * punctuation), bounded in length and in how many distinct ones get a
   * series of their own, since callers choose them.
   */
  #operationLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (name.length > MAX_OPERATION_NAME_LENGTH) return 'other';
    if (this.#operationNames.has(name)) return name;
    if (this.#operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.#operationNames.add(name);
    return name;
  }
}

/** How long a readiness check waits for the cache store's answer. */
const STORE_PING_TIMEOUT_MS = 1_000;

/**
 * The response cache, counting each read as a hit or a miss, as
 * `extensions.cost` counts them (`cacheHits`; a miss is a load), and
 * able to tell whether its store answers, for `/readyz`.
 */
export class ObservedResponseCache extends ResponseCache {
  onRead: ((key: string, hit: boolean) => void) | undefined;
  readonly #store: ConstructorParameters<typeof ResponseCache>[0];

  constructor(...args: ConstructorParameters<typeof ResponseCache>) {
    super(...args);
    this.#store = args[0];
  }

  /**
   * Whether the store answers a read within a second: always, in memory;
   * for Redis, a round trip to the server (a GET through keyv).
   */
  async reachable(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(resolve, STORE_PING_TIMEOUT_MS, false);
    });
    try {
      return await Promise.race([
        this.#store.get('readyz').then(
          () => true,
          () => false,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  override async getOrLoad<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
  ): Promise<CacheOutcome<T>> {
    let hit = false;
    try {
      const outcome = await super.getOrLoad(key, ttlSeconds, load);
      hit = outcome.hit;
      return outcome;
    } finally {
      this.onRead?.(key, hit);
    }
  }
}

/** Counts every operation Apollo answers by its name and outcome. */
export function metricsPlugin(
  metrics: GatewayMetrics,
): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response, operation }) => {
          const errors =
            response.body.kind === 'single'
              ? (response.body.singleResult.errors ?? [])
              : [];
          const code = errors[0]?.extensions?.code;
          const outcome =
            errors.length === 0
              ? 'ok'
              : typeof code === 'string'
                ? code
                : 'INTERNAL_SERVER_ERROR';
          metrics.observeOperation(operation?.name?.value, outcome);
          return Promise.resolve();
        },
      }),
  };
}
