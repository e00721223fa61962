import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Subprocess and fake-AWS tests are I/O bound; two cores suffice.
    pool: 'forks',
  },
});
