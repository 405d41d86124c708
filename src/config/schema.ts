import { isIP } from 'node:net';
import { z } from 'zod';

import type { Region } from '../intercom/regions.js';
import { REGIONS } from '../intercom/regions.js';
import { isPlainObject } from './env.js';
import { formatPath, MAX_SHOWN_KEY } from './errors.js';
import { closestKey } from './suggest.js';
import { LOG_LEVELS, PII_POLICIES } from './types.js';

/*
 * The shape of the configuration file. Every key is optional except
 * `connections`; defaults are filled in by resolveConfig, not here, so the
 * parsed file still says what the operator actually wrote.
 *
 * Each `error` below is the "expected" half of a message; issues.ts adds
 * what arrived, deciding there, in one place, which values may be shown.
 */

/** Marks an issue whose message is complete and gets no "got ..." part. */
const VERBATIM = { verbatim: true } as const;

/** A mapping whose unknown keys are each reported, to catch typos. */
function mapping<T extends z.core.$ZodLooseShape>(shape: T, expected: string) {
  const allowed = Object.keys(shape);
  return z.looseObject(shape, { error: expected }).check(
    z.superRefine(
      (value, ctx) => {
        for (const key of Object.keys(value)) {
          if (allowed.includes(key)) continue;
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: unknownKeyMessage(key, allowed),
            params: VERBATIM,
          });
        }
      },
      // Run even when known keys are invalid, so all issues come at once.
      { when: (payload) => isPlainObject(payload.value) },
    ),
  );
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const suggestion =
    key.length <= MAX_SHOWN_KEY ? closestKey(key, allowed) : undefined;
  const hint = suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
  return `unknown key${hint}; expected one of ${allowed.join(', ')}`;
}

/**
 * An optional section. An empty `cache:` (every child commented out) is
 * YAML null, and means the same as leaving the section out.
 */
function section<T extends z.ZodType>(schema: T) {
  return schema.nullable().optional();
}

/**
 * A whole number in a range. Digit strings are accepted because a
 * `${NAME}` reference, or PORT, always yields a string.
 */
function integer(min: number, max: number) {
  const expected = `an integer from ${min} to ${max}`;
  return z.preprocess(
    (value) =>
      typeof value === 'string' && /^\d{1,15}$/.test(value)
        ? Number(value)
        : value,
    // Not z.int(): its issue stops every later check in the file, which
    // would hide unknown keys and duplicate ids reported alongside it.
    z
      .number({ error: expected })
      .refine(Number.isInteger, expected)
      .min(min, expected)
      .max(max, expected),
  );
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.join(', ')}` });
}

const NON_EMPTY = 'a non-empty string';
const nonEmptyString = z.string({ error: NON_EMPTY }).min(1, NON_EMPTY);

/**
 * Intercom's tokens are single words. A space or line break is most often
 * the trailing newline of a secret file, which would make every call fail
 * in a way that looks like a network fault, so it is refused here.
 */
const tokenString = nonEmptyString.regex(/^[\x21-\x7e]+$/, {
  error:
    'a token without spaces, line breaks or other control characters (is there a trailing newline in the secret?)',
});

// listen -------------------------------------------------------------------

const LOOPBACK =
  'a loopback address (127.0.0.1, ::1, localhost or any 127.x.x.x)';

const listenSchema = mapping(
  {
    // Checked against `clients` below: beyond loopback, keys are required.
    host: nonEmptyString.optional(),
    // 0 asks the OS for a free port, which tests and the demo rely on.
    port: integer(0, 65_535).optional(),
    maxBodyBytes: integer(1_024, 10_485_760).optional(),
  },
  'a mapping with host, port and maxBodyBytes',
);

export function isLoopback(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === 'localhost') return true;
  if (isIP(lower) === 4) return lower.startsWith('127.');
  if (isIP(lower) === 6) {
    // Canonical form, so that 0:0:0:0:0:0:0:1 counts as ::1.
    return new URL(`http://[${lower}]`).hostname === '[::1]';
  }
  return false;
}

// regions ------------------------------------------------------------------

const BASE_URL =
  'an http:// or https:// URL without query or fragment, such as https://api.eu.intercom.io';

const baseUrl = z
  .string({ error: BASE_URL })
  .refine(isBaseUrl, BASE_URL)
  // One spelling per host, so clients can append `/contacts` safely.
  .transform((value) => new URL(value).href.replace(/\/+$/, ''));

function isBaseUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname !== '' &&
    url.search === '' &&
    url.hash === ''
  );
}

const regionsShape = {
  us: baseUrl.optional(),
  eu: baseUrl.optional(),
  au: baseUrl.optional(),
} satisfies Record<Region, unknown>;

const regionsSchema = mapping(
  regionsShape,
  `a mapping from region (${REGIONS.join(', ')}) to base URL`,
);

// connections --------------------------------------------------------------

const CONNECTION_ID = '1 to 64 characters from A-Z, a-z, 0-9, ".", "_" and "-"';

const connectionSchema = mapping(
  {
    id: z
      .string({ error: CONNECTION_ID })
      .regex(/^[A-Za-z0-9._-]{1,64}$/, CONNECTION_ID),
    region: oneOf(REGIONS),
    token: tokenString,
  },
  'a mapping with id, region and token',
);

const connectionsSchema = z
  .array(connectionSchema, { error: 'a list of connections' })
  .min(1, 'at least one connection')
  .check(
    z.superRefine(
      (items, ctx) => {
        const firstIndexById = new Map<string, number>();
        items.forEach((item: unknown, index) => {
          if (!isPlainObject(item) || typeof item.id !== 'string') return;
          const first = firstIndexById.get(item.id);
          if (first === undefined) {
            firstIndexById.set(item.id, index);
            return;
          }
          ctx.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `duplicate connection id: ${formatPath(['connections', first, 'id'])} has the same value; expected every id to be unique`,
            params: VERBATIM,
          });
        });
      },
      // Checked even when some entries are invalid, like unknown keys.
      { when: (payload) => Array.isArray(payload.value) },
    ),
  );

// cache --------------------------------------------------------------------

const CACHE_URL =
  'memory://, or a redis://host:port[/db] or rediss://host:port[/db] URL';

function isCacheUrl(value: string): boolean {
  if (value === 'memory://') return true;
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === 'redis:' || url.protocol === 'rediss:') &&
    url.hostname !== '' &&
    /^(\/\d*)?$/.test(url.pathname)
  );
}

const ttlSeconds = integer(0, 86_400).optional();

const cacheSchema = mapping(
  {
    url: z
      .string({ error: CACHE_URL })
      .refine(isCacheUrl, CACHE_URL)
      .optional(),
    maxEntries: integer(1, 10_000_000).optional(),
    // 1 MiB to 16 GiB.
    maxBytes: integer(1_048_576, 17_179_869_184).optional(),
    ttlSeconds: section(
      mapping(
        {
          workspace: ttlSeconds,
          directory: ttlSeconds,
          records: ttlSeconds,
        },
        'a mapping with workspace, directory and records',
      ),
    ),
  },
  'a mapping with url, maxEntries, maxBytes and ttlSeconds',
);

// clients ------------------------------------------------------------------

const CLIENT_NAME = '1 to 64 characters from A-Z, a-z, 0-9, ".", "_" and "-"';

/**
 * A caller's key is a shared secret sent as a Bearer token; short ones can
 * be guessed, so at least 16 printable characters are required.
 */
const clientKey = nonEmptyString.regex(/^[\x21-\x7e]{16,512}$/, {
  error:
    'a key of 16 to 512 printable characters without spaces (such as the output of `openssl rand -hex 32`)',
});

const clientConnections = z
  .array(
    z
      .string({ error: `"*" or a connection id (${CONNECTION_ID})` })
      .regex(/^(\*|[A-Za-z0-9._-]{1,64})$/, {
        error: `"*" or a connection id (${CONNECTION_ID})`,
      }),
    { error: 'a list of connection ids, or ["*"] for every connection' },
  )
  .min(1, 'at least one connection id, or ["*"] for every connection')
  .refine((ids) => !ids.includes('*') || ids.length === 1, {
    error: '["*"] alone, or a list of ids without "*"',
  });

const clientSchema = mapping(
  {
    name: z
      .string({ error: CLIENT_NAME })
      .regex(/^[A-Za-z0-9._-]{1,64}$/, CLIENT_NAME),
    key: clientKey,
    connections: clientConnections,
    pii: oneOf(PII_POLICIES).optional(),
    admin: z.boolean({ error: 'true or false' }).optional(),
    introspection: z.boolean({ error: 'true or false' }).optional(),
    maxCallsPerQuery: integer(1, 100_000).optional(),
  },
  'a mapping with name, key, connections, pii, admin, introspection and maxCallsPerQuery',
);

