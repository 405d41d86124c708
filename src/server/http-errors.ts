import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors.js';

/** Where Apollo serves GraphQL, and the methods it answers there. */
const GRAPHQL_PATH = '/graphql';
const GRAPHQL_METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);

/** Bounds the path a refusal line shows: a 404's path can be 16 KiB. */
const MAX_LOGGED_PATH = 256;

/**
 * One request refused before any operation existed, as its log line
 * holds it: where it came from and how it was answered, never a header
 * or the body, since either may carry a key or a token.
 */
export interface Refusal {
  /** The request's method; null when its head could not be read. */
  method: string | null;
  /** The path without its query string, which may hold a query. */
  path: string | null;
  status: number;
  /** The answer's `extensions.code`. */
  code: string | null;
  remoteAddress: string | undefined;
}

function logRefusal(logger: Logger, refusal: Refusal): void {
  logger.info({ refusal }, 'request refused');
}

function pathOf(request: FastifyRequest): string {
  const path = request.url.split('?', 1)[0] ?? '';
  return path.length > MAX_LOGGED_PATH
    ? `${path.slice(0, MAX_LOGGED_PATH)}…`
    : path;
}

function graphQLError(message: string, code: ErrorCode) {
  return { errors: [{ message, extensions: { code } }] };
}

/** The first error code of an answer's body, if it is GraphQL's shape. */
function codeOf(payload: unknown): string | null {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return null;
  try {
    const body = JSON.parse(payload) as {
      errors?: { extensions?: { code?: unknown } }[];
    };
    const code = body.errors?.[0]?.extensions?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

/**
 * Requests that never reach GraphQL (a body that is not JSON, a content
 * type Apollo does not read, an unknown path or method) still get an
 * answer in GraphQL's error shape with a stable code, so clients parse
 * one format. Each refusal that leaves no audit line, these and those
 * Apollo makes before any operation (CSRF, batches), gets a log line:
 * `audited` tells which requests already have an audit line.
 */
export function answerHttpErrorsAsGraphQL(
  app: FastifyInstance,
  logger: Logger,
  audited: (request: FastifyRequest) => boolean,
  /** The request's own logger, whose lines carry its `reqId`. */
  logFor: (request: FastifyRequest) => Logger = () => logger,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      logFor(request).error({ err: error }, 'request failed before GraphQL');
    }
    void reply
      .status(status)
      .send(
        status >= 500
          ? graphQLError(
              'Internal server error',
              ErrorCode.INTERNAL_SERVER_ERROR,
            )
          : graphQLError(error.message, ErrorCode.BAD_REQUEST),
      );
  });

  // Before the body is read: a PUT's body is not worth parsing, and a bad
  // one would otherwise turn the 405 into a 400.
  app.addHook('onRequest', (request, reply, done) => {
    if (
      pathOf(request) === GRAPHQL_PATH &&
      !GRAPHQL_METHODS.has(request.method)
    ) {
      // Apollo's own 405, for a method it does not serve, uses the same
      // code and Allow header.
      void reply
        .status(405)
        .header('allow', 'GET, POST')
        .send(
          graphQLError(
            `${GRAPHQL_PATH} takes GET and POST requests only, not ${request.method}.`,
            ErrorCode.BAD_REQUEST,
          ),
        );
      return;
    }
    done();
  });

  app.setNotFoundHandler((_request, reply) => {
    void reply
      .status(404)
      .send(
        graphQLError(
          'Nothing is served at this path; GraphQL is at /graphql.',
          ErrorCode.BAD_REQUEST,
        ),
      );
  });

  app.addHook(
    'onSend',
    (request, reply: FastifyReply, payload: unknown, done) => {
      if (reply.statusCode >= 400 && !audited(request)) {
        logRefusal(logFor(request), {
          method: request.method,
          path: pathOf(request),
          status: reply.statusCode,
          code: codeOf(payload),
          remoteAddress: request.ip,
        });
      }
      done(null, payload);
    },
  );
}

/** Node's errors about a request it could not read as HTTP. */
interface ClientError extends Error {
  code?: string;
}

/**
 * Fastify's `clientErrorHandler`: answers a request whose head Node could
 * not read (headers over Node's 16 KiB, a malformed request line, a head
 * that came too slowly) in GraphQL's error shape, as Fastify would
 * otherwise answer it in its own, then closes the connection, since the
 * rest of what the client sends cannot be read as a request.
 */
export function answerClientErrors(logger: Logger) {
  return (error: ClientError, socket: Socket): void => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;

    const [status, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            "The request's headers are larger than the gateway reads (16 KiB in all); send a shorter Authorization header and fewer or smaller other headers.",
          ]
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, "The request's head did not arrive in time."]
          : [400, 'The request is not valid HTTP/1.1.'];
    logRefusal(logger, {
      method: null,
      path: null,
      status,
      code: ErrorCode.BAD_REQUEST,
      remoteAddress: socket.remoteAddress,
    });
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(graphQLError(message, ErrorCode.BAD_REQUEST));
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
        'content-type: application/json; charset=utf-8',
        `content-length: ${Buffer.byteLength(body)}`,
        'connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  };
}
