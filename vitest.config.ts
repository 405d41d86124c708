import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    alias: [
      // Node loads graphql's CommonJS build for everyone (the package has
      // no `exports` map), but Vite would hand the tests its ES build,
      // while Apollo and graphql-armor keep the CommonJS one: two copies
      // whose errors fail each other's `instanceof`. One copy, as in
      // production.
      { find: /^graphql$/, replacement: require.resolve('graphql') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
