import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'components',
          environment: 'happy-dom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/test/setup.ts'],
          // ≈ 0.3 s for the slowest here idle; a busy 2-core machine is many times slower, and happy-dom is CPU-bound.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['e2e/**/*.test.ts'],
          // Builds the panel, starts the API in demo mode (emulator, temp DATA_DIR, PGlite) on free ports.
          globalSetup: ['e2e/global-setup.ts'],
          // One workspace and one emulator for the whole suite: the files run one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Pages update after network round trips; a loaded 2-core CI machine needs more than the 1 s default.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
