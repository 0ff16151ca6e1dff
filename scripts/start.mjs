/**
 * `pnpm start`: the panel, built only when its sources changed (turbo's cache: an unchanged panel is restored in
 * milliseconds instead of rebuilt), then the API in this terminal. The launch time is handed to the API so its
 * banner says how long `pnpm start` took to be ready.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const launchedAt = Date.now();
const root = fileURLToPath(new URL('..', import.meta.url));
const apiRoot = path.join(root, 'apps/api');

const turbo = path.join(root, 'node_modules/.bin', process.platform === 'win32' ? 'turbo.cmd' : 'turbo');
const panel = spawnSync(
  turbo,
  ['run', 'build', '--filter=@hub/web', '--output-logs=new-only', '--log-prefix=none'],
  { cwd: root, stdio: 'inherit' },
);
if (panel.status !== 0) {
  process.stderr.write(
    panel.error === undefined
      ? '\nThe panel did not build (output above). Fix it, or run the API alone: pnpm --filter @hub/api start\n'
      : `\nCould not run turbo (${panel.error.message}). Run \`pnpm install\` first.\n`,
  );
  process.exit(panel.status ?? 1);
}

const tsx = createRequire(path.join(apiRoot, 'package.json')).resolve('tsx/cli');
const api = spawn(process.execPath, [tsx, '--conditions=@hub/source', 'src/main.ts'], {
  cwd: apiRoot,
  stdio: 'inherit',
  env: { ...process.env, HUB_LAUNCHED_AT: String(launchedAt) },
});
// Ctrl-C reaches the API through the terminal's process group; a signal sent to this process alone is passed on.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (signal === 'SIGTERM') api.kill(signal);
  });
}
api.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
