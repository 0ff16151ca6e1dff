import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { expect, test } from 'vitest';

import { createDatabase } from './client.js';
import { DatabaseBusyError, lockPgliteDir } from './pglite-lock.js';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'hub-lock-'));

test('a second open of the same embedded database is refused until the first closes', async () => {
  const dataDir = tempDir();
  const first = await createDatabase({ dataDir });
  await expect(createDatabase({ dataDir })).rejects.toThrow(DatabaseBusyError);
  await first.close();
  const second = await createDatabase({ dataDir });
  await second.close();
});

test('a lock left by a process that is gone is taken over', async () => {
  const dir = tempDir();
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid ?? 0;
  await new Promise((resolve) => child.on('exit', resolve));
  writeFileSync(path.join(dir, 'hub.lock'), String(pid));
  const release = lockPgliteDir(dir);
  release();
  expect(existsSync(path.join(dir, 'hub.lock'))).toBe(false);
});

test('a lock held by a live process names it', () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'hub.lock'), String(process.ppid));
  expect(() => lockPgliteDir(dir)).toThrow(`in use by process ${process.ppid}`);
});
