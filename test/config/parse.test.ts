import { describe, expect, it } from 'vitest';

import { DEFAULTS, parseConfig } from '../../src/config/index.js';
import { configErrorOf, ONE_CONNECTION } from './helpers.js';

describe('parseConfig', () => {
  it('reads a full file and replaces ${NAME} with environment variables', () => {
    const text = `
listen: { host: 127.0.0.1, port: 4100 }
regions:
  eu: http://127.0.0.1:9102
connections:
  - id: acme-eu
    region: eu
    token: \${ACME_EU_TOKEN}
  - id: globex.us_1
    region: us
    token: literal-token
cache:
  url: redis://\${REDIS_HOST}:6379/2
  maxEntries: 500
  maxBytes: 33554432
  ttlSeconds: { workspace: 600, directory: 120, records: 0 }
intercom:
  timeoutMs: 2500
  deadlineMs: 20000
  retries: 2
  maxConcurrency: 4
  requestsPerWindow: 500
logLevel: debug
`;
    const config = parseConfig(text, {
      ACME_EU_TOKEN: 'secret-eu',
      REDIS_HOST: 'cache.internal',
    });

    expect(config).toEqual({
      listen: { host: '127.0.0.1', port: 4100, maxBodyBytes: 262_144 },
      regions: {
        us: 'https://api.intercom.io',
        eu: 'http://127.0.0.1:9102',
        au: 'https://api.au.intercom.io',
      },
      connections: [
        { id: 'acme-eu', region: 'eu', token: 'secret-eu' },
        { id: 'globex.us_1', region: 'us', token: 'literal-token' },
      ],
      cache: {
        url: 'redis://cache.internal:6379/2',
        store: 'redis',
        maxEntries: 500,
        maxBytes: 33_554_432,
        ttlSeconds: { workspace: 600, directory: 120, records: 0 },
      },
      intercom: {
        timeoutMs: 2500,
        deadlineMs: 20_000,
        retries: 2,
        maxConcurrency: 4,
        requestsPerWindow: 500,
        findTokenRegion: true,
      },
      logLevel: 'debug',
      naive: false,
      clients: [],
      store: undefined,
      audit: { file: undefined },
    });
  });

  it('fills in every default when only connections are given', () => {
    const config = parseConfig(ONE_CONNECTION, {});

    expect(config).toEqual({
      listen: { host: '127.0.0.1', port: 4000, maxBodyBytes: 262_144 },
      regions: {
        us: 'https://api.intercom.io',
        eu: 'https://api.eu.intercom.io',
        au: 'https://api.au.intercom.io',
      },
      connections: [{ id: 'acme-eu', region: 'eu', token: 'tok-acme' }],
      cache: {
        url: 'memory://',
        store: 'memory',
        maxEntries: 50_000,
        maxBytes: 67_108_864,
        ttlSeconds: { workspace: 300, directory: 300, records: 60 },
      },
      intercom: {
        timeoutMs: 10_000,
        deadlineMs: 25_000,
        retries: 3,
        maxConcurrency: 10,
        requestsPerWindow: 1_666,
        findTokenRegion: true,
      },
      logLevel: 'info',
      naive: false,
      clients: [],
      store: undefined,
      audit: { file: undefined },
    });
    expect(config.listen.port).toBe(DEFAULTS.listenPort);
  });

  it('treats an empty section as absent', () => {
    const config = parseConfig(`listen:\ncache:\n${ONE_CONNECTION}`, {});

    expect(config.listen).toMatchObject({ host: '127.0.0.1', port: 4000 });
    expect(config.cache.store).toBe('memory');
  });

  it('lets PORT override the port from the file', () => {
    const text = `listen: { port: 4100 }\n${ONE_CONNECTION}`;

    expect(parseConfig(text, { PORT: '8080' }).listen).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
    });
  });

  it('lets PORT set the port when the file has no listen section', () => {
    expect(parseConfig(ONE_CONNECTION, { PORT: '0' }).listen.port).toBe(0);
  });

  it('ignores an empty PORT', () => {
    expect(parseConfig(ONE_CONNECTION, { PORT: '' }).listen.port).toBe(4000);
  });

  it('lets LOG_LEVEL override the log level from the file', () => {
    const text = `logLevel: warn\n${ONE_CONNECTION}`;

    expect(parseConfig(text, { LOG_LEVEL: 'trace' }).logLevel).toBe('trace');
  });

  it('merges region URL overrides with the default hosts', () => {
    const text = `
regions:
  eu: http://127.0.0.1:9102/
  au: https://proxy.example.com/intercom-au//
${ONE_CONNECTION}`;

    expect(parseConfig(text, {}).regions).toEqual({
      us: 'https://api.intercom.io',
      eu: 'http://127.0.0.1:9102',
      au: 'https://proxy.example.com/intercom-au',
    });
  });

  it('turns $${ into a literal ${ without looking up a variable', () => {
    const text = `
connections:
  - id: acme-eu
    region: eu
    token: "a$\${NOT_A_VAR}b"
`;

    expect(parseConfig(text, {}).connections[0]?.token).toBe('a${NOT_A_VAR}b');
  });

  it('does not let an environment value add YAML structure', () => {
    const text = `
connections:
  - id: acme-eu
    region: eu
    token: \${TOKEN}
`;
    const token = 'x\nlogLevel: trace\nlisten: { host: 0.0.0.0 }';

    // Had the value become YAML, listen.host 0.0.0.0 would be refused as
    // not loopback; instead the only issue is the token's line breaks.
    const error = configErrorOf(text, { TOKEN: token });
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'connections[0].token',
    ]);
  });

  it('accepts a port given as a ${NAME} reference', () => {
    const text = `listen: { port: "\${GATEWAY_PORT}" }\n${ONE_CONNECTION}`;

    expect(parseConfig(text, { GATEWAY_PORT: '5000' }).listen.port).toBe(5000);
  });

  it.each(['127.0.0.1', '127.10.20.30', '::1', 'localhost', 'LOCALHOST'])(
    'accepts the loopback host %s',
    (host) => {
      const text = `listen: { host: "${host}" }\n${ONE_CONNECTION}`;

      expect(parseConfig(text, {}).listen.host).toBe(host);
    },
  );

  it('accepts cache.maxBytes given as a ${NAME} reference', () => {
    const text = `cache: { maxBytes: "\${CACHE_BYTES}" }\n${ONE_CONNECTION}`;

    expect(parseConfig(text, { CACHE_BYTES: '1048576' }).cache.maxBytes).toBe(
      1_048_576,
    );
  });

  it('derives the redis store from a rediss:// URL', () => {
    const text = `cache: { url: "rediss://cache.internal:6380" }\n${ONE_CONNECTION}`;

    expect(parseConfig(text, {}).cache).toMatchObject({
      url: 'rediss://cache.internal:6380',
      store: 'redis',
    });
  });
});
