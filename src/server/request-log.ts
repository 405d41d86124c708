import { AsyncLocalStorage } from 'node:async_hooks';
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
 * the id back in `x-request-id`. Code that has the request (hooks, the
 * context) asks `of(request)`; code that runs for it without seeing it
 * (the error formatter, the Intercom client's call lines) asks
 * `current()`, which finds the logger of the request whose handler is
 * running, through an AsyncLocalStorage entered before the handler.
 */
export class RequestLogs {
  readonly #base: Logger;
  readonly #loggers = new WeakMap<FastifyRequest, Logger>();
  readonly #running = new AsyncLocalStorage<Logger>();

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

  /** The running request's logger, or the gateway's outside of one. */
  current(): Logger {
    return this.#running.getStore() ?? this.#base;
  }

  install(app: FastifyInstance): void {
    app.addHook('onRequest', (request, reply, done) => {
      void reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
    // The body is read by then; the handler runs inside `done`, so what
    // it awaits keeps the request's logger.
    app.addHook('preHandler', (request, _reply, done) => {
      this.#running.run(this.of(request), done);
    });
  }
}
