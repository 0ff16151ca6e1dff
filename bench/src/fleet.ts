/**
 * Part: the connection fleet (issue 10 part 3). Three measurements, each on its own processes:
 *  - walk: a 20,000-page space through cursor pagination, by the client and through the Hub (time, memory);
 *  - storm: 2,000 connections whose tokens expire at once, two API processes on one PostgreSQL database (time to
 *    refresh all, token requests, failures, peak database connections); skipped without DATABASE_URL, since an
 *    embedded PGlite database cannot be shared by two processes;
 *  - policy: token requests in one simulated hour for 2,000 idle and 200 busy connections, with every connection
 *    refreshed ahead ("before") and only the recently used ones ("after", the default).
 * `quick` runs a tenth of every count (connections, pages) and one round: it checks the harness.
 */
import { startChild, type Child } from './servers/child.js';
import { closeAll, type Closers } from './setup.js';
import { median } from './stats.js';
import { runStorm, type StormRound } from './fleet-storm.js';
import { runPolicy, type PolicyCounts } from './fleet-policy.js';
import { runWalk, type WalkResults } from './fleet-walk.js';

export type { StormRound } from './fleet-storm.js';
export type { PolicyCounts } from './fleet-policy.js';
export type { WalkFigures, WalkResults } from './fleet-walk.js';

export interface FleetPlan {
  rounds: number;
  quick: boolean;
  progress: (line: string) => void;
}

export type StormResults =
  | { status: 'skipped'; reason: string }
  | {
      status: 'measured';
      connections: number;
      processes: number;
      /** The refreshers' background interval. */
      intervalMs: number;
      rounds: number;
      /** Medians over the rounds (see StormRound). */
      msToRefreshAll: number;
      msToFirstTokenRequest: number;
      /** refresh_token grants per round: each should equal `connections`. */
      tokenRequests: number[];
      /** Over all rounds: rows left with last_error or needs_reauth, plus warnings the processes logged. */
      failures: number;
      /** Over all rounds: token requests the emulator refused (invalid_grant for a reused refresh token, …). */
      refusedTokenRequests: number;
      /** Every round: as many grants as connections, none refused, every row's refresh token rotated. */
      rotatedOncePerConnection: boolean;
      /** Largest over the rounds. */
      peakDatabaseConnections: number;
      perRound: StormRound[];
    };

export interface PolicyResults {
  database: 'postgres' | 'pglite';
  busyConnections: number;
  idleConnections: number;
  simulatedMinutes: number;
  /** refresh_token grants in the simulated hour: before = every connection ahead, after = recently used only. */
  tokenRequestsPerHour: { before: PolicyCounts; after: PolicyCounts };
  /** after.total / before.total. */
  ratio: number;
  /** Both runs: refused token requests, refresh warnings, rows left failed. */
  failures: number;
  /** Wall time of each simulation. */
  ms: { before: number; after: number };
}

export interface FleetResults {
  quick: boolean;
  /** The database of the policy simulation and of the Hub in the walk; the storm needs PostgreSQL. */
  database: 'postgres' | 'pglite';
  walk: WalkResults;
  storm: StormResults;
  policy: PolicyResults;
}

const STORM_INTERVAL_MS = 1000;
/** A storm round takes 15-70 s on this shared 2-core machine (each refresh commits twice): no new round after this. */
const STORM_BUDGET_MS = 45_000;
const MAX_WALK_ROUNDS = 2;

export async function runFleet(plan: FleetPlan): Promise<FleetResults> {
  const closers: Closers = [];
  try {
    // One emulator for the walk and the storm (the policy simulation runs its own, in this process).
    const emulator = await startChild('emulator');
    closers.push(() => emulator.close());
    return await fleetParts(plan, emulator);
  } finally {
    await closeAll(closers);
  }
}

async function fleetParts(plan: FleetPlan, emulator: Child): Promise<FleetResults> {
  const scale = plan.quick ? 10 : 1;
  const rounds = plan.quick ? 1 : Math.max(1, plan.rounds);
  const databaseUrl = process.env.DATABASE_URL;
  const database = databaseUrl ? 'postgres' : 'pglite';

  const pages = 20_000 / scale;
  plan.progress(`fleet: walking a ${pages}-page space`);
  const walk = await runWalk({
    emulator,
    pages,
    rounds: Math.min(rounds, MAX_WALK_ROUNDS),
    progress: plan.progress,
  });

  let storm: StormResults = {
    status: 'skipped',
    reason: 'needs PostgreSQL (DATABASE_URL): two API processes cannot share one embedded PGlite database',
  };
  if (databaseUrl) {
    const connections = 2000 / scale;
    plan.progress(`fleet: refresh storm, ${connections} connections, two API processes`);
    const perRound = await runStorm(databaseUrl, {
      emulator,
      connections,
      rounds,
      budgetMs: STORM_BUDGET_MS,
      intervalMs: STORM_INTERVAL_MS,
      progress: plan.progress,
    });
    const sum = (pick: (r: StormRound) => number) => perRound.reduce((n, r) => n + pick(r), 0);
    storm = {
      status: 'measured',
      connections,
      processes: perRound[0]?.refreshedByProcess.length ?? 0,
      intervalMs: STORM_INTERVAL_MS,
      rounds: perRound.length,
      msToRefreshAll: Math.round(median(perRound.map((r) => r.msToRefreshAll))),
      msToFirstTokenRequest: Math.round(median(perRound.map((r) => r.msToFirstTokenRequest))),
      tokenRequests: perRound.map((r) => r.tokenRequests),
      failures: sum((r) => r.failures),
      refusedTokenRequests: sum((r) => r.refusedTokenRequests),
      rotatedOncePerConnection: perRound.every(
        (r) => r.tokenRequests === connections && r.refusedTokenRequests === 0 && r.rotated === connections,
      ),
      peakDatabaseConnections: Math.max(...perRound.map((r) => r.peakDatabaseConnections)),
      perRound,
    };
  }

  const fleet = { busy: 200 / scale, idle: 2000 / scale, progress: plan.progress };
  plan.progress(
    `fleet: one simulated hour of ${fleet.busy} busy and ${fleet.idle} idle connections (${database})`,
  );
  const { before, after } = await runPolicy(fleet);
  const counts = ({ total, busy, idle }: PolicyCounts): PolicyCounts => ({ total, busy, idle });
  return {
    quick: plan.quick,
    database,
    walk,
    storm,
    policy: {
      database,
      busyConnections: fleet.busy,
      idleConnections: fleet.idle,
      simulatedMinutes: 60,
      tokenRequestsPerHour: { before: counts(before), after: counts(after) },
      ratio: before.total === 0 ? Number.NaN : Math.round((after.total / before.total) * 1000) / 1000,
      failures: before.failures + after.failures,
      ms: { before: Math.round(before.ms), after: Math.round(after.ms) },
    },
  };
}
