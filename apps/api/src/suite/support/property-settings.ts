import type { Parameters } from 'fast-check';

/**
 * fast-check settings for the suite: in CI a fixed seed, so whether a change lands never depends on luck; locally
 * a new seed every run, to keep exploring (a failure prints its seed and path for replay).
 */
export function propertySettings<T>(settings: Parameters<T> & { numRuns: number }): Parameters<T> {
  return process.env.CI ? { ...settings, seed: 20_261_201 } : settings;
}
