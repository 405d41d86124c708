import { describe, expect, it } from 'vitest';

import { parseConfig } from '../../src/config/index.js';
import { issuesOf, ONE_CONNECTION } from './helpers.js';

const KEY = 'k'.repeat(32);
const STORE_KEY = 'ab'.repeat(32);

describe('clients', () => {
  it('reads callers with their defaults filled in', () => {
    const config = parseConfig(
      `${ONE_CONNECTION}
listen: { host: 0.0.0.0 }
clients:
  - { name: ui, key: "\${UI_KEY}", connections: ["*"], pii: reveal }
  - name: analyst
    key: "\${ANALYST_KEY}"
    connections: [acme-eu]
    introspection: false
    maxCallsPerQuery: 40
`,
      { UI_KEY: KEY, ANALYST_KEY: 'a'.repeat(20) },
    );

    expect(config.listen.host).toBe('0.0.0.0');
    expect(config.clients).toEqual([
      {
        name: 'ui',
        key: KEY,
        connections: '*',
        pii: 'reveal',
        admin: false,
        introspection: true,
        maxCallsPerQuery: 500,
      },
      {
        name: 'analyst',
        key: 'a'.repeat(20),
        connections: ['acme-eu'],
        pii: 'mask',
        admin: false,
        introspection: false,
        maxCallsPerQuery: 40,
      },
    ]);
  });

  it('refuses a short key without printing it', () => {
    const issues = issuesOf(
      `${ONE_CONNECTION}clients:\n  - { name: ui, key: "\${UI_KEY}", connections: ["*"] }\n`,
      { UI_KEY: 'short-secret' },
    );

    expect(issues).toEqual([
      {
        path: 'clients[0].key',
        message:
          'expected a key of 16 to 512 printable characters without spaces (such as the output of `openssl rand -hex 32`), got a value from environment variable UI_KEY',
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain('short-secret');
  });

  it('refuses two callers with one key, naming where the twin is', () => {
    const issues = issuesOf(
      `${ONE_CONNECTION}clients:
  - { name: a, key: "${KEY}", connections: ["*"] }
  - { name: b, key: "${KEY}", connections: ["*"] }
`,
    );

    expect(issues).toEqual([
      {
        path: 'clients[1].key',
        message:
          'duplicate client key: clients[0].key has the same key; expected every caller to have its own',
      },
    ]);
  });

  it('refuses "*" mixed with ids, and an unknown pii policy', () => {
    expect(
      issuesOf(
        `${ONE_CONNECTION}clients:\n  - { name: a, key: "${KEY}", connections: ["*", acme-eu], pii: hide }\n`,
      ),
    ).toEqual([
      {
        path: 'clients[0].connections',
        message:
          'expected ["*"] alone, or a list of ids without "*", got a list',
      },
      {
        path: 'clients[0].pii',
        message: 'expected one of reveal, mask, got "hide"',
      },
    ]);
  });
});

describe('store', () => {
  it('reads the store and its key, and allows no connections in the file', () => {
    const config = parseConfig(
      'store: { path: data/connections.db, encryptionKey: "${STORE_KEY}" }\n',
      { STORE_KEY },
    );

    expect(config.connections).toEqual([]);
    expect(config.store?.path).toBe('data/connections.db');
    expect(
      config.store?.encryptionKey.equals(Buffer.from(STORE_KEY, 'hex')),
    ).toBe(true);
  });

  it('refuses a key that is not 256 bits, without printing it', () => {
    const issues = issuesOf(
      'store: { path: c.db, encryptionKey: "${STORE_KEY}" }\n',
      { STORE_KEY: 'not-a-key' },
    );

    expect(issues).toEqual([
      {
        path: 'store.encryptionKey',
        message:
          'expected a 256-bit key as 64 hexadecimal digits or 44 characters of base64 (such as the output of `openssl rand -base64 32`), got a value from environment variable STORE_KEY',
      },
    ]);
  });

  it('names the variable when the key is not set', () => {
    expect(
      issuesOf('store: { path: c.db, encryptionKey: "${STORE_KEY}" }\n'),
    ).toEqual([
      {
        path: 'store.encryptionKey',
        message: 'environment variable STORE_KEY is not set',
      },
    ]);
  });

  it('requires connections when there is no store', () => {
    expect(issuesOf('logLevel: info\n')).toEqual([
      {
        path: 'connections',
        message:
          'missing; expected a list of connections (it may be left out only when a store holds connections added at run time)',
      },
    ]);
  });
});
