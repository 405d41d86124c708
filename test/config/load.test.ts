import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ConfigError,
  formatConfigError,
  loadConfig,
} from '../../src/config/index.js';
import { ONE_CONNECTION } from './helpers.js';

describe('loadConfig', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gateway-config-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and parses the file at the path', async () => {
    const path = join(dir, 'gateway.yaml');
    await writeFile(path, ONE_CONNECTION);

    const config = await loadConfig(path, { PORT: '4200' });

    expect(config.connections).toEqual([
      { id: 'acme-eu', region: 'eu', token: 'tok-acme' },
    ]);
    expect(config.listen.port).toBe(4200);
  });

  it('reports a missing file as a ConfigError naming the path', async () => {
    const path = join(dir, 'missing.yaml');

    const error: unknown = await loadConfig(path, {}).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(ConfigError);
    expect(formatConfigError(error as ConfigError)).toBe(
      `${path}: cannot read ${path}: expected a YAML file, got no such file (ENOENT)`,
    );
  });

  it('reports a directory as a ConfigError naming the path', async () => {
    await expect(loadConfig(dir, {})).rejects.toThrow(
      `cannot read ${dir}: expected a YAML file, got a directory (EISDIR)`,
    );
  });

  it('names the file in validation errors', async () => {
    const path = join(dir, 'bad.yaml');
    await writeFile(path, `logLevel: loud\n${ONE_CONNECTION}`);

    await expect(loadConfig(path, {})).rejects.toThrow(
      `${path}: logLevel: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"`,
    );
  });
});
