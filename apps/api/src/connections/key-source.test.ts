import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError } from '../config-error.js';
import { createLogger } from '../logger.js';
import { testKeyring } from '../test-support/fixtures.js';
import { DEMO_KEY_FILE, loadKeyring } from './key-source.js';

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('loadKeyring', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'hub-keys-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses TOKEN_ENCRYPTION_KEYS when set and writes nothing', async () => {
    const tokenKeys = testKeyring('k1');
    const { logger } = capturingLogger();
    expect(await loadKeyring({ tokenKeys, production: true, dataDir }, logger)).toBe(tokenKeys);
    await expect(stat(path.join(dataDir, DEMO_KEY_FILE))).rejects.toThrow();
  });

  it('refuses to start in production mode without a key', async () => {
    const { logger } = capturingLogger();
    const attempt = loadKeyring({ tokenKeys: null, production: true, dataDir }, logger);
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/TOKEN_ENCRYPTION_KEYS: is required in production mode/);
  });

  it('in demo mode generates one key file (0600), says so, and reuses it on the next start', async () => {
    const { logger, lines } = capturingLogger();
    const first = await loadKeyring({ tokenKeys: null, production: false, dataDir }, logger);
    const file = path.join(dataDir, DEMO_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(lines.join('')).toContain('generated a token encryption key');
    const keyText = (await readFile(file, 'utf8')).trim().split(':')[1] ?? '';
    expect(lines.join('')).not.toContain(keyText);

    const second = await loadKeyring(
      { tokenKeys: null, production: false, dataDir },
      capturingLogger().logger,
    );
    expect(second.activeKid).toBe(first.activeKid);
    expect(
      second.keys.get(second.activeKid)?.equals(first.keys.get(first.activeKid) ?? Buffer.alloc(0)),
    ).toBe(true);
  });

  it('gives concurrent starts the same key', async () => {
    const { logger } = capturingLogger();
    const env = { tokenKeys: null, production: false, dataDir };
    const keyrings = await Promise.all([1, 2, 3, 4].map(() => loadKeyring(env, logger)));
    const keys = new Set(keyrings.map((k) => k.keys.get(k.activeKid)?.toString('hex')));
    expect(keys.size).toBe(1);
  });

  it('reports a corrupted key file clearly', async () => {
    await writeFile(path.join(dataDir, DEMO_KEY_FILE), 'local:dG9vIHNob3J0', { mode: 0o600 });
    const { logger } = capturingLogger();
    await expect(loadKeyring({ tokenKeys: null, production: false, dataDir }, logger)).rejects.toThrow(
      /demo key file .* is invalid .*decodes to 9 bytes.*delete it to regenerate/,
    );
  });
});
