import { describe, expect, it } from 'vitest';

import { DEFAULTS, parseConfig } from '../../src/config/index.js';
import { issuesOf, ONE_CONNECTION } from './helpers.js';

describe('naive', () => {
  it('is off unless the file turns it on', () => {
    expect(DEFAULTS.naive).toBe(false);
    expect(parseConfig(ONE_CONNECTION, {}).naive).toBe(false);
    expect(parseConfig(`naive: false\n${ONE_CONNECTION}`, {}).naive).toBe(
      false,
    );
    expect(parseConfig(`naive: true\n${ONE_CONNECTION}`, {}).naive).toBe(true);
  });

  it('leaves the rest of the configuration as it is', () => {
    const normal = parseConfig(ONE_CONNECTION, {});
    const naive = parseConfig(`naive: true\n${ONE_CONNECTION}`, {});

    expect({ ...naive, naive: false }).toEqual(normal);
  });

  it.each([
    ['"yes"', 'a string'],
    ['1', 'a number'],
    ['[true]', 'a list'],
    ['', 'an empty value'],
  ])('refuses naive: %s, naming the key', (value, got) => {
    expect(issuesOf(`naive: ${value}\n${ONE_CONNECTION}`)).toEqual([
      { path: 'naive', message: `expected true or false, got ${got}` },
    ]);
  });
});
