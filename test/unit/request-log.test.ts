import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { createLogger } from '../../src/logger.js';
import { createErrorFormatter } from '../../src/server/format-error.js';
import { RequestLogs, requestIdOf } from '../../src/server/request-log.js';

const apps: { close(): Promise<unknown> }[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

it('finds the request’s logger in code that runs for it without seeing it, after the body is read', async () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const base = createLogger('info', sink);
  const logs = new RequestLogs(base);
  const format = createErrorFormatter(base, () => logs.current());
  const app = Fastify({ logger: false, genReqId: requestIdOf });
  apps.push(app);
  logs.install(app);
  app.post('/work', async () => {
    await sleep(5);
    // What Apollo does with an error no resolver meant: formats it.
    const thrown = new GraphQLError('boom', {
      originalError: new TypeError('x is undefined'),
      path: ['field'],
    });
    format({ message: 'boom', path: ['field'] }, thrown);
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no');

  const response = await fetch(`http://127.0.0.1:${address.port}/work`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'abc-1' },
    body: JSON.stringify({ some: 'body' }),
  });

  expect(response.headers.get('x-request-id')).toBe('abc-1');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    reqId: 'abc-1',
    msg: 'unexpected error while answering a query',
  });
  // Outside a request, the gateway's own logger.
  expect(logs.current()).toBe(base);
});
