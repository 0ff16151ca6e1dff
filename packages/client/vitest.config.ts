import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@hub/source'] },
  ssr: { resolve: { conditions: ['@hub/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    // These start the API with PGlite and an emulator: seconds on a busy 2-core machine, not the default 5 s.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
