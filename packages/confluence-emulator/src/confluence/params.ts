import { badRequest } from './errors.js';

/** Query-string readers that answer 400 the way the v2 API does when a value is malformed. */

export function limitParam(query: URLSearchParams, max = 250, fallback = 25): number {
  const raw = query.get('limit');
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    badRequest(`Invalid value for 'limit': ${raw}. The value must be an integer between 1 and ${max}.`);
  }
  return n;
}

export function enumParam<T extends string>(
  query: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    badRequest(`Invalid value for '${name}': ${raw}. Allowed values: ${allowed.join(', ')}.`);
  }
  return raw as T;
}

/**
 * A parameter the spec documents as a comma-separated list (`ids`, `keys`, `labels` of GET /spaces; `id`,
 * `space-id` of GET /pages): `ids=1,2`, and repeated `ids=1&ids=2` (OpenAPI's default form) as well.
 */
export function listParam(query: URLSearchParams, name: string, max = 250): string[] | undefined {
  const raw = query.getAll(name);
  if (raw.length === 0) return undefined;
  const values = raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  if (values.length > max) badRequest(`Too many values for '${name}': at most ${max} are allowed.`);
  return values;
}

/**
 * An array of enum values the spec does not document as comma-separated (`status`): OpenAPI's default form, one
 * repeated parameter per value (`status=current&status=archived`). `status=current,archived` is one unknown value.
 */
export function enumListParam<T extends string>(
  query: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) {
      badRequest(`Invalid value for '${name}': ${v}. Allowed values: ${allowed.join(', ')}.`);
    }
  }
  return values as T[];
}

export function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return badRequest(`Invalid value for '${name}': ${raw}. Expected true or false.`);
}

/** Path ids are int64 upstream; anything else is a 400 before any lookup. */
export function idParam(value: string | undefined, name = 'id'): string {
  if (value === undefined || !/^\d{1,18}$/.test(value)) {
    return badRequest(`Invalid value for '${name}': ${value ?? ''}. Expected a numeric id.`);
  }
  return value.replace(/^0+(?=\d)/, '');
}
