import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous bounds: a busy 2-core CI machine must never turn a slow test into a failure. Tests that are about
    // time inject their own faults and deadlines.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/setup/private-tmp.ts'],
    setupFiles: ['test/setup/cleanup.ts'],
  },
});
