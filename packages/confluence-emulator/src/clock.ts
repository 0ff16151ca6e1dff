/**
 * The emulator's notion of "now": wall time plus an offset that tests move forward, so token expiry and
 * refresh leeway can be exercised without waiting.
 */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): number {
    this.offsetMs += ms;
    return this.now();
  }
}
