import { isIP } from 'node:net';
import { z } from 'zod';

import type { Region } from '../intercom/regions.js';
import { REGIONS } from '../intercom/regions.js';
import { isPlainObject } from './env.js';
import { formatPath, MAX_SHOWN_KEY } from './errors.js';
import { closestKey } from './suggest.js';
import { LOG_LEVELS } from './types.js';

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
    host: nonEmptyString
      .refine(isLoopback, {
        error: LOOPBACK,
        params: {
          hint: 'without caller keys (clients, not supported yet) the gateway refuses to serve beyond loopback',
        },
      })
      .optional(),
    // 0 asks the OS for a free port, which tests and the demo rely on.
    port: integer(0, 65_535).optional(),
  },
  'a mapping with host and port',
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
  'a mapping with url, maxEntries and ttlSeconds',
);

// the file -----------------------------------------------------------------

export const configFileSchema = mapping(
  {
    listen: section(listenSchema),
    regions: section(regionsSchema),
    connections: connectionsSchema,
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
    // Listed so that it is not taken for a typo; refused just below.
    clients: z.unknown().optional(),
  },
  'a mapping',
).check(
  z.superRefine(
    (file, ctx) => {
      if (file.clients === undefined) return;
      ctx.addIssue({
        code: 'custom',
        path: ['clients'],
        message:
          'caller keys are not supported yet in this version; remove clients. Without them the gateway only listens on loopback (listen.host 127.0.0.1, ::1 or localhost)',
        params: VERBATIM,
      });
    },
    { when: (payload) => isPlainObject(payload.value) },
  ),
);

/** The file as written, validated, before defaults. */
export type ConfigFile = z.output<typeof configFileSchema>;
