/**
 * Part 1: one tool call through the Hub against its baselines, measured side by side in one run. Per scenario and
 * concurrency, every variant is warmed up, then the variants alternate round by round (the order rotating each
 * round, so none always runs first after a pause); each figure is the median over the rounds.
 */
import { measure, type Sample, type Target } from './load.js';
import { median, round } from './stats.js';

export interface HttpScenario {
  name: string;
  targets: Target[];
}

export interface VariantFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuPerRequestUs: number;
  rounds: number;
}

/** scenario → `c<concurrency>` → variant → medians. */
export type HttpResults = Record<string, Record<string, Record<string, VariantFigures>>>;

export interface HttpPlan {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  concurrencies: number[];
  progress: (line: string) => void;
}

export async function runHttp(scenarios: HttpScenario[], plan: HttpPlan): Promise<HttpResults> {
  const results: HttpResults = {};
  for (const scenario of scenarios) {
    const byConcurrency: Record<string, Record<string, VariantFigures>> = {};
    for (const c of plan.concurrencies) {
      for (const target of scenario.targets) await measure(target, c, plan.warmupSeconds);
      const samples = new Map<string, Sample[]>(scenario.targets.map((t) => [t.variant, []]));
      for (let r = 0; r < plan.rounds; r++) {
        const order = scenario.targets.map((_, i) => scenario.targets[(i + r) % scenario.targets.length]);
        for (const target of order) {
          if (target === undefined) continue;
          const sample = await measure(target, c, plan.seconds);
          if (sample.failures > 0 || sample.requests === 0) {
            throw new Error(
              `${scenario.name} / ${target.variant} at c=${c}: ${sample.failures} failed answers of ${sample.requests}; the figures would lie`,
            );
          }
          samples.get(target.variant)?.push(sample);
        }
        plan.progress(`${scenario.name}, c=${c}: round ${r + 1}/${plan.rounds}`);
      }
      byConcurrency[`c${c}`] = Object.fromEntries(
        [...samples].map(([variant, xs]) => [
          variant,
          {
            rps: round(median(xs.map((x) => x.rps))),
            p50Ms: round(median(xs.map((x) => x.p50))),
            p99Ms: round(median(xs.map((x) => x.p99))),
            cpuPerRequestUs: round(median(xs.map((x) => x.cpuPerRequestUs))),
            rounds: xs.length,
          },
        ]),
      );
    }
    results[scenario.name] = byConcurrency;
  }
  return results;
}
