import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { ConfigError } from '../config-error.js';
import type { Env } from '../env.js';
import type { Logger } from '../logger.js';
import { generateKeyringEntry, KEYS_VARIABLE, parseKeyring, type Keyring } from './keyring.js';

export const DEMO_KEY_FILE = 'token-encryption-keys';
const DEMO_KID = 'local';

/**
 * The keyring to encrypt tokens with. TOKEN_ENCRYPTION_KEYS when set. Otherwise, only outside production mode, a
 * key generated once and kept in DATA_DIR, so tokens stay readable across restarts (a random per-process key, as
 * an earlier implementation used, loses every connection on restart).
 */
export async function loadKeyring(
  env: Pick<Env, 'tokenKeys' | 'production' | 'dataDir'>,
  logger: Logger,
): Promise<Keyring> {
  if (env.tokenKeys !== null) return env.tokenKeys;
  if (env.production) {
    throw new ConfigError(KEYS_VARIABLE, 'is required in production mode; refusing to generate a key');
  }
  const file = path.join(env.dataDir, DEMO_KEY_FILE);
  const created = await createKeyFileOnce(file);
  const keyring = await readKeyFile(file);
  if (created) {
    logger.warn(
      { file, kid: keyring.activeKid },
      `Demo mode: generated a token encryption key in ${file} (mode 0600). For production set ${KEYS_VARIABLE}; ` +
        `to keep tokens stored so far readable, list this file's entry after your new key and run rotate-keys.`,
    );
  } else {
    logger.info(
      { file, kid: keyring.activeKid },
      'Demo mode: using the token encryption key stored in DATA_DIR',
    );
  }
  return keyring;
}

/**
 * Written to a private temporary file, then hard-linked into place: link() fails if the name exists, so two
 * processes starting together end up with the same key, and neither can read a half-written file.
 */
async function createKeyFileOnce(file: string): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${generateKeyringEntry(DEMO_KID)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary);
  }
}

async function readKeyFile(file: string): Promise<Keyring> {
  // A key file that others can read would undo the point of encrypting: tighten it rather than trust it.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  const text = (await readFile(file, 'utf8')).trim();
  try {
    return parseKeyring(text);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError(
        KEYS_VARIABLE,
        `the demo key file ${file} is invalid (${error.message}); delete it to regenerate`,
      );
    }
    throw error;
  }
}
