import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

import { bundleBudget } from './scripts/bundle-budget.ts';

/** The API the dev server forwards to. Run it with PUBLIC_URL=http://localhost:5173 so OAuth comes back here. */
const api = process.env.API_URL ?? `http://localhost:${process.env.API_PORT ?? '3000'}`;
const proxy = Object.fromEntries(
  ['/trpc', '/api', '/oauth', '/healthz'].map((path) => [path, { target: api }]),
);

export default defineConfig({
  plugins: [react(), tailwindcss(), bundleBudget({ budgetKb: 150 })],
  server: { port: 5173, strictPort: true, proxy },
  build: { target: 'es2022', sourcemap: false, reportCompressedSize: true },
});
