import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Subprocess and fake-AWS tests are I/O bound; two cores suffice.
    pool: 'forks',
    // Caches (kept snapshots, the parse cache) go to a folder of the run's, never the home folder; tests that need
    // their own set XDG_CACHE_HOME themselves.
    env: { XDG_CACHE_HOME: join(tmpdir(), `trailcost-test-cache-${process.pid}`) },
  },
});
