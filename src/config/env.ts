import { formatPath } from './errors.js';
import type { ConfigIssue, Env } from './types.js';

/** Which environment variables supplied the string at each key path. */
export type EnvOrigins = Map<string, readonly string[]>;

export interface Interpolation {
  value: unknown;
  issues: ConfigIssue[];
  origins: EnvOrigins;
  /** Paths whose strings could not be interpolated; validation skips them. */
  failed: Set<string>;
}

/**
 * Replaces `${NAME}` in every string value with that environment variable,
 * and `$${` with a literal `${`. This runs on parsed data rather than on the
 * file's text so that a variable's value stays a string: a value holding
 * `:` or a newline cannot add keys to the configuration.
 */
export function interpolateEnv(value: unknown, env: Env): Interpolation {
  const result: Interpolation = {
    value: undefined,
    issues: [],
    origins: new Map(),
    failed: new Set(),
  };
  result.value = walk(value, [], env, result);
  return result;
}

function walk(
  value: unknown,
  segments: (string | number)[],
  env: Env,
  result: Interpolation,
): unknown {
  if (typeof value === 'string') {
    return expandString(value, formatPath(segments), env, result);
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown, index) =>
      walk(item, [...segments, index], env, result),
    );
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        walk(item, [...segments, key], env, result),
      ]),
    );
  }
  return value;
}

// One pass finds escapes, references and stray `${` alike, so an escaped
// `$${X}` is never read as a reference to X.
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{/g;

function expandString(
  text: string,
  path: string,
  env: Env,
  result: Interpolation,
): string {
  const used: string[] = [];
  const unset: string[] = [];
  // Each `${` followed by anything but a valid NAME and `}`.
  let strays = 0;

  const expanded = text.replace(
    REFERENCE,
    (match, name: string | undefined) => {
      if (match === '$${') return '${';
      if (name === undefined) {
        strays += 1;
        return match;
      }
      const variable = env[name];
      if (variable === undefined) {
        unset.push(name);
        return match;
      }
      used.push(name);
      return variable;
    },
  );

  for (const name of new Set(unset)) {
    result.issues.push({
      path,
      message: `environment variable ${name} is not set`,
    });
  }
  if (strays > 0) {
    result.issues.push({
      path,
      message:
        'expected ${NAME} with a NAME of letters, digits and underscores, got a ${ that does not start one (write $${ for a literal ${)',
    });
  }
  if (unset.length > 0 || strays > 0) {
    // Keep the original text: a half-expanded string would carry the values
    // of the variables that were set into later error messages.
    result.failed.add(path);
    return text;
  }
  if (used.length > 0) result.origins.set(path, [...new Set(used)]);
  return expanded;
}

/**
 * Environment variables that override a key of the file. An empty value
 * counts as unset, since `PORT=` in a compose file or shell means "none".
 */
const OVERRIDES = [
  { variable: 'PORT', section: 'listen', key: 'port' },
  { variable: 'LOG_LEVEL', section: undefined, key: 'logLevel' },
] as const;

/**
 * Puts PORT and LOG_LEVEL into the data before validation, so their values
 * are checked by the same rules as the file's, and records where they came
 * from so that errors name the variable and never echo its value.
 */
export function applyEnvOverrides(
  data: Record<string, unknown>,
  env: Env,
  origins: EnvOrigins,
): Record<string, unknown> {
  const next = { ...data };
  for (const { variable, section, key } of OVERRIDES) {
    const value = env[variable];
    if (value === undefined || value === '') continue;

    if (section === undefined) {
      next[key] = value;
      origins.set(formatPath([key]), [variable]);
      continue;
    }
    const current = next[section];
    // A section of the wrong type is reported by validation; leave it be.
    if (current !== undefined && current !== null && !isPlainObject(current)) {
      continue;
    }
    next[section] = { ...current, [key]: value };
    origins.set(formatPath([section, key]), [variable]);
  }
  return next;
}

export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
