import { z } from 'zod';

export const faultSpecSchema = z.strictObject({
  method: z.string().min(1).optional(),
  /** A path prefix, or a regular expression when it starts with `^`. */
  path: z.string().min(1),
  times: z.int().positive().default(1),
  status: z.int().min(100).max(599).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  delayMs: z.int().nonnegative().max(120_000).optional(),
  drop: z.boolean().optional(),
});

export type FaultSpec = z.input<typeof faultSpecSchema>;
export type Fault = z.output<typeof faultSpecSchema> & { id: string };

export class FaultStore {
  private faults: (Fault & { test: (path: string) => boolean })[] = [];
  private nextId = 1;

  /** Throws on an invalid regular expression, which the control API reports as 400. */
  add(spec: z.output<typeof faultSpecSchema>): string {
    const id = `fault-${this.nextId++}`;
    const test = spec.path.startsWith('^')
      ? (
          (re: RegExp) => (path: string) =>
            re.test(path)
        )(new RegExp(spec.path))
      : (path: string) => path.startsWith(spec.path);
    this.faults.push({ ...spec, id, test });
    return id;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first matching fault, consumed once; it disappears after its last use. */
  take(method: string, path: string): Fault | null {
    const index = this.faults.findIndex(
      (f) => (f.method === undefined || f.method.toUpperCase() === method) && f.test(path),
    );
    const fault = this.faults[index];
    if (fault === undefined) return null;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  get size(): number {
    return this.faults.length;
  }
}
