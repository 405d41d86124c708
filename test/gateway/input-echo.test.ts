import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONNECTIONS, startStack, type Stack } from '../support/stack.js';

let stack: Stack;
/** A real token of the simulator, as an admin would paste it. */
let token: string;
/** The same without its base64 padding: GraphQL reads it as a name. */
let bare: string;

beforeAll(async () => {
  stack = await startStack();
  token = stack.simulator.regions.eu.token;
  bare = token.replace(/=+$/, '');
});

afterAll(async () => {
  await stack.close();
});

const TEST = `mutation Test($t: String!, $r: Region!) {
  testIntercomToken(region: $r, token: $t) { status }
}`;

/** Every piece of the token of 8 characters, none of which may be shown. */
function pieces(of: string): string[] {
  return Array.from({ length: of.length - 7 }, (_, at) => of.slice(at, at + 8));
}

interface Case {
  query: string;
  variables?: Record<string, unknown>;
  code: string;
  message: string;
}

/** Each wrong place a token can be put, and what the answer says. */
const CASES: Record<string, () => Case> = {
  'an enum variable': () => ({
    query: TEST,
    variables: { t: 'EU', r: token },
    code: 'BAD_USER_INPUT',
    message:
      'Variable "$r" got an invalid value; Value does not exist in "Region" enum.',
  }),
  'a String variable, wrapped in an object': () => ({
    query: TEST,
    variables: { t: { token }, r: 'EU' },
    code: 'BAD_USER_INPUT',
    message:
      'Variable "$t" got an invalid value; String cannot represent a non string value.',
  }),
  'an ID variable, in a list': () => ({
    query: 'query Get($id: ID!) { connection(id: $id) { id } }',
    variables: { id: [token] },
    code: 'BAD_USER_INPUT',
    message:
      'Variable "$id" got an invalid value; ID cannot represent the value.',
  }),
  'an Int variable': () => ({
    query: `query List($n: Int) {
      connection(id: "${CONNECTIONS.eu}") { workspace { conversations(first: $n) { totalCount } } }
    }`,
    variables: { n: token },
    code: 'BAD_USER_INPUT',
    message:
      'Variable "$n" got an invalid value; Int cannot represent non-integer value.',
  }),
  'an enum field of an input object variable': () => ({
    query: `query List($f: ConversationFilter) {
      connection(id: "${CONNECTIONS.eu}") { workspace { conversations(filter: $f) { totalCount } } }
    }`,
    variables: { f: { state: token } },
    code: 'BAD_USER_INPUT',
    message:
      'Variable "$f" got an invalid value at "f.state"; Value does not exist in "ConversationState" enum.',
  }),
  'a DateTime variable': () => ({
    query: `query List($after: DateTime) {
      connection(id: "${CONNECTIONS.eu}") { workspace { conversations(filter: { createdAfter: $after }) { totalCount } } }
    }`,
    variables: { after: token },
    code: 'BAD_USER_INPUT',
    message:
      'Variable "$after" got an invalid value; Expected type "DateTime". Expected an ISO-8601 date-time with a timezone, such as 2024-05-01T12:30:00Z.',
  }),
  'an enum argument, quoted inline': () => ({
    query: `mutation { testIntercomToken(region: "${token}", token: "t") { status } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: 'Enum "Region" cannot represent a non-enum value.',
  }),
  'an enum argument, bare inline': () => ({
    query: `mutation { testIntercomToken(region: ${bare}, token: "t") { status } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: 'Value does not exist in "Region" enum.',
  }),
  'a String argument, bare inline': () => ({
    query: `mutation { testIntercomToken(region: EU, token: ${bare}) { status } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: 'String cannot represent a non string value.',
  }),
  'an ID argument, bare inline': () => ({
    query: `{ connection(id: ${bare}) { id } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: 'ID cannot represent a non-string and non-integer value.',
  }),
  'an Int argument, quoted inline': () => ({
    query: `{ connection(id: "${CONNECTIONS.eu}") { workspace { conversations(first: "${token}") { totalCount } } } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: 'Int cannot represent non-integer value.',
  }),
  'a DateTime argument, quoted inline': () => ({
    query: `{ connection(id: "${CONNECTIONS.eu}") { workspace { conversations(filter: { createdAfter: "${token}" }) { totalCount } } } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message:
      'Expected value of type "DateTime", found a string; Expected an ISO-8601 date-time with a timezone, such as 2024-05-01T12:30:00Z.',
  }),
  'a list given for a String argument inline': () => ({
    query: `mutation { testIntercomToken(region: EU, token: ["${token}"]) { status } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: 'String cannot represent a non string value.',
  }),
  'the id of connection(id:)': () => ({
    query: 'query Get($id: ID!) { connection(id: $id) { id } }',
    variables: { id: token },
    code: 'NOT_FOUND',
    message: `No connection has that id (connection ids are 1 to 64 characters from A-Z, a-z, 0-9, ".", "_" and "-", and this one is one with "=" at position ${token.indexOf('=') + 1}); \`connections\` lists the ones you may use.`,
  }),
  'the id of removeConnection(id:)': () => ({
    query: 'mutation Remove($id: ID!) { removeConnection(id: $id) { id } }',
    variables: { id: token },
    code: 'NOT_FOUND',
    message: `No connection has that id: connection ids are 1 to 64 characters from A-Z, a-z, 0-9, ".", "_" and "-", and it is one with "=" at position ${token.indexOf('=') + 1}; \`connections\` lists them, with their \`source\`.`,
  }),
  'an Intercom id argument': () => ({
    query: `{ connection(id: "${CONNECTIONS.eu}") { workspace { contact(id: "${token}") { id } } } }`,
    code: 'BAD_USER_INPUT',
    message: `Expected \`id\` to be an Intercom id (1 to 64 letters, digits, '-' or '_'), got one with "=" at position ${token.indexOf('=') + 1}.`,
  }),
  'an assignee id of a filter': () => ({
    query: `{ connection(id: "${CONNECTIONS.eu}") { workspace { conversations(filter: { adminAssigneeId: "${token}" }) { totalCount } } } }`,
    code: 'BAD_USER_INPUT',
    message: `Expected \`filter.adminAssigneeId\` to be an Intercom admin or team id (1 to 15 digits), got ${token.length} characters.`,
  }),
};

it.each(Object.keys(CASES))(
  'never shows a token passed as %s, and keeps the code and what was expected',
  async (name) => {
    const { query, variables, code, message } = CASES[name]?.() ?? {
      query: '',
      code: '',
      message: '',
    };
    const from = stack.logText().length;

    const answer = await stack.query(query, variables);

    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual([
      code,
    ]);
    expect(answer.errors?.[0]?.message).toBe(message);
    const text = JSON.stringify(answer) + stack.logText().slice(from);
    for (const piece of pieces(token)) expect(text).not.toContain(piece);
  },
);

it('keeps the schema’s suggestions and a variable’s path, which hold no input', async () => {
  const answer = await stack.query(
    `query List($f: ConversationFilter) {
      connection(id: "${CONNECTIONS.eu}") { workspace { conversations(filter: $f) { totalCount } } }
    }`,
    { f: { state: 'open', stat: 'OPEN' } },
  );

  expect(answer.errors?.map((error) => error.message)).toEqual([
    'Variable "$f" got an invalid value at "f.state"; Value does not exist in "ConversationState" enum. Did you mean the enum value "OPEN"?',
    'Variable "$f" got an invalid value; A field is not defined by type "ConversationFilter". Did you mean "state"?',
  ]);
});
