import type { z } from 'zod';

import type { EnvOrigins } from './env.js';
import { formatPath, MAX_SHOWN_KEY } from './errors.js';
import type { ConfigIssue } from './types.js';

/*
 * Turns zod's issues into "expected X, got Y" messages. The schema supplies
 * X; this file decides Y, and is the one place that decides whether a value
 * from the file may be printed. Tokens, URLs (which can carry passwords) and
 * anything read from the environment are described, never shown.
 */

/** Key paths whose values are plain settings, safe to print back. */
const SHOWN_PATHS: ReadonlySet<string> = new Set([
  'listen.host',
  'listen.port',
  'listen.maxBodyBytes',
  'clients[].name',
  'clients[].pii',
  'clients[].admin',
  'clients[].introspection',
  'clients[].maxCallsPerQuery',
  'clients[].connections[]',
  'connections[].id',
  'connections[].region',
  'cache.maxEntries',
  'cache.maxBytes',
  'cache.ttlSeconds.workspace',
  'cache.ttlSeconds.directory',
  'cache.ttlSeconds.records',
  'intercom.timeoutMs',
  'intercom.deadlineMs',
  'intercom.retries',
  'intercom.maxConcurrency',
  'intercom.requestsPerWindow',
  'intercom.findTokenRegion',
  'logLevel',
]);

export function toConfigIssues(
  error: z.ZodError,
  origins: EnvOrigins,
): ConfigIssue[] {
  // A value can fail two checks with the same text (1.5 for a minimum of
  // 100 is neither whole nor large enough); say it once.
  const seen = new Set<string>();
  return error.issues
    .map((issue) => toConfigIssue(issue, origins))
    .filter(({ path, message }) => {
      const key = `${path}\n${message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function toConfigIssue(
  issue: z.core.$ZodIssue,
  origins: EnvOrigins,
): ConfigIssue {
  const path = formatPath(issue.path);
  const params = issue.code === 'custom' ? issue.params : undefined;
  if (params?.verbatim === true) return { path, message: issue.message };

  const hint = typeof params?.hint === 'string' ? `; ${params.hint}` : '';
  // Parsed with reportInput, so every issue carries the value it rejected;
  // undefined can only mean the key is absent, as YAML has no undefined.
  const { input } = issue as { input?: unknown };
  if (input === undefined) {
    return { path, message: `missing; expected ${issue.message}${hint}` };
  }
  const got = describeValue(input, path, origins);
  return { path, message: `expected ${issue.message}, got ${got}${hint}` };
}

function describeValue(
  value: unknown,
  path: string,
  origins: EnvOrigins,
): string {
  const variables = origins.get(path);
  if (variables !== undefined) {
    const plural = variables.length > 1 ? 's' : '';
    const from = `environment variable${plural} ${variables.join(', ')}`;
    return value === ''
      ? `an empty string from ${from}`
      : `a value from ${from}`;
  }

  const shown = SHOWN_PATHS.has(path.replace(/\[\d+\]/g, '[]'));
  if (value === null) return 'an empty value';
  if (value === '') return 'an empty string';
  if (Array.isArray(value))
    return value.length === 0 ? 'an empty list' : 'a list';
  switch (typeof value) {
    case 'string':
      // Even on a shown path, a long string may be a token pasted into the
      // wrong key; real hosts, ids and enum values are short.
      return shown && value.length <= MAX_SHOWN_KEY
        ? JSON.stringify(value)
        : 'a string';
    case 'number':
      return shown ? String(value) : 'a number';
    case 'boolean':
      return shown ? String(value) : 'a boolean';
    case 'object':
      return 'a mapping';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * The "expected" half for issues whose schema gave no text of its own.
 * Passed to safeParse so that zod's stock English, which can describe the
 * input, never reaches a message.
 */
export function defaultExpectation(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `at least ${String(issue.minimum)}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    default:
      return 'a valid value';
  }
}

const TYPE_NAMES: Partial<Record<string, string>> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  nonoptional: 'a value',
};
