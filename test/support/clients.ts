import type { ClientConfig } from '../../src/config/index.js';

/** A caller for test configurations, with every setting spelled out. */
export function client(
  name: string,
  overrides: Partial<ClientConfig> = {},
): ClientConfig {
  return {
    name,
    key: `${name}-key-${'0123456789abcdef'.repeat(2)}`,
    connections: '*',
    pii: 'reveal',
    admin: false,
    introspection: true,
    maxCallsPerQuery: 100_000,
    ...overrides,
  };
}
