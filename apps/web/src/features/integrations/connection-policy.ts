import type { ToolCapability } from '../../lib/api-types';
import { CAPABILITIES } from '../../lib/tool-catalog';

/** The API's rule for an allow-list entry (apps/api/src/policy/policy.ts): personal spaces start with "~". */
const SPACE_KEY = /^~?[A-Za-z0-9_-]+$/;
const MAX_KEYS = 100;

/** Why a typed space key cannot be added, or null when it can (trimmed; duplicates refused). */
export function spaceKeyError(raw: string, existing: readonly string[]): string | null {
  const key = raw.trim();
  if (key === '') return 'Type a space key, e.g. ENG.';
  if (key.length > 255) return 'A space key is at most 255 characters.';
  if (!SPACE_KEY.test(key)) {
    return 'A space key is letters, digits, “_” or “-”, e.g. ENG; personal spaces start with “~”, e.g. ~acc-123.';
  }
  if (existing.includes(key)) return `${key} is already on the list.`;
  if (existing.length >= MAX_KEYS) return `An allow-list holds at most ${MAX_KEYS} spaces.`;
  return null;
}

/** A capability switched on or off, in the API's order. */
export function withCapability(
  capabilities: readonly ToolCapability[],
  capability: ToolCapability,
  on: boolean,
): ToolCapability[] {
  return CAPABILITIES.map((c) => c.key).filter((c) => (c === capability ? on : capabilities.includes(c)));
}

const PHRASES: Record<ToolCapability, string> = {
  read: 'read pages',
  search: 'search',
  write: 'write pages',
  comment: 'comment',
  delete: 'delete pages',
};

function list(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

/**
 * One plain sentence: what agents can do through the connection, and what they cannot. Deleting is off by default
 * (and not missed when off): said only when it is on.
 */
export function describeCapabilities(capabilities: readonly ToolCapability[]): string {
  const base = CAPABILITIES.map((c) => c.key).filter((c) => c !== 'delete');
  const on = base.filter((c) => capabilities.includes(c));
  const off = base.filter((c) => !capabilities.includes(c));
  const deletes = capabilities.includes('delete');
  const also = deletes ? ' They can also delete pages (to the trash).' : '';
  if (on.length === 0) {
    return deletes
      ? 'Agents can only delete pages (to the trash).'
      : 'Nothing is allowed: every tool call through this connection is refused.';
  }
  if (off.length === 0) return `Agents can read, search, write pages and comment.${also}`;
  const changes = on.includes('write') || on.includes('comment') || deletes;
  if (!changes) {
    const reads = list(on.map((c) => (c === 'read' ? 'read' : 'search')));
    return `Read-only: agents can ${reads} but not change pages.`;
  }
  return `Agents can ${list(on.map((c) => PHRASES[c]))}, but not ${list(off.map((c) => PHRASES[c]))}.${also}`;
}

/** One plain sentence about the space allow-list. */
export function describeSpaces(allowedSpaceKeys: readonly string[] | null): string {
  if (allowedSpaceKeys === null) return 'Every space the connected Atlassian account can see.';
  return `Only ${list([...allowedSpaceKeys])}: tools see and change nothing in other spaces.`;
}
