import { describe, expect, it } from 'vitest';

import { formatConfigError } from '../../src/config/index.js';
import { configErrorOf, issuesOf, ONE_CONNECTION } from './helpers.js';

describe('parseConfig errors', () => {
  it('names an unknown key, suggests the intended one and lists the allowed keys', () => {
    expect(issuesOf(`conection: []\n${ONE_CONNECTION}`)).toEqual([
      {
        path: 'conection',
        message:
          'unknown key (did you mean connections?); expected one of listen, regions, connections, cache, intercom, logLevel, naive, clients, store, audit',
      },
    ]);
  });

  it('reports an unknown key inside a connection at its own path', () => {
    const text = `
connections:
  - id: acme-eu
    region: eu
    token: t
    tokn: t
`;

    expect(issuesOf(text)).toEqual([
      {
        path: 'connections[0].tokn',
        message:
          'unknown key (did you mean token?); expected one of id, region, token',
      },
    ]);
  });

  it('says which type was expected and which arrived', () => {
    expect(issuesOf(`listen: [4000]\n${ONE_CONNECTION}`)).toEqual([
      {
        path: 'listen',
        message:
          'expected a mapping with host, port and maxBodyBytes, got a list',
      },
    ]);
  });

  it('gives the allowed range and the value for an out-of-range number', () => {
    expect(issuesOf(`cache: { maxEntries: 0 }\n${ONE_CONNECTION}`)).toEqual([
      {
        path: 'cache.maxEntries',
        message: 'expected an integer from 1 to 10000000, got 0',
      },
    ]);
  });

  it.each([
    ['0', '0'],
    ['1048575', '1048575'],
    ['17179869185', '17179869185'],
    ['2097152.5', '2097152.5'],
    ['64MiB', '"64MiB"'],
    ['"-1"', '"-1"'],
  ])('names cache.maxBytes and its range for %s', (value, got) => {
    expect(
      issuesOf(`cache: { maxBytes: ${value} }\n${ONE_CONNECTION}`),
    ).toEqual([
      {
        path: 'cache.maxBytes',
        message: `expected an integer from 1048576 to 17179869184, got ${got}`,
      },
    ]);
  });

  it('suggests cache.maxBytes for a misspelt key', () => {
    expect(issuesOf(`cache: { maxByte: 1048576 }\n${ONE_CONNECTION}`)).toEqual([
      {
        path: 'cache.maxByte',
        message:
          'unknown key (did you mean maxBytes?); expected one of url, maxEntries, maxBytes, ttlSeconds',
      },
    ]);
  });

  it('rejects a fractional number with the allowed range, once', () => {
    expect(issuesOf(`intercom: { timeoutMs: 1.5 }\n${ONE_CONNECTION}`)).toEqual(
      [
        {
          path: 'intercom.timeoutMs',
          message: 'expected an integer from 100 to 120000, got 1.5',
        },
      ],
    );
  });

  it('gives the allowed values and the value for a bad enum', () => {
    const text = `
connections:
  - id: acme-eu
    region: ca
    token: t
`;

    expect(issuesOf(text)).toEqual([
      {
        path: 'connections[0].region',
        message: 'expected one of us, eu, au, got "ca"',
      },
    ]);
  });

  it('reports a missing required key', () => {
    expect(issuesOf('connections:\n  - { id: a, region: us }\n')).toEqual([
      {
        path: 'connections[0].token',
        message: 'missing; expected a non-empty string',
      },
    ]);
  });

  it('requires at least one connection', () => {
    expect(issuesOf('connections: []\n')).toEqual([
      {
        path: 'connections',
        message: 'expected at least one connection, got an empty list',
      },
    ]);
  });

  it('rejects a connection id with characters outside [A-Za-z0-9._-]', () => {
    const text = 'connections:\n  - { id: "acme eu", region: us, token: t }\n';

    expect(issuesOf(text)).toEqual([
      {
        path: 'connections[0].id',
        message:
          'expected 1 to 64 characters from A-Z, a-z, 0-9, ".", "_" and "-", got "acme eu"',
      },
    ]);
  });

  it('names both indexes of a duplicate connection id', () => {
    const text = `
connections:
  - { id: acme, region: us, token: a }
  - { id: other, region: eu, token: b }
  - { id: acme, region: au, token: c }
`;

    expect(issuesOf(text)).toEqual([
      {
        path: 'connections[2].id',
        message:
          'duplicate connection id: connections[0].id has the same value; expected every id to be unique',
      },
    ]);
  });

  it('rejects a region URL that is not http or https', () => {
    expect(
      issuesOf(`regions: { eu: "ftp://files.example.com" }\n${ONE_CONNECTION}`),
    ).toEqual([
      {
        path: 'regions.eu',
        message:
          'expected an http:// or https:// URL without query or fragment, such as https://api.eu.intercom.io, got a string',
      },
    ]);
  });

  it('rejects an unknown region among the URL overrides', () => {
    expect(
      issuesOf(`regions: { ca: "https://x.example" }\n${ONE_CONNECTION}`),
    ).toEqual([
      {
        path: 'regions.ca',
        message: 'unknown key; expected one of us, eu, au',
      },
    ]);
  });

  it('rejects a cache URL that is neither memory:// nor redis', () => {
    expect(
      issuesOf(`cache: { url: "http://cache:6379" }\n${ONE_CONNECTION}`),
    ).toEqual([
      {
        path: 'cache.url',
        message:
          'expected memory://, or a redis://host:port[/db] or rediss://host:port[/db] URL, got a string',
      },
    ]);
  });

  it('reports every issue at once, in the order of the file', () => {
    const text = `
listen: { port: 70000 }
connections:
  - id: acme-eu
    region: mars
    token: 42
logLevel: loud
`;

    expect(issuesOf(text)).toEqual([
      {
        path: 'listen.port',
        message: 'expected an integer from 0 to 65535, got 70000',
      },
      {
        path: 'connections[0].region',
        message: 'expected one of us, eu, au, got "mars"',
      },
      {
        path: 'connections[0].token',
        message: 'expected a non-empty string, got a number',
      },
      {
        path: 'logLevel',
        message:
          'expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      },
    ]);
  });

  it('names the key path and the variable when a variable is not set', () => {
    const text = `
connections:
  - id: acme-eu
    region: eu
    token: \${ACME_EU_TOKEN}
`;

    expect(issuesOf(text)).toEqual([
      {
        path: 'connections[0].token',
        message: 'environment variable ACME_EU_TOKEN is not set',
      },
    ]);
  });

  it('rejects a ${ that does not start a valid reference', () => {
    expect(issuesOf(`logLevel: "\${lower-case}"\n${ONE_CONNECTION}`)).toEqual([
      {
        path: 'logLevel',
        message:
          'expected ${NAME} with a NAME of letters, digits and underscores, got a ${ that does not start one (write $${ for a literal ${)',
      },
    ]);
  });

  it('blames the environment variable for a bad PORT without echoing it', () => {
    expect(issuesOf(ONE_CONNECTION, { PORT: 'http' })).toEqual([
      {
        path: 'listen.port',
        message:
          'expected an integer from 0 to 65535, got a value from environment variable PORT',
      },
    ]);
  });

  it('blames the environment variable for a bad LOG_LEVEL', () => {
    expect(issuesOf(ONE_CONNECTION, { LOG_LEVEL: 'verbose' })).toEqual([
      {
        path: 'logLevel',
        message:
          'expected one of fatal, error, warn, info, debug, trace, silent, got a value from environment variable LOG_LEVEL',
      },
    ]);
  });

  it.each(['0.0.0.0', '192.168.1.10', '::', 'gateway.example.com'])(
    'refuses to listen on the non-loopback host %s without clients',
    (host) => {
      expect(
        issuesOf(`listen: { host: "${host}" }\n${ONE_CONNECTION}`),
      ).toEqual([
        {
          path: 'listen.host',
          message: `expected a loopback address (127.0.0.1, ::1, localhost or any 127.x.x.x), got "${host}"; without clients (caller keys) the gateway refuses to serve beyond loopback; add clients, or listen on 127.0.0.1`,
        },
      ]);
    },
  );

  it('says so when the file is empty', () => {
    expect(issuesOf('# nothing yet\n')).toEqual([
      {
        path: '',
        message:
          'the file is empty; expected a mapping with at least a connections list',
      },
    ]);
  });

  it('says so when the top level is not a mapping', () => {
    expect(issuesOf('- id: acme\n')).toEqual([
      {
        path: '',
        message:
          'expected a mapping of settings (listen, connections, ...) at the top level, got a list',
      },
    ]);
  });

  it('gives the line and column of a YAML syntax error', () => {
    const text = 'listen:\n  port: 4000\n port: 4001\n';

    expect(issuesOf(text)).toEqual([
      {
        path: '',
        message:
          'YAML syntax error at line 3, column 1: All mapping items must start at the same column',
      },
    ]);
  });

  it('reports a duplicate key as a YAML error', () => {
    const text = `logLevel: info\nlogLevel: debug\n${ONE_CONNECTION}`;

    expect(issuesOf(text)).toEqual([
      {
        path: '',
        message:
          'YAML syntax error at line 2, column 1: Map keys must be unique',
      },
    ]);
  });

  it('rejects YAML aliases that expand too far', () => {
    const levels = Array.from({ length: 6 }, (_, i) => {
      const items = Array.from({ length: 10 }, () =>
        i === 0 ? 'x' : `*a${i - 1}`,
      );
      return `a${i}: &a${i} [${items.join(', ')}]`;
    });

    expect(issuesOf(levels.join('\n'))).toEqual([
      {
        path: '',
        message:
          'YAML aliases expand too far: expected at most 100 alias expansions, got more',
      },
    ]);
  });
});

describe('formatConfigError', () => {
  it('prints one line per issue as source, path and message', () => {
    const error = configErrorOf(`
listen: { port: -1 }
connections: []
`);

    expect(formatConfigError(error)).toBe(
      [
        'gateway.yaml: listen.port: expected an integer from 0 to 65535, got -1',
        'gateway.yaml: connections: expected at least one connection, got an empty list',
      ].join('\n'),
    );
  });

  it('omits the path for problems with the whole file', () => {
    expect(formatConfigError(configErrorOf(''))).toBe(
      'gateway.yaml: the file is empty; expected a mapping with at least a connections list',
    );
  });
});
