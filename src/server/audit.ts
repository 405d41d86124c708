import type { ApolloServerPlugin } from '@apollo/server';
import { pino, type Logger } from 'pino';
import type { GatewayContext } from '../graphql/context.js';

/**
 * One audit line: who ran which operation against which connections, what
 * personal data the answer held and whether it was masked, what it cost
 * and how it ended. It names fields, never values, and identifies the
 * document by its SHA-256, so no token or personal value pasted into a
 * query (an email filter, a token under test) can reach the audit trail.
 */
export interface AuditEntry {
  /** The client's name, or null when the caller was not recognised. */
  caller: string | null;
  /** The caller's address as the gateway saw it. */
  remoteAddress: string | undefined;
  connections: string[];
  operationName: string | null;
  /** query, mutation or subscription; null when none was resolved. */
  operationType: string | null;
  /** SHA-256 of the document's text, hex. */
  documentHash: string | null;
  /** `Type.field` of every personal-data field in the answer. */
  piiFields: string[];
  /** Whether those fields reached the caller masked. */
  piiMasked: boolean;
  upstreamCalls: number;
  cacheHits: number;
  durationMs: number;
  /** The distinct `extensions.code` values of the answer's errors. */
  errorCodes: string[];
}

/**
 * Writes audit lines to the gateway's logger and, when configured, to a
 * file of their own (JSON lines, appended), which an operator can ship to
 * long-term storage apart from the chattier log.
 */
export class AuditLog {
  readonly #logger: Logger;
  readonly #file: Logger | undefined;
  readonly #destination: ReturnType<typeof pino.destination> | undefined;
  #closed = false;

  constructor(logger: Logger, file: string | undefined) {
    this.#logger = logger;
    if (file !== undefined) {
      // Written synchronously: a line is on disk before its answer leaves,
      // so a crash cannot lose the record of what was already shown.
      this.#destination = pino.destination({
        dest: file,
        mkdir: true,
        sync: true,
      });
      this.#file = pino({ base: null }, this.#destination);
    }
  }

  /** `logger`: the request's, so that the line carries its `reqId`. */
  write(entry: AuditEntry, logger: Logger = this.#logger): void {
    logger.info({ audit: entry }, 'audit');
    if (!this.#closed) this.#file?.info(entry, 'audit');
  }

  /** Closes the file sink; lines written after this go to the log only. */
  close(): Promise<void> {
    if (this.#destination && !this.#closed) {
      this.#closed = true;
      this.#destination.end();
    }
    return Promise.resolve();
  }
}

/**
 * Writes one audit line per operation that got as far as a caller: when
 * its answer is sent, whether it succeeded, failed validation or ran out
 * of budget. Requests refused for their key are audited where the key is
 * checked, since they never get a context. `onWrite` is told of each
 * line's context, so the gateway knows which requests have one.
 */
export function auditPlugin(
  audit: AuditLog,
  onWrite?: (context: GatewayContext) => void,
): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () => {
      const started = performance.now();
      return Promise.resolve({
        willSendResponse: (request) => {
          const { contextValue: context, response } = request;
          const errors =
            response.body.kind === 'single'
              ? (response.body.singleResult.errors ?? [])
              : [];
          const codes = new Set<string>();
          for (const error of errors) {
            const code = error.extensions?.code;
            if (typeof code === 'string') codes.add(code);
          }
          audit.write(
            {
              caller: context.caller.name,
              remoteAddress: context.remoteAddress,
              connections: [...context.stats.connections].sort(),
              operationName: request.operationName ?? null,
              operationType: request.operation?.operation ?? null,
              documentHash: request.queryHash,
              piiFields: [...context.stats.piiFields].sort(),
              piiMasked: context.caller.pii === 'mask',
              upstreamCalls: context.stats.upstreamCalls,
              cacheHits: context.stats.cacheHits,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              errorCodes: [...codes].sort(),
            },
            context.logger,
          );
          onWrite?.(context);
          return Promise.resolve();
        },
      });
    },
  };
}