const clientsSchema = z
  .array(clientSchema, { error: 'a list of callers' })
  .check(
    z.superRefine(
      (items, ctx) => {
        const names = new Map<string, number>();
        const keys = new Map<string, number>();
        items.forEach((item: unknown, index) => {
          if (!isPlainObject(item)) return;
          if (typeof item.name === 'string') {
            const first = names.get(item.name);
            if (first === undefined) names.set(item.name, index);
            else {
              ctx.addIssue({
                code: 'custom',
                path: [index, 'name'],
                message: `duplicate client name: ${formatPath(['clients', first, 'name'])} has the same value; expected every name to be unique`,
                params: VERBATIM,
              });
            }
          }
          if (typeof item.key === 'string') {
            const first = keys.get(item.key);
            if (first === undefined) keys.set(item.key, index);
            else {
              // The key itself is never printed, only where its twin is.
              ctx.addIssue({
                code: 'custom',
                path: [index, 'key'],
                message: `duplicate client key: ${formatPath(['clients', first, 'key'])} has the same key; expected every caller to have its own`,
                params: VERBATIM,
              });
            }
          }
        });
      },
      { when: (payload) => Array.isArray(payload.value) },
    ),
  );

// store --------------------------------------------------------------------

const STORE_KEY =
  'a 256-bit key as 64 hexadecimal digits or 44 characters of base64 (such as the output of `openssl rand -base64 32`)';

const storeSchema = mapping(
  {
    path: nonEmptyString,
    encryptionKey: nonEmptyString.refine(
      (value) => parseStoreKey(value) !== undefined,
      STORE_KEY,
    ),
  },
  'a mapping with path and encryptionKey',
);

/** The store's AES-256 key from its hex or base64 text, if it is one. */
export function parseStoreKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    const key = Buffer.from(text, 'base64');
    return key.length === 32 ? key : undefined;
  }
  return undefined;
}

// audit --------------------------------------------------------------------

const auditSchema = mapping(
  { file: nonEmptyString.optional() },
  'a mapping with file',
);

// the file -----------------------------------------------------------------

const NO_CLIENTS_HINT =
  'without clients (caller keys) the gateway refuses to serve beyond loopback; add clients, or listen on 127.0.0.1';

export const configFileSchema = mapping(
  {
    listen: section(listenSchema),
    regions: section(regionsSchema),
    connections: connectionsSchema.optional(),
    cache: section(cacheSchema),
    intercom: section(
      mapping(
        {
          timeoutMs: integer(100, 120_000).optional(),
          deadlineMs: integer(100, 300_000).optional(),
          retries: integer(0, 10).optional(),
          maxConcurrency: integer(1, 100).optional(),
          requestsPerWindow: integer(1, 100_000).optional(),
          findTokenRegion: z.boolean({ error: 'true or false' }).optional(),
        },
        'a mapping with timeoutMs, deadlineMs, retries, maxConcurrency, requestsPerWindow or findTokenRegion',
      ),
    ),
    logLevel: oneOf(LOG_LEVELS).optional(),
    naive: z.boolean({ error: 'true or false' }).optional(),
    clients: section(clientsSchema),
    store: section(storeSchema),
    audit: section(auditSchema),
  },
  'a mapping',
).check(
  z.superRefine(
    (file, ctx) => {
      // Connections may all be added at run time, but only into a store.
      if (file.connections === undefined && !isPlainObject(file.store)) {
        ctx.addIssue({
          code: 'custom',
          path: ['connections'],
          message:
            'missing; expected a list of connections (it may be left out only when a store holds connections added at run time)',
          params: VERBATIM,
        });
      }
      const listen = file.listen;
      const host = isPlainObject(listen) ? listen.host : undefined;
      const clients = Array.isArray(file.clients) ? file.clients : [];
      if (
        typeof host === 'string' &&
        !isLoopback(host) &&
        clients.length === 0
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['listen', 'host'],
          message: `expected ${LOOPBACK}, got ${host.length <= MAX_SHOWN_KEY ? JSON.stringify(host) : 'a string'}; ${NO_CLIENTS_HINT}`,
          params: VERBATIM,
        });
      }
    },
    { when: (payload) => isPlainObject(payload.value) },
  ),
);

/** The file as written, validated, before defaults. */
export type ConfigFile = z.output<typeof configFileSchema>;
