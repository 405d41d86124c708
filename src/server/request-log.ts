import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** The header a request id comes in and goes back in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An incoming id is kept when it is a short token (a proxy's or a load
 * balancer's: UUIDs, hex, base64url); anything else could be a way to
 * write into the log, and is replaced.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Fastify's `genReqId`: the caller's id if it is sane, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER];
  const sent = Array.isArray(header) ? header[0] : header;
  return sent !== undefined && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/**
 * Gives each request a pino child logger bound to its `reqId`, and sends
 * the id back in `x-request-id`. Code that serves a request gets it from
 * the request (hooks) or from the GraphQL context, which carries it to the
 * plugins and, through the call options, to the Intercom client's lines.
 * No AsyncLocalStorage: on Node 20 it hooks every promise a query makes,
 * which cost a tenth of a cached query's time.
 */
export class RequestLogs {
  readonly #base: Logger;
  readonly #loggers = new WeakMap<FastifyRequest, Logger>();

  constructor(base: Logger) {
    this.#base = base;
  }

  of(request: FastifyRequest): Logger {
    let logger = this.#loggers.get(request);
    if (!logger) {
      logger = this.#base.child({ reqId: request.id });
      this.#loggers.set(request, logger);
    }
    return logger;
  }

  install(app: FastifyInstance): void {
    app.addHook('onRequest', (request, reply, done) => {
      void reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
  }
}
