import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Another live process (the API server, a `hub` command) has the embedded database open. */
export class DatabaseBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}, and PGlite serves one process at a time: ` +
        'stop that process, or use DATABASE_URL (PostgreSQL) to run several.',
    );
    this.name = 'DatabaseBusyError';
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * PGlite takes no lock of its own, and two processes on one directory overwrite each other's pages. A lock file
 * holding the owner's pid, created exclusively, keeps a second process out; one left by a crashed process (its pid
 * gone) is taken over. Returns the release function.
 */
export function lockPgliteDir(dir: string): () => void {
  const file = path.join(dir, 'hub.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new DatabaseBusyError(dir, pid);
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Cannot lock ${file}: another process keeps taking it`);
}
