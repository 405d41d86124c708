import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LOCAL_CALLER } from '../../src/auth/callers.js';
import type { PiiPolicy } from '../../src/config/index.js';
import {
  newRequestStats,
  type RequestStats,
} from '../../src/graphql/context.js';
import { applyPiiMasking } from '../../src/graphql/pii.js';

// A schema of its own, so each way a field can resolve is covered once:
// by the default resolver, by a resolver, asynchronously, as a list.
const typeDefs = /* GraphQL */ `
  directive @pii(kind: PiiKind!) on FIELD_DEFINITION
  enum PiiKind {
    EMAIL
    PHONE
    NAME
    LOCATION
    IP
    CUSTOM_ATTRIBUTES
    METADATA
    BODY
  }
  scalar JSON

  type Query {
    person: Person!
  }
  type Person {
    "The address they sign in with."
    email: String @pii(kind: EMAIL)
    name: String! @pii(kind: NAME)
    aliases: [String!]! @pii(kind: NAME)
    nicknames: [String]! @pii(kind: NAME)
    city: String @pii(kind: LOCATION)
    bio: String! @pii(kind: BODY)
    attributes: JSON! @pii(kind: CUSTOM_ATTRIBUTES)
    phone: String @pii(kind: PHONE)
    plan: String
  }
`;

const person = {
  email: 'emmalee.boyle@outlook.com',
  aliases: ['Emmalee Boyle', 'Em Boyle'],
  city: null,
  attributes: { nps: 9 },
  plan: 'pro',
};

const schema = applyPiiMasking(
  makeExecutableSchema({
    typeDefs,
    resolvers: {
      Query: { person: () => person },
      Person: {
        // Asynchronous, as resolvers reading loaders are.
        name: () => Promise.resolve('Emmalee Boyle'),
        nicknames: () => [Promise.resolve('Emmy Lou'), null],
        bio: () => 'Lives on Main Street',
        phone: () => Promise.reject(new Error('Intercom failed')),
      },
    },
  }),
);

async function run(
  pii: PiiPolicy,
  query: string,
): Promise<{ result: ExecutionResult; stats: RequestStats }> {
  const stats = newRequestStats();
  const result = await graphql({
    schema,
    source: query,
    contextValue: { caller: { ...LOCAL_CALLER, pii }, stats },
  });
  return { result, stats };
}

const EVERYTHING = `{
  person { email name aliases nicknames city bio attributes plan }
}`;

describe('the @pii transform', () => {
  it('masks every marked field for a masking caller, whatever resolves it', async () => {
    const { result } = await run('mask', EVERYTHING);

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      person: {
        email: '***@outlook.com',
        name: 'E. B.',
        aliases: ['E. B.', 'E. B.'],
        nicknames: ['E. L.', null],
        city: null,
        bio: '[masked]',
        attributes: {},
        plan: 'pro',
      },
    });
  });

  it('answers every value as resolved for a revealing caller', async () => {
    const { result } = await run('reveal', EVERYTHING);

    expect(result.data).toEqual({
      person: {
        ...person,
        name: 'Emmalee Boyle',
        nicknames: ['Emmy Lou', null],
        bio: 'Lives on Main Street',
      },
    });
  });

  it.each(['mask', 'reveal'] as const)(
    'records the marked fields that held a value, for a %s caller',
    async (pii) => {
      const { stats } = await run(pii, EVERYTHING);

      // `city` was null and `plan` is no personal data.
      expect([...stats.piiFields].sort()).toEqual([
        'Person.aliases',
        'Person.attributes',
        'Person.bio',
        'Person.email',
        'Person.name',
        'Person.nicknames',
      ]);
    },
  );

  it('records nothing for marked fields the query does not ask for', async () => {
    const { stats } = await run('mask', '{ person { plan } }');

    expect(stats.piiFields.size).toBe(0);
  });

  it('lets a failing resolver fail its field, without recording it', async () => {
    const { result, stats } = await run('mask', '{ person { phone plan } }');

    expect(result.data).toEqual({ person: { phone: null, plan: 'pro' } });
    expect(result.errors?.map((error) => error.message)).toEqual([
      'Intercom failed',
    ]);
    expect(stats.piiFields.size).toBe(0);
  });

  it('adds how the field is masked to its description', () => {
    const fields = schema.getType('Person')?.toConfig();
    if (!fields || !('fields' in fields)) throw new Error('no Person type');

    expect(fields.fields.email?.description).toBe(
      'The address they sign in with.\n\nPersonal data (EMAIL): for callers with `pii: mask`, only its domain shows, as `***@example.com`; otherwise it is null.',
    );
    expect(fields.fields.bio?.description).toBe(
      'Personal data (BODY): for callers with `pii: mask`, it is `[masked]`.',
    );
    expect(fields.fields.plan?.description).toBeUndefined();
  });

  it('refuses at start-up a kind whose mask the field type cannot hold', () => {
    const wrong = makeExecutableSchema({
      typeDefs: typeDefs.replace(
        'plan: String',
        'plan: String\n    seats: Int @pii(kind: EMAIL)',
      ),
    });

    expect(() => applyPiiMasking(wrong)).toThrow(
      '@pii(kind: EMAIL) on Person.seats expects a String field, got Int',
    );
  });
});
