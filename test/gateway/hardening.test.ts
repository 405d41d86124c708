import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { ListenError, startGateway } from '../../src/server/gateway.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

beforeEach(() => {
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await stack.close();
});

/** admins { teams { admins { teams { ... } } } }, `levels` lists deep. */
function directoryNest(levels: number): string {
  let selection = 'id';
  for (let level = levels - 1; level >= 0; level -= 1) {
    selection = `${level % 2 === 0 ? 'teams' : 'admins'} { id ${selection} }`;
  }
  return `{ connection(id: "${CONNECTIONS.us}") { workspace { admins { ${selection} } } } }`;
}

async function post(body: string, contentType = 'application/json') {
  const response = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

it('refuses a query nested deeper than the limit before calling Intercom', async () => {
  const answer = await stack.query(directoryNest(12));

  expect(answer.errors?.[0]?.message).toMatch(/depth limit of 12/);
  expect(answer.errors?.[0]?.extensions?.code).toBe(
    'GRAPHQL_VALIDATION_FAILED',
  );
  expect(stack.simulator.calls()).toHaveLength(0);
});

it('refuses nested lists whose product is too large, with QUERY_TOO_COSTLY, and keeps serving', async () => {
  const answer = await stack.query(directoryNest(5));

  expect(answer.data).toBeUndefined();
  expect(answer.errors?.[0]?.extensions).toMatchObject({
    code: 'QUERY_TOO_COSTLY',
    cost: { limit: 100_000 },
  });
  expect(answer.errors?.[0]?.message).toMatch(/more than the limit/);
  expect(stack.simulator.calls()).toHaveLength(0);

  const after = await stack.query(directoryNest(2));
  expect(after.errors).toBeUndefined();
});

it('counts `first` from variables and aliases in the estimate', async () => {
  const aliases = Array.from(
    { length: 30 },
    (_, i) =>
      `c${i}: conversations(first: $first) { nodes { id tags { id name } contacts { id name email } } }`,
  ).join('\n');
  const query = `query Many($first: Int) {
    connection(id: "${CONNECTIONS.eu}") { workspace { ${aliases} } }
  }`;

  const small = await stack.query(query, { first: 2 });
  const large = await stack.query(query, { first: 150 });

  expect(small.errors).toBeUndefined();
  expect(large.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
});

it('refuses more aliases than the limit', async () => {
  const aliases = Array.from({ length: 31 }, (_, i) => `t${i}: tags { id }`);
  const answer = await stack.query(
    `{ connection(id: "${CONNECTIONS.us}") { workspace { ${aliases.join(' ')} } } }`,
  );

  expect(answer.errors?.[0]?.message).toMatch(/aliases/i);
  expect(stack.simulator.calls()).toHaveLength(0);
});

it.each([
  ['a body that is not JSON', '{"query":', 'application/json', 400],
  ['an empty body', '', 'application/json', 400],
  ['a content type Apollo does not read', '{ a }', 'text/xml', 415],
])(
  'answers %s in GraphQL error shape with BAD_REQUEST',
  async (_what, body, contentType, status) => {
    const answer = await post(body, contentType);

    expect(answer.status).toBe(status);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  },
);

it('answers an unknown path with BAD_REQUEST', async () => {
  const response = await fetch(`${stack.gateway.url}/nope`);

  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({
    errors: [{ extensions: { code: 'BAD_REQUEST' } }],
  });
});

it.each(['PUT', 'DELETE', 'PATCH'])(
  'answers %s /graphql with 405, Allow: GET, POST and BAD_REQUEST, as Apollo answers a method it does not serve',
  async (method) => {
    const response = await fetch(`${stack.gateway.url}/graphql`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(await response.json()).toEqual({
      errors: [
        {
          message: `/graphql takes GET and POST requests only, not ${method}.`,
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  },
);

it('answers a GET mutation with the same code and status as another method', async () => {
  const query = encodeURIComponent(
    'mutation { checkConnection(id: "x") { status } }',
  );
  const response = await fetch(`${stack.gateway.url}/graphql?query=${query}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });

  expect(response.status).toBe(405);
  expect(await response.json()).toMatchObject({
    errors: [{ extensions: { code: 'BAD_REQUEST' } }],
  });
});

it('answers headers larger than Node reads in GraphQL error shape with BAD_REQUEST', async () => {
  const response = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${'k'.repeat(20_000)}`,
    },
    body: '{"query":"{ connections { id } }"}',
  });

  expect(response.status).toBe(431);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as {
    errors: { message: string; extensions: { code: string } }[];
  };
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
  expect(body.errors[0]?.message).toMatch(/headers are larger/);
  expect(JSON.stringify(body)).not.toContain('kkkk');
  // Logged as a refusal of a request whose method and path went unread.
  expect(
    stack.logs.filter((line) => line.msg === 'request refused').at(-1),
  ).toMatchObject({
    refusal: {
      method: null,
      path: null,
      status: 431,
      code: 'BAD_REQUEST',
      remoteAddress: '127.0.0.1',
    },
  });
  expect(stack.logText()).not.toContain('kkkk');
});

it('writes a whole HTTP/1.1 answer to a raw socket whose headers are too large, then closes it', async () => {
  const { hostname, port } = new URL(stack.gateway.url);
  const socket = connect(Number(port), hostname);
  socket.write(
    `GET /graphql HTTP/1.1\r\nHost: ${hostname}\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`,
  );
  let raw = '';
  socket.on('data', (chunk: Buffer) => {
    raw += chunk.toString('utf8');
  });
  await new Promise<void>((resolve, reject) => {
    socket.on('end', resolve);
    socket.on('error', reject);
  });

  const [head = '', body = ''] = raw.split('\r\n\r\n');
  expect(head.split('\r\n')[0]).toBe(
    'HTTP/1.1 431 Request Header Fields Too Large',
  );
  expect(head).toMatch(/\r\nconnection: close(\r\n|$)/i);
  expect(head).toContain(`content-length: ${Buffer.byteLength(body)}`);
  expect(JSON.parse(body)).toMatchObject({
    errors: [{ extensions: { code: 'BAD_REQUEST' } }],
  });
});

it('treats a mutation as the caller’s mistake, not a gateway fault', async () => {
  const answer = await stack.query('mutation { x }');

  expect(answer.errors?.[0]?.extensions?.code).toBe(
    'GRAPHQL_VALIDATION_FAILED',
  );
  expect(answer.errors?.[0]?.message).not.toBe('Internal server error');
  expect(stack.logs.filter((line) => line.level === 50)).toEqual([]);
});

it('answers an unknown persisted query with PERSISTED_QUERY_NOT_FOUND', async () => {
  const answer = await post(
    JSON.stringify({
      extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } },
    }),
  );

  expect(answer.body.errors?.[0]?.extensions?.code).toBe(
    'PERSISTED_QUERY_NOT_FOUND',
  );
});

it.each(['', '.', '..', '../admins', 'a'.repeat(200)])(
  'refuses the id %j with BAD_USER_INPUT and no Intercom call',
  async (id) => {
    const answer = await stack.query(
      `query Get($id: ID!) {
        connection(id: "${CONNECTIONS.us}") {
          workspace { contact(id: $id) { id } conversation(id: $id) { id } }
        }
      }`,
      { id },
    );

    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual([
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
    expect(JSON.stringify(answer).length).toBeLessThan(2_000);
    expect(stack.simulator.calls()).toHaveLength(0);
  },
);

it('refuses a date that does not exist', async () => {
  const answer = await stack.query(`{
    connection(id: "${CONNECTIONS.us}") {
      workspace { contacts(filter: { createdAfter: "2024-02-30T00:00:00Z" }) { totalCount } }
    }
  }`);

  expect(answer.errors?.[0]?.message).toContain('real date and time');
  expect(stack.simulator.calls()).toHaveLength(0);
});

it.each(['0001-01-01T00:00:00Z', '0099-12-31T23:59:59Z'])(
  'reads the year of %s as written, and refuses it as before the log begins',
  async (since) => {
    const answer = await stack.query(
      `query Since($since: DateTime!) {
        connection(id: "${CONNECTIONS.us}") {
          workspace { securityEvents(since: $since) { nodes { id } } }
        }
      }`,
      { since },
    );

    expect(answer.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'since',
    });
    expect(answer.errors?.[0]?.message).toContain(`got ${since.slice(0, 4)}-`);
    expect(stack.simulator.calls()).toHaveLength(0);
  },
);

it('accepts a cursor when the same filter spells out its unset fields', async () => {
  const list = (filter: string, after = '') => `{
    connection(id: "${CONNECTIONS.us}") {
      workspace {
        contacts(first: 2, filter: ${filter}${after ? `, after: "${after}"` : ''}) {
          nodes { id }
          pageInfo { endCursor }
        }
      }
    }
  }`;
  const first = await stack.query<{
    connection: {
      workspace: { contacts: { pageInfo: { endCursor: string } } };
    };
  }>(list('{ role: USER }'));
  const cursor = first.data?.connection.workspace.contacts.pageInfo.endCursor;

  const next = await stack.query(
    list('{ role: USER, email: null }', cursor ?? ''),
  );

  expect(next.errors).toBeUndefined();
});

it('says clearly when its port is taken', async () => {
  const port = Number(new URL(stack.gateway.url).port);
  const config = {
    ...stack.config,
    listen: { ...stack.config.listen, host: '127.0.0.1', port },
  };

  await expect(startGateway(config, createLogger('silent'))).rejects.toThrow(
    ListenError,
  );
  await expect(startGateway(config, createLogger('silent'))).rejects.toThrow(
    /already listens there.*PORT/,
  );
});

it('warns at start that a gateway without clients is open to this machine', () => {
  const warning = stack.logs.find(
    (line) =>
      line.level === 40 &&
      String(line.msg).startsWith('no clients are configured'),
  );

  expect(warning?.msg).toMatch(/without a key.*add clients to require keys/);
  expect(stack.gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
});
