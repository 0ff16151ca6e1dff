import { describe, expect, it, vi } from 'vitest';

import { createLogger } from '../logger.js';
import { betterAuthLogger } from './better-auth-logger.js';

function captured() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) },
  });
  return { lines, logger };
}

describe('betterAuthLogger', () => {
  it('never writes a query descriptor’s values (session tokens, ids), and a failed query is a warning', () => {
    const { lines, logger } = captured();
    const token = 'cGxKu6KDOQhirkVYH9JuPVDcEneqPJPC';
    betterAuthLogger(logger).log('error', 'Failed to query fallback join for model session:', {
      limit: 1,
      where: [{ field: 'token', operator: 'eq', value: token }],
    });
    expect(JSON.stringify(lines)).not.toContain(token);
    expect(lines).toMatchObject([
      { level: 40, args: [{ omitted: 'query descriptor', whereFields: ['token'] }] },
    ]);
  });

  it('an unreachable database: one warn line without a stack, and the caller is told', () => {
    const { lines, logger } = captured();
    const told = vi.fn();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    betterAuthLogger(logger, told).log('error', 'INTERNAL_SERVER_ERROR', refused);
    expect(told).toHaveBeenCalledTimes(1);
    expect(lines).toMatchObject([{ level: 40, msg: 'INTERNAL_SERVER_ERROR (database unreachable)' }]);
    expect(JSON.stringify(lines)).not.toContain('stack');
  });

  it('any other error stays an error, reduced to what is safe (no "Failed query" text and parameters)', () => {
    const { lines, logger } = captured();
    const told = vi.fn();
    const failed = new Error(
      'Failed query: select * from "session" where "token" = $1\nparams: secret-session-token',
    );
    betterAuthLogger(logger, told).log('error', 'INTERNAL_SERVER_ERROR', failed);
    expect(told).not.toHaveBeenCalled();
    expect(lines).toMatchObject([{ level: 50, args: [{ name: 'Error' }] }]);
    expect(JSON.stringify(lines)).not.toContain('secret-session-token');
  });
});
