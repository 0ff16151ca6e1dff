import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@hub/source'] },
  ssr: { resolve: { conditions: ['@hub/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    // The slowest ordinary (emulator) test takes ≈ 0.1 s idle and ≈ 1.4 s with both cores of a 2-core machine
    // busy; 30 s covers a machine five times slower under that load. The heavy content tests set their own.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
