import { describe, expect, it } from 'vitest';

import { ConfigErrors } from './config-error.js';
import { loadEnv } from './env.js';

function problemsOf(source: NodeJS.ProcessEnv): string[] {
  try {
    loadEnv(source, '/srv/app');
  } catch (error) {
    if (error instanceof ConfigErrors) return error.problems.map((p) => p.message);
    throw error;
  }
  throw new Error('expected configuration errors');
}

describe('ATTACHMENT_MAX_BYTES', () => {
  it('is unset by default (the client keeps its 4 MiB) and read as bytes when given', () => {
    expect(loadEnv({}, '/srv/app').attachmentMaxBytes).toBeUndefined();
    expect(loadEnv({ ATTACHMENT_MAX_BYTES: '' }, '/srv/app').attachmentMaxBytes).toBeUndefined();
    expect(loadEnv({ ATTACHMENT_MAX_BYTES: '1048576' }, '/srv/app').attachmentMaxBytes).toBe(1_048_576);
  });

  it('refuses what is not a whole number of bytes between 1 KiB and 50 MiB, naming the variable', () => {
    expect(problemsOf({ ATTACHMENT_MAX_BYTES: 'big' })).toEqual([
      'ATTACHMENT_MAX_BYTES: must be a number of bytes',
    ]);
    expect(problemsOf({ ATTACHMENT_MAX_BYTES: '1.5' })).toEqual([
      'ATTACHMENT_MAX_BYTES: must be a whole number of bytes',
    ]);
    expect(problemsOf({ ATTACHMENT_MAX_BYTES: '10' })).toEqual([
      'ATTACHMENT_MAX_BYTES: must be at least 1024 bytes',
    ]);
    expect(problemsOf({ ATTACHMENT_MAX_BYTES: String(51 * 1024 * 1024) })).toEqual([
      'ATTACHMENT_MAX_BYTES: must be at most 52428800 bytes (50 MiB)',
    ]);
  });
});
