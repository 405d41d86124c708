/**
 * Authentication: each regional host knows only its own workspace's token,
 * and every refusal is Intercom's 401 error list with a request id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import { REGIONS } from '../../src/intercom/regions.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { call, type Answer } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function expectUnauthorized(answer: Answer<IntercomErrorBody>) {
  expect(answer.status).toBe(401);
  expect(answer.body).toEqual({
    type: 'error.list',
    request_id: expect.stringMatching(UUID) as unknown,
    errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }],
  });
  expect(answer.headers.get('x-request-id')).toBe(answer.body.request_id);
}

describe('authentication', () => {
  it('answers 401 without an Authorization header', async () => {
    const answer = await call<IntercomErrorBody>(simulator.regions.us, '/me', {
      token: null,
    });
    expectUnauthorized(answer);
  });

  it('answers 401 to an unknown token', async () => {
    const answer = await call<IntercomErrorBody>(
      simulator.regions.eu,
      '/admins',
      {
        token: 'dG9rOm5vdC1hLXJlYWwtdG9rZW46MTow',
      },
    );
    expectUnauthorized(answer);
  });

  it('answers 401 to a token sent with another scheme', async () => {
    const region = simulator.regions.au;
    const answer = await call<IntercomErrorBody>(region, '/me', {
      token: null,
      headers: { authorization: `Basic ${region.token}` },
    });
    expectUnauthorized(answer);
  });

  it.each(
    REGIONS.flatMap((host) =>
      REGIONS.filter((owner) => owner !== host).map((owner) => [host, owner]),
    ),
  )(
    'answers 401 on the %s host to the %s workspace token',
    async (host, owner) => {
      const answer = await call<IntercomErrorBody>(
        simulator.regions[host],
        '/contacts',
        { token: simulator.regions[owner].token },
      );
      expectUnauthorized(answer);
    },
  );

  it('refuses searches before reading their body', async () => {
    const answer = await call<IntercomErrorBody>(
      simulator.regions.us,
      '/contacts/search',
      { token: null, body: 'not json' },
    );
    expectUnauthorized(answer);
  });

  it.each(REGIONS)('accepts the %s token on its own host', async (region) => {
    const answer = await call(simulator.regions[region], '/me');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toMatch(UUID);
  });

  it('accepts the Bearer scheme in any case, as HTTP allows', async () => {
    const region = simulator.regions.eu;
    const answer = await call(region, '/me', {
      token: null,
      headers: { authorization: `bearer ${region.token}` },
    });
    expect(answer.status).toBe(200);
  });

  it('gives every region its own token and every answer its own request id', async () => {
    const tokens = REGIONS.map((region) => simulator.regions[region].token);
    expect(new Set(tokens).size).toBe(3);
    const ids = await Promise.all(
      [1, 2, 3].map(async () => {
        const answer = await call(simulator.regions.us, '/me');
        return answer.headers.get('x-request-id');
      }),
    );
    expect(new Set(ids).size).toBe(3);
  });
});
