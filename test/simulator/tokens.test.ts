/**
 * The token variants of each workspace: revoked and expired tokens read
 * nothing, a token without the conversation-content scope reads all but
 * one conversation, a plan without conversations refuses them all, and a
 * token without the IP allowlist's scope reads all but the allowlist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntercomErrorBody } from '../../src/intercom/models.js';
import { REGIONS } from '../../src/intercom/regions.js';
import { TOKEN_VARIANTS } from '../../src/simulator/access.js';
import {
  startSimulator,
  type SimulatedRegion,
  type Simulator,
} from '../../src/simulator/index.js';
import { call } from './http.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({
    contactsPerWorkspace: 40,
    conversationsPerWorkspace: 20,
  });
});
afterAll(() => simulator.close());

/** One request to each kind of endpoint the simulator serves. */
function everyEndpoint(region: SimulatedRegion) {
  const { workspace } = region;
  const contact = workspace.contacts[0]?.id ?? '';
  const conversation = workspace.conversations[0]?.id ?? '';
  const query = { query: { field: 'id', operator: '=', value: 'x' } };
  const logSearch = { created_at_after: 0, event_types: ['role_change'] };
  return {
    others: [
      ['/me'],
      ['/admins'],
      ['/admins/activity_log_event_types'],
      ['/admins/activity_logs/search', { body: logSearch }],
      ['/teams'],
      ['/brands'],
      [`/brands/${workspace.app.id_code}`],
      ['/away_status_reasons'],
      ['/tags'],
      ['/companies'],
      ['/segments'],
      ['/data_attributes'],
      ['/admins/activity_logs?created_at_after=0'],
      ['/contacts'],
      [`/contacts/${contact}`],
      [`/contacts/${contact}/companies`],
      [`/contacts/${contact}/segments`],
      ['/contacts/search', { body: query }],
    ] as const,
    conversations: [
      ['/conversations'],
      ['/conversations/search', { body: query }],
      ['/conversations/attributes'],
      [`/conversations/${conversation}`],
    ] as const,
    ipAllowlist: [['/ip_allowlist']] as const,
  };
}

async function statuses(
  region: SimulatedRegion,
  token: string,
  requests: readonly (readonly [string, { body: unknown }?])[],
) {
  return Promise.all(
    requests.map(async ([path, options]) => {
      const answer = await call<Partial<IntercomErrorBody>>(region, path, {
        ...options,
        token,
      });
      return [path, answer.status, answer.body.errors?.[0]?.code ?? null];
    }),
  );
}

describe.each(REGIONS)('the tokens of the %s workspace', (name) => {
  const region = () => simulator.regions[name];

  it('are distinct, and the valid one is `token`', () => {
    const { tokens, token } = region();
    expect(tokens.valid).toBe(token);
    expect(Object.keys(tokens)).toEqual([...TOKEN_VARIANTS]);
    expect(new Set(Object.values(tokens)).size).toBe(TOKEN_VARIANTS.length);
  });

  it.each([
    ['revoked', 'token_revoked'],
    ['expired', 'token_expired'],
  ] as const)('%s: every call answers 401 %s', async (variant, code) => {
    const { others, conversations, ipAllowlist } = everyEndpoint(region());
    const answers = await statuses(region(), region().tokens[variant], [
      ...others,
      ...conversations,
      ...ipAllowlist,
    ]);
    for (const [path, status, got] of answers) {
      expect([path, status, got]).toEqual([path, 401, code]);
    }
  });

  it('noParts: 403 on retrieving a conversation, naming the scope', async () => {
    const { tokens, workspace } = region();
    const id = workspace.conversations[3]?.id ?? '';
    const answer = await call<IntercomErrorBody>(
      region(),
      `/conversations/${id}`,
      { token: tokens.noParts },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.errors).toEqual([
      {
        code: 'forbidden',
        message:
          'You do not have the required scope (read_conversations) to access this resource',
      },
    ]);
  });

  it('noParts: everything else answers as for the valid token', async () => {
    const { others, conversations, ipAllowlist } = everyEndpoint(region());
    const readable = [...others, ...ipAllowlist, ...conversations.slice(0, 3)];
    const expected = await statuses(region(), region().token, readable);
    expect(await statuses(region(), region().tokens.noParts, readable)).toEqual(
      expected,
    );
    expect(expected.every(([, status]) => status === 200)).toBe(true);
  });

  it('planRestricted: every conversation endpoint answers 403', async () => {
    const { others, conversations, ipAllowlist } = everyEndpoint(region());
    const token = region().tokens.planRestricted;
    for (const [path, status, code] of await statuses(
      region(),
      token,
      conversations,
    )) {
      expect([path, status, code]).toEqual([path, 403, 'api_plan_restricted']);
    }
    const refused = await call<IntercomErrorBody>(region(), '/conversations', {
      token,
    });
    expect(refused.body.errors[0]?.message).toBe('Active subscription needed.');
    for (const [path, status] of await statuses(region(), token, [
      ...others,
      ...ipAllowlist,
    ])) {
      expect([path, status]).toEqual([path, 200]);
    }
  });

  it('noIpAllowlist: 403 on the IP allowlist, naming the scope', async () => {
    const answer = await call<IntercomErrorBody>(region(), '/ip_allowlist', {
      token: region().tokens.noIpAllowlist,
    });
    expect(answer.status).toBe(403);
    expect(answer.body.errors).toEqual([
      {
        code: 'forbidden',
        message:
          'You do not have the required scope (manage_ip_allowlist) to access this resource',
      },
    ]);
  });

  it('noIpAllowlist: everything else answers as for the valid token', async () => {
    const { others, conversations } = everyEndpoint(region());
    const readable = [...others, ...conversations];
    const expected = await statuses(region(), region().token, readable);
    expect(
      await statuses(region(), region().tokens.noIpAllowlist, readable),
    ).toEqual(expected);
    expect(expected.every(([, status]) => status === 200)).toBe(true);
  });

  it("other regions refuse every variant with 401 'unauthorized'", async () => {
    for (const host of REGIONS.filter((r) => r !== name)) {
      for (const token of Object.values(region().tokens)) {
        const answer = await call<IntercomErrorBody>(
          simulator.regions[host],
          '/me',
          { token },
        );
        expect(answer.status).toBe(401);
        expect(answer.body.errors[0]?.code).toBe('unauthorized');
      }
    }
  });
});
