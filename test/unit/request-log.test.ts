import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { createLogger } from '../../src/logger.js';
import { ErrorCode } from '../../src/errors.js';
import { errorLogPlugin } from '../../src/server/format-error.js';

function logInto(lines: Record<string, unknown>[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return createLogger('info', sink);
}

/** Runs the plugin's didEncounterErrors as Apollo would for one request. */
async function encounter(
  plugin: ReturnType<typeof errorLogPlugin>,
  contextValue: { logger?: Logger },
  errors: GraphQLError[],
) {
  // Only the fields the plugin reads; Apollo's request context has more.
  const started = await plugin.requestDidStart?.({ contextValue } as never);
  await started?.didEncounterErrors?.({ contextValue, errors } as never);
}

it('logs an unexpected error with the logger of the request it happened in', async () => {
  const lines: Record<string, unknown>[] = [];
  const base = logInto(lines);
  const plugin = errorLogPlugin(base);

  await encounter(plugin, { logger: base.child({ reqId: 'abc-1' }) }, [
    new GraphQLError('boom', {
      originalError: new TypeError('x is undefined'),
      path: ['field'],
    }),
  ]);

  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    reqId: 'abc-1',
    msg: 'unexpected error while answering a query',
    path: ['field'],
  });
});

it('leaves errors raised on purpose, and requests graphql-js refused, to the answer', async () => {
  const lines: Record<string, unknown>[] = [];
  const base = logInto(lines);

  await encounter(errorLogPlugin(base), {}, [
    new GraphQLError('no such connection', {
      path: ['connection'],
      extensions: { code: ErrorCode.NOT_FOUND },
    }),
    new GraphQLError('Schema is not configured to execute mutation operation.'),
  ]);

  expect(lines).toEqual([]);
});
