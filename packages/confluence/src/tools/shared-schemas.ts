import { z } from 'zod';

export const limitSchema = z
  .int()
  .min(1)
  .max(250)
  .default(25)
  .describe('Maximum number of results to return in this call (1-250).');

export const cursorSchema = z
  .string()
  .min(1)
  .optional()
  .describe(
    "Opaque cursor from a previous call's `nextCursor`, to fetch the next batch. Omit for the first batch.",
  );

export const nextCursorSchema = z
  .string()
  .nullable()
  .describe('Pass this as `cursor` to get more results; null when there are no more.');

/** Confluence ids are numeric strings; agents often send them as JSON numbers, which is just as clear. */
export const idSchema = (what: string) =>
  z
    .union([z.string(), z.int().nonnegative()])
    .transform((id) => String(id).trim())
    .pipe(z.string().regex(/^\d+$/, `${what} is a numeric id such as "123456"`))
    .describe(`Numeric id of the ${what}.`);

export const spaceKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .describe('Space key, e.g. "ENG" (personal spaces look like "~accountid").');

export const writeFormatSchema = z
  .enum(['markdown', 'storage'])
  .default('markdown')
  .describe(
    'Format of `body`: "markdown" (GitHub-flavoured; converted to Confluence storage format) or "storage" ' +
      '(Confluence storage XHTML, sent as is).',
  );

/**
 * A tool's input object. Strict: an unknown field (a misspelt `versoin`, an option this tool does not have) is a
 * BAD_REQUEST naming it, never silently dropped — an agent must not believe an option was applied when it was not.
 */
export function toolInput<S extends z.core.$ZodLooseShape>(shape: S) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      const s = issue.keys.length === 1 ? '' : 's';
      return `Unknown field${s} ${keys}: this tool takes ${known} (and connectionId); nothing was done.`;
    },
  });
}

/**
 * Makes a write safe to retry. The Hub stores the first result under this key for 24 hours: a retry with the same
 * key and input returns it and writes nothing new (also while the first call is still running, on any API
 * process); the same key with a different input is refused with IDEMPOTENCY_KEY_REUSED.
 */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'idempotencyKey is printable ASCII without spaces, such as a UUID')
  .optional()
  .describe(
    'Any unique string (a UUID) that makes this write safe to retry: a retried call with the same key and input ' +
      'returns the first result and writes nothing new; the same key with different input is refused. Kept 24 h.',
  );

/** A write's preview: everything is validated, resolved and converted, nothing is written. */
export const dryRunSchema = z
  .boolean()
  .default(false)
  .describe(
    'true: validate, resolve and convert, and return what would be sent (`dryRun: true` in the result) without ' +
      'writing anything to Confluence.',
  );

/** The inputs every write tool adds to its own. */
export const writeSafetyInputs = { idempotencyKey: idempotencyKeySchema, dryRun: dryRunSchema };

/**
 * A write's output: what was written (`dryRun: false`), or with `dryRun: true` what would have been sent. For MCP,
 * whose outputSchema must be an object, the manifest adds `type: "object"` around the union.
 */
export function writeOutput<W extends z.core.$ZodLooseShape, P extends z.core.$ZodLooseShape>(
  written: W,
  preview: P,
) {
  return z.discriminatedUnion('dryRun', [
    z.object({ dryRun: z.literal(false), ...written }),
    z.object({ dryRun: z.literal(true), ...preview }),
  ]);
}

/** A write's result when it was not a dry run (narrows the `dryRun` union); throws on a preview. */
export function written<T extends { dryRun: boolean }>(result: T): Exclude<T, { dryRun: true }> {
  if (result.dryRun) throw new Error('Expected a written result, got a dry run preview (dryRun: true)');
  return result as Exclude<T, { dryRun: true }>;
}
