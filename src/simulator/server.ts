/**
 * One region's HTTP server: authentication, the Intercom-Version header,
 * JSON bodies, error answers, the added latency and the call log.
 * Plain node:http keeps the simulator's own overhead small and its
 * keep-alive behaviour that of Node's defaults.
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
import type { CallLog } from './calls.js';
import { ApiError, errorBody } from './errors.js';
import { JsonBytes } from './json.js';
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
  token: string;
  latencyMs: number;
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

export function createRegionServer(options: RegionServerOptions): Server {
  const { region, store, token, calls } = options;

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const seq = calls.arrive();
    const startedAtMs = performance.now();
    const requestId = randomUUID();
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    const method = request.method ?? 'GET';
    const sentToken = bearerToken(request);
    const version = header(request, 'intercom-version');
    const query = Object.fromEntries(url.searchParams);
    const parsed = parseJson(await readBody(request));
    const body = parsed.ok ? parsed.value : undefined;
    let status: number;
    let answer: unknown;

    try {
      // Each regional host knows only its own workspace: a token from
      // another region is as unknown here as a made-up one.
      if (sentToken !== token) {
        throw new ApiError(401, 'unauthorized', 'Access Token Invalid');
      }
      if (version !== null && !INTERCOM_VERSIONS.has(version)) {
        throw new ApiError(
          400,
          'intercom_version_invalid',
          `Intercom-Version must be one of 1.0-1.4 or 2.0-2.16; got '${version}'`,
          'Intercom-Version',
        );
      }
      if (!parsed.ok) {
        throw new ApiError(
          400,
          'bad_request',
          `The request body must be JSON: ${parsed.reason}`,
        );
      }
      ({ status, body: answer } = route(store, {
        method,
        path: url.pathname,
        query,
        body,
      }));
    } catch (error: unknown) {
      if (!(error instanceof ApiError)) throw error;
      status = error.status;
      answer = errorBody(requestId, error);
    }

    if (options.latencyMs > 0) await sleep(options.latencyMs);
    const payload =
      answer instanceof JsonBytes
        ? answer.bytes
        : Buffer.from(JSON.stringify(answer));
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': payload.length,
      'x-request-id': requestId,
    });
    response.end(payload);
    calls.record(seq, {
      region,
      method,
      path: url.pathname,
      query,
      body,
      token: sentToken,
      intercomVersion: version,
      accept: header(request, 'accept'),
      status,
      startedAtMs,
      endedAtMs: performance.now(),
    });
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
