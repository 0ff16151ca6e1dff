import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@hub/source'] },
  ssr: { resolve: { conditions: ['@hub/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    // Migrates one template database per run; each test file gets a clone (src/test-support/database.ts).
    globalSetup: ['src/test-support/global-setup.ts'],
    // Measured on 2 cores: files in parallel (the default, one forked worker per core) beat one file at a time
    // by about 40%, and forked workers beat worker threads by about 25% (PGlite and scrypt are CPU-bound).
    fileParallelism: true,
    // Password hashing (scrypt), PGlite starts and child API processes are slow on a loaded 2-core machine: the
    // slowest ordinary test took 5.5 s with a second copy of the suite running beside it, so 60 s leaves the
    // headroom of a machine five times slower still. Tests that spawn processes set their own, longer limits.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
