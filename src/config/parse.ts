import { readFile } from 'node:fs/promises';

import { resolveConfig } from './defaults.js';
import { applyEnvOverrides, interpolateEnv, isPlainObject } from './env.js';
import { ConfigError } from './errors.js';
import { defaultExpectation, toConfigIssues } from './issues.js';
import { configFileSchema } from './schema.js';
import type { ConfigIssue, Env, GatewayConfig } from './types.js';
import { parseYaml } from './yaml.js';

/**
 * Parses and validates a configuration file's text. `env` supplies the
 * `${NAME}` references and the PORT and LOG_LEVEL overrides; `source` names
 * the file in error messages. Throws a ConfigError listing every problem.
 */
export function parseConfig(
  text: string,
  env: Env,
  source = '<config>',
): GatewayConfig {
  // YAML syntax first: nothing else can be checked in a broken document.
  const parsed = parseYaml(text);
  if (!parsed.ok) throw new ConfigError(parsed.issues, source);

  const { value } = parsed;
  if (value === null || value === undefined) {
    throw new ConfigError(
      [
        {
          path: '',
          message:
            'the file is empty; expected a mapping with at least a connections list',
        },
      ],
      source,
    );
  }
  if (!isPlainObject(value)) {
    const got = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw new ConfigError(
      [
        {
          path: '',
          message: `expected a mapping of settings (listen, connections, ...) at the top level, got ${got}`,
        },
      ],
      source,
    );
  }

  // Environment variables, before validation so that their values pass
  // the same checks as the file's own.
  const interpolation = interpolateEnv(value, env);
  const data = applyEnvOverrides(
    interpolation.value as Record<string, unknown>,
    env,
    interpolation.origins,
  );

  // Validation. A string whose variable was unset has already been
  // reported; its leftover `${NAME}` text would only add a second issue.
  const result = configFileSchema.safeParse(data, {
    reportInput: true,
    error: defaultExpectation,
  });
  const issues = [
    ...interpolation.issues,
    ...(result.success
      ? []
      : toConfigIssues(result.error, interpolation.origins).filter(
          (issue) => !interpolation.failed.has(issue.path),
        )),
  ];
  if (issues.length > 0 || !result.success) {
    throw new ConfigError(inFileOrder(issues, Object.keys(data)), source);
  }

  return resolveConfig(result.data);
}

/**
 * Orders issues by where their top-level key sits in the file, so the list
 * reads from top to bottom; issues about absent keys come last. The sort is
 * stable, so issues under one key keep the schema's order.
 */
function inFileOrder(
  issues: readonly ConfigIssue[],
  topLevelKeys: readonly string[],
): ConfigIssue[] {
  const rank = (issue: ConfigIssue): number => {
    const key = /^[^.[]+/.exec(issue.path)?.[0];
    const index = key === undefined ? -1 : topLevelKeys.indexOf(key);
    return index === -1 ? topLevelKeys.length : index;
  };
  return [...issues].sort((a, b) => rank(a) - rank(b));
}

/** Reads and parses the configuration file at `path`. */
export async function loadConfig(
  path: string,
  env: Env,
): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error: unknown) {
    throw new ConfigError(
      [
        {
          path: '',
          message: `cannot read ${path}: ${describeReadError(error)}`,
        },
      ],
      path,
    );
  }
  return parseConfig(text, env, path);
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'expected a YAML file, got no such file (ENOENT)';
    case 'EISDIR':
      return 'expected a YAML file, got a directory (EISDIR)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    default:
      return code === undefined ? String(error) : `read failed (${code})`;
  }
}
