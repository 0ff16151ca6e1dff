import { z } from 'zod';

import { WORKSPACE_ROLES, workspaceRoleSchema, type WorkspaceRole } from '../auth/roles.js';
import { UsageError } from './errors.js';

const email = z.email();

/** Option values checked before anything touches the database; a bad one is a usage error (exit 2). */
export function emailOption(value: string, option: string, command: string): string {
  if (!email.safeParse(value).success) {
    throw new UsageError(`${option} must be an email address, got "${value}".`, command);
  }
  return value.toLowerCase();
}

export function roleOption(value: string, command: string): WorkspaceRole {
  const parsed = workspaceRoleSchema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(`--role must be ${WORKSPACE_ROLES.join(' or ')}, got "${value}".`, command);
  }
  return parsed.data;
}

export function positiveIntegerOption(value: string, option: string, command: string, max: number): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1 || parsed > max) {
    throw new UsageError(`${option} must be a whole number from 1 to ${max}, got "${value}".`, command);
  }
  return parsed;
}

/** `all` (null: no limit) or a comma-separated list, each checked by `item`. */
export function listOption<T>(
  value: string,
  option: string,
  command: string,
  item: (entry: string) => T | undefined,
  expected: string,
): T[] | null {
  if (value.trim().toLowerCase() === 'all') return null;
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const parsed: T[] = [];
  for (const entry of entries) {
    const result = item(entry);
    if (result === undefined) throw new UsageError(`${option}: "${entry}" is not ${expected}.`, command);
    if (!parsed.includes(result)) parsed.push(result);
  }
  return parsed;
}
