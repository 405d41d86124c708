import { expect } from 'vitest';

import { ConfigError, parseConfig } from '../../src/config/index.js';
import type { ConfigIssue, Env } from '../../src/config/index.js';

/** A minimal valid file, to which tests add the part they are about. */
export const ONE_CONNECTION = `
connections:
  - id: acme-eu
    region: eu
    token: tok-acme
`;

/** The ConfigError that parsing `text` throws; fails the test if none. */
export function configErrorOf(text: string, env: Env = {}): ConfigError {
  try {
    parseConfig(text, env, 'gateway.yaml');
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected parseConfig to throw a ConfigError');
}

export function issuesOf(text: string, env: Env = {}): readonly ConfigIssue[] {
  return configErrorOf(text, env).issues;
}
