import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client } from '../support/clients.js';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

const ui = client('compliance-ui');
const analyst = client('analyst', {
  connections: [CONNECTIONS.eu],
  pii: 'mask',
  introspection: false,
});

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    configure: (config) => ({ ...config, clients: [ui, analyst] }),
  });
});

beforeEach(() => {
  stack.simulator.clearFaults();
  stack.simulator.resetCalls();
});

afterAll(async () => {
  await stack.close();
});

const EVERYTHING = `{ connections { id workspace { name admins { id } } } }`;

async function post(headers: Record<string, string>, body: string) {
  const response = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: unknown;
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

describe('caller keys', () => {
  it('answers a request without a key with UNAUTHENTICATED and calls nobody', async () => {
    const answer = await post({}, JSON.stringify({ query: EVERYTHING }));

    expect(answer.status).toBe(401);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.body.errors?.[0]?.message).toMatch(/Authorization: Bearer/);
    expect(stack.simulator.calls()).toHaveLength(0);
  });

  it('answers a wrong key, and another scheme, with UNAUTHENTICATED and calls nobody', async () => {
    const wrong = await stack.query(EVERYTHING, undefined, {
      key: `${ui.key}x`,
    });
    const basic = await post(
      { authorization: `Basic ${Buffer.from(ui.key).toString('base64')}` },
      JSON.stringify({ query: EVERYTHING }),
    );

    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(basic.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(stack.simulator.calls()).toHaveLength(0);
  });

  it("gives FORBIDDEN for another caller's connection, and calls nobody", async () => {
    const answer = await stack.query(
      `{ connection(id: "${CONNECTIONS.us}") { id workspace { name } } }`,
      undefined,
      { key: analyst.key },
    );

    expect(answer.data).toEqual({ connection: null });
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(answer.errors?.[0]?.message).toMatch(/may not use connection/);
    expect(stack.simulator.calls()).toHaveLength(0);
  });

  it('gives FORBIDDEN, not NOT_FOUND, for an unknown id to a restricted caller', async () => {
    const unknown = await stack.query(
      '{ connection(id: "no-such") { id } }',
      undefined,
      { key: analyst.key },
    );
    const known = await stack.query(
      `{ connection(id: "${CONNECTIONS.au}") { id } }`,
      undefined,
      { key: analyst.key },
    );

    // The same answer for both, so the caller learns nothing of others.
    expect(unknown.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(known.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(unknown.errors?.[0]?.message.replace('no-such', 'X')).toBe(
      known.errors?.[0]?.message.replace(CONNECTIONS.au, 'X'),
    );
  });

  it('lists only the connections a caller may use, and reads only those', async () => {
    const mine = await stack.query<{ connections: { id: string }[] }>(
      EVERYTHING,
      undefined,
      { key: analyst.key },
    );

    expect(mine.errors).toBeUndefined();
    expect(mine.data?.connections.map((c) => c.id)).toEqual([CONNECTIONS.eu]);
    const hosts = new Set(stack.simulator.calls().map((call) => call.region));
    expect([...hosts]).toEqual(['eu']);

    const all = await stack.query<{ connections: { id: string }[] }>(
      '{ connections { id } }',
      undefined,
      { key: ui.key },
    );
    expect(all.data?.connections.map((c) => c.id)).toEqual([
      CONNECTIONS.us,
      CONNECTIONS.eu,
      CONNECTIONS.au,
    ]);
  });

  it('never writes a caller key to the log', async () => {
    await stack.query(EVERYTHING, undefined, { key: ui.key });
    await stack.query(EVERYTHING, undefined, { key: `${analyst.key}-wrong` });

    expect(stack.logText()).not.toContain(ui.key);
    expect(stack.logText()).not.toContain(analyst.key);
  });
});

describe('introspection by caller', () => {
  const schemaQuery = '{ __schema { queryType { name } } }';

  it('refuses __schema and __type to a caller without introspection', async () => {
    const schema = await stack.query(schemaQuery, undefined, {
      key: analyst.key,
    });
    const type = await stack.query(
      '{ __type(name: "Contact") { name } }',
      undefined,
      { key: analyst.key },
    );

    expect(schema.data).toBeUndefined();
    expect(schema.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(type.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('still answers __typename to that caller, and the schema to others', async () => {
    const typename = await stack.query('{ __typename }', undefined, {
      key: analyst.key,
    });
    const schema = await stack.query(schemaQuery, undefined, { key: ui.key });

    expect(typename.data).toEqual({ __typename: 'Query' });
    expect(schema.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('HTTP hardening', () => {
  const query = EVERYTHING;

  it('runs nothing for a simple GET without a preflight header', async () => {
    const url = new URL(`${stack.gateway.url}/graphql`);
    url.searchParams.set('query', query);
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${ui.key}` },
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
    expect(stack.simulator.calls()).toHaveLength(0);
  });

  it('runs nothing for a text/plain POST, a form a browser sends cross-site', async () => {
    const answer = await post(
      { 'content-type': 'text/plain', authorization: `Bearer ${ui.key}` },
      JSON.stringify({ query }),
    );

    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.body.data).toBeUndefined();
    expect(stack.simulator.calls()).toHaveLength(0);
  });

  it('runs a GET that carries the preflight header, so the refusal above is the guard', async () => {
    const url = new URL(`${stack.gateway.url}/graphql`);
    url.searchParams.set('query', '{ connections { id } }');
    const response = await fetch(url, {
      headers: {
        authorization: `Bearer ${ui.key}`,
        'apollo-require-preflight': 'true',
      },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      data: { connections: [{ id: CONNECTIONS.us }, {}, {}] },
    });
  });

  it('refuses a body over the size limit with BAD_REQUEST', async () => {
    const padding = ' '.repeat(stack.config.listen.maxBodyBytes);
    const answer = await post(
      { authorization: `Bearer ${ui.key}` },
      JSON.stringify({ query: `{ __typename }${padding}` }),
    );

    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(stack.simulator.calls()).toHaveLength(0);
  });

  it('shows no stack, host, port or token in errors from a failing Intercom', async () => {
    const { us } = stack.simulator.regions;
    stack.simulator.inject(
      'us',
      { kind: 'server_error', status: 503 },
      { times: 20 },
    );
    stack.simulator.inject('us', { kind: 'html' }, { times: 20 });

    const answer = await stack.query(
      `{ connection(id: "${CONNECTIONS.us}") { workspace { name tags { id } } } }`,
      undefined,
      { key: ui.key },
    );

    expect(answer.errors?.length).toBeGreaterThan(0);
    const text = JSON.stringify(answer);
    const { host, port } = new URL(us.url);
    expect(text).not.toContain(host);
    expect(text).not.toContain(`:${port}`);
    expect(text).not.toContain(us.token);
    expect(text).not.toMatch(/stacktrace|\n\s+at /i);
  });
});
