/**
 * A vault logger that counts instead of printing: token refreshes per connection (the vault logs each one with its
 * connectionId), background-pass tallies, and warnings or errors (each a refresh that failed, or worse), the first
 * few of which also go to stderr so a failing run says why.
 */
import { createLogger } from '@hub/api/testing';

export interface RefreshLog {
  logger: ReturnType<typeof createLogger>;
  /** Refreshes of this connection logged so far. */
  refreshesOf(connectionId: string): number;
  totals(): RefreshTotals;
}

export interface RefreshTotals {
  /** `Confluence token refreshed` lines: one per refresh_token grant answered. */
  refreshed: number;
  /** Summed over the `Background token refresh pass` lines. */
  passRefreshed: number;
  passFailed: number;
  /** Lines at warn level or above. */
  problems: number;
}

const WARN = 40;
const SHOWN_PROBLEMS = 3;

export function refreshLog(label: string): RefreshLog {
  const perConnection = new Map<string, number>();
  const totals: RefreshTotals = { refreshed: 0, passRefreshed: 0, passFailed: 0, problems: 0 };
  const write = (line: string) => {
    const entry = JSON.parse(line) as {
      level: number;
      msg?: string;
      connectionId?: string;
      refreshed?: number;
      failed?: number;
    };
    if (entry.msg === 'Confluence token refreshed' && entry.connectionId !== undefined) {
      totals.refreshed += 1;
      perConnection.set(entry.connectionId, (perConnection.get(entry.connectionId) ?? 0) + 1);
    } else if (entry.msg === 'Background token refresh pass') {
      totals.passRefreshed += entry.refreshed ?? 0;
      totals.passFailed += entry.failed ?? 0;
    }
    if (entry.level >= WARN) {
      totals.problems += 1;
      if (totals.problems <= SHOWN_PROBLEMS) process.stderr.write(`  ${label}: ${line}`);
    }
  };
  return {
    logger: createLogger({ level: 'info', destination: { write } }),
    refreshesOf: (id) => perConnection.get(id) ?? 0,
    totals: () => ({ ...totals }),
  };
}
