import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@hub/source'] },
  ssr: { resolve: { conditions: ['@hub/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    // The slowest test takes ≈ 0.25 s idle and ≈ 1.3 s with both cores of a 2-core machine busy; 30 s covers a
    // machine five times slower under that load.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
