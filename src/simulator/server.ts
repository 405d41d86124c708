/**
 * One region's HTTP server: injected faults, the rate limit, tokens and
 * what each may read, the Intercom-Version header, JSON bodies, error
 * answers, the added latency and the call log. Plain node:http keeps the
 * simulator's own overhead small and its keep-alive behaviour that of
 * Node's defaults.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Region } from '../intercom/regions.js';
import { authenticate, authorize, type TokenVariant } from './access.js';
import { errorAnswer, jsonAnswer, type Outgoing } from './answers.js';
import type { CallLog, SimulatorCall } from './calls.js';
import { ApiError } from './errors.js';
import { faultAnswer, type FaultRules } from './faults.js';
import {
  rateLimitHeaders,
  rateLimitMessage,
  RateLimiter,
  type RateBudget,
  type RateLimitConfig,
} from './ratelimit.js';
import { route } from './routes.js';
import type { WorkspaceStore } from './store.js';

/** The values the description's `intercom_version` schema enumerates. */
const INTERCOM_VERSIONS = new Set([
  ...['1.0', '1.1', '1.2', '1.3', '1.4'],
  ...Array.from({ length: 17 }, (_, minor) => `2.${minor}`),
]);

export interface RegionServerOptions {
  region: Region;
  store: WorkspaceStore;
  /** Every token the workspace issued, by variant. */
  tokens: Readonly<Record<TokenVariant, string>>;
  latencyMs: number;
  rateLimit: RateLimitConfig;
  faults: FaultRules;
  calls: CallLog;
}

/** A header's value; an empty header counts as absent. */
function header(request: IncomingMessage, name: string): string | null {
  const raw = request.headers[name];
  const value = typeof raw === 'string' ? raw : raw?.[0];
  return value === undefined || value === '' ? null : value;
}

function bearerToken(request: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(
    header(request, 'authorization') ?? '',
  );
  return match?.[1] ?? null;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

/** An empty body is no body; anything else must be JSON. */
function parseJson(text: string): ParsedBody {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reason };
  }
}

/** What the server read of a request, before answering it. */
interface Incoming {
  requestId: string;
  method: string;
  path: string;
  query: Record<string, string>;
  token: string | null;
  version: string | null;
  body: ParsedBody;
}

export function createRegionServer(options: RegionServerOptions): Server {
  const { region, store, calls, faults, rateLimit } = options;
  const limiter = new RateLimiter(rateLimit);
  const tokens = new Map<string, TokenVariant>(
    Object.entries(options.tokens).map(([variant, token]) => [
      token,
      variant as TokenVariant,
    ]),
  );

  /** The answer without faults: Intercom's, success or error. */
  function answer(incoming: Incoming, budget: RateBudget): Outgoing {
    const headers = {
      'x-request-id': incoming.requestId,
      ...rateLimitHeaders(budget),
    };
    try {
      // Past the budget nothing else is looked at, not even the token.
      if (budget.exceeded) {
        throw new ApiError(
          429,
          'rate_limit_exceeded',
          rateLimitMessage(rateLimit.perWindow, rateLimit.windowSeconds),
        );
      }
      // Each regional host knows only its own workspace's tokens: a token
      // from another region is as unknown here as a made-up one.
      const variant = authenticate(tokens, incoming.token);
      const { version } = incoming;
      if (version !== null && !INTERCOM_VERSIONS.has(version)) {
        throw new ApiError(
          400,
          'intercom_version_invalid',
          `Intercom-Version must be one of 1.0-1.4 or 2.0-2.16; got '${version}'`,
          'Intercom-Version',
        );
      }
      if (!incoming.body.ok) {
        throw new ApiError(
          400,
          'bad_request',
          `The request body must be JSON: ${incoming.body.reason}`,
        );
      }
      const { status, body } = route(
        store,
        {
          method: incoming.method,
          path: incoming.path,
          query: incoming.query,
          body: incoming.body.value,
        },
        (gates) => {
          authorize(variant, gates);
        },
      );
      return jsonAnswer(status, body, headers);
    } catch (error: unknown) {
      if (!(error instanceof ApiError)) throw error;
      return errorAnswer(incoming.requestId, error, headers);
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const seq = calls.arrive();
    const startedAtMs = performance.now();
    let rateLimitReset: number | null = null;
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    const incoming: Incoming = {
      requestId: randomUUID(),
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      token: bearerToken(request),
      version: header(request, 'intercom-version'),
      body: parseJson(await readBody(request)),
    };
    const log = (status: number) => {
      const call: SimulatorCall = {
        region,
        method: incoming.method,
        path: incoming.path,
        query: incoming.query,
        body: incoming.body.ok ? incoming.body.value : undefined,
        token: incoming.token,
        intercomVersion: incoming.version,
        accept: header(request, 'accept'),
        status,
        rateLimitReset,
        startedAtMs,
        endedAtMs: performance.now(),
      };
      calls.record(seq, call);
    };

    // A hanging request never answers and, having no answer to report a
    // budget on, does not count against it. It is logged with status 0
    // once its socket closes: the client gave up, or the server closed.
    const fault = faults.take(incoming.method, incoming.path);
    if (fault?.kind === 'hang') {
      response.once('close', () => {
        log(0);
      });
      return;
    }

    // Every other request counts against its token's budget, faulted or
    // not, as each reached Intercom.
    const nowMs = Date.now();
    const budget = limiter.take(incoming.token ?? '');
    rateLimitReset = budget.resetAt;
    const outgoing =
      fault === null
        ? answer(incoming, budget)
        : faultAnswer(fault, {
            requestId: incoming.requestId,
            budget,
            rateLimit,
            nowMs,
            normal: () => answer(incoming, budget),
          });

    if (options.latencyMs > 0) await sleep(options.latencyMs);
    if (fault?.kind === 'slow') await sleep(fault.delayMs);
    response.writeHead(outgoing.status, {
      ...outgoing.headers,
      'content-length': outgoing.body.length,
    });
    response.end(outgoing.body);
    log(outgoing.status);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A simulator bug: answer 500 rather than leave the client hanging.
      const message = error instanceof Error ? error.message : String(error);
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
      }
      response.end(
        JSON.stringify({
          type: 'error.list',
          request_id: randomUUID(),
          errors: [{ code: 'server_error', message }],
        }),
      );
    });
  });
  // Benchmarks drive many requests over few sockets: keep them open well
  // beyond a pause between runs.
  server.keepAliveTimeout = 30_000;
  return server;
}
