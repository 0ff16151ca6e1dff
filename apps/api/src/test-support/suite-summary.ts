/**
 * The reliability and security suite (src/suite/) ends each group with one line of what it tried and what held,
 * e.g. `isolation: 76 procedure×principal cases, 76 refused, 0 leaked`. Printed with a fixed prefix so a run's
 * output can be searched for them (`grep '^\[suite\]'`); the README lists the latest.
 */
export function reportSummary(group: string, text: string): void {
  console.log(`[suite] ${group}: ${text}`);
}
