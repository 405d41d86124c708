import { describe, expect, it } from 'vitest';

import { formatConfigError } from '../../src/config/index.js';
import type { Env } from '../../src/config/index.js';
import { configErrorOf } from './helpers.js';

// Shaped like an Intercom access token: long, base64, no spaces.
const TOKEN = 'dG9rOjNmYjJhYzE0XzlkMWVfNDc3Yl9iZDBjXzEyMzQ1Njc4OWFiYzox';
const NUMERIC_TOKEN = '918273645546372819';

/**
 * Every way an error could surface: the text for stderr, the message and
 * stack a generic handler would log, and the structured issues.
 */
function everythingPrinted(text: string, env: Env): string {
  const error = configErrorOf(text, env);
  return [
    formatConfigError(error),
    error.message,
    error.stack ?? '',
    String(error),
    JSON.stringify(error.issues),
  ].join('\n');
}

/** Any 8-character run of the secret, so a partial echo fails too. */
function fragmentsOf(secret: string): string[] {
  return Array.from({ length: secret.length - 7 }, (_, i) =>
    secret.slice(i, i + 8),
  );
}

const connection = (token: string): string =>
  `connections:\n  - id: acme-eu\n    region: eu\n    token: ${token}\n`;

const cases: { name: string; text: string; env?: Env; secret?: string }[] = [
  {
    name: 'the token is a number',
    text: connection(NUMERIC_TOKEN),
    secret: NUMERIC_TOKEN,
  },
  { name: 'the token is a list', text: connection(`[${TOKEN}]`) },
  { name: 'the token is a mapping', text: connection(`{ value: ${TOKEN} }`) },
  {
    name: 'the token is pasted into region',
    text: `connections:\n  - { id: a, region: ${TOKEN}, token: t }\n`,
  },
  {
    name: 'the token is pasted into the connection id',
    text: `connections:\n  - { id: "${TOKEN}!", region: eu, token: t }\n`,
  },
  {
    name: 'the token is pasted into listen.host',
    text: `listen: { host: ${TOKEN} }\n${connection('t')}`,
  },
  {
    name: 'the token is a password in a bad cache URL',
    text: `cache: { url: "redis://:${TOKEN}@cache:6379/x" }\n${connection('t')}`,
  },
  {
    name: 'the token is YAML-read as a key of a connection',
    text: `connections:\n  - { id: a, region: eu, ${TOKEN} }\n`,
  },
  {
    name: 'the token is under a misspelt key',
    text: `connections:\n  - { id: a, region: eu, tokn: ${TOKEN} }\n`,
  },
  {
    name: 'the token line has a bad escape sequence',
    text: connection(`"${TOKEN}\\q"`),
  },
  {
    name: 'the token line has an unterminated quote',
    text: connection(`"${TOKEN}`),
  },
  {
    name: 'the token line has a stray ${',
    text: connection(`"${TOKEN}\${"`),
  },
  {
    name: 'the token comes from the environment into a bad region',
    text: `connections:\n  - { id: a, region: "\${T}", token: t }\n`,
    env: { T: TOKEN },
  },
  {
    name: 'the token comes from the environment into a bad port and log level',
    text: `listen: { port: "\${T}" }\nlogLevel: "\${T}"\n${connection('t')}`,
    env: { T: TOKEN },
  },
  {
    name: 'the token comes from the environment next to an unset variable',
    text: connection('"${T}${MISSING}"'),
    env: { T: TOKEN },
  },
  {
    name: 'the token is in PORT and LOG_LEVEL',
    text: connection('t'),
    env: { PORT: TOKEN, LOG_LEVEL: TOKEN },
  },
];

describe('secrets in configuration errors', () => {
  it.each(cases)(
    'never prints the token when $name',
    ({ text, env = {}, secret = TOKEN }) => {
      const printed = everythingPrinted(text, env);

      for (const fragment of fragmentsOf(secret)) {
        expect(printed).not.toContain(fragment);
      }
    },
  );
});

describe('a token with a line break or space', () => {
  it.each([
    ['a trailing newline', `${TOKEN}\n`],
    ['a carriage return and newline', `${TOKEN}\r\n`],
    ['a space inside', `${TOKEN.slice(0, 20)} ${TOKEN.slice(20)}`],
  ])('is refused for %s, without showing it', (_what, value) => {
    const printed = everythingPrinted(connection('${SECRET}'), {
      SECRET: value,
    });

    expect(printed).toContain(
      'connections[0].token: expected a token without spaces, line breaks',
    );
    for (const fragment of fragmentsOf(TOKEN)) {
      expect(printed).not.toContain(fragment);
    }
  });
});
