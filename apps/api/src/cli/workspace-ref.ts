import { eq, sql } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { organization } from '../db/schema/index.js';
import { CliError } from './errors.js';

export interface WorkspaceRef {
  id: string;
  name: string;
}

/**
 * `--workspace` takes an id or a name: the id when one matches, else the workspace of that name (ignoring case).
 * Names are not unique, so several matches are an error listing the ids to choose from.
 */
export async function resolveWorkspace(db: Db, ref: string): Promise<WorkspaceRef> {
  const columns = { id: organization.id, name: organization.name };
  const [byId] = await db.select(columns).from(organization).where(eq(organization.id, ref));
  if (byId !== undefined) return byId;
  const byName = await db
    .select(columns)
    .from(organization)
    .where(sql`lower(${organization.name}) = lower(${ref})`)
    .orderBy(organization.createdAt)
    .limit(10);
  const [first, ...others] = byName;
  if (first === undefined) {
    throw new CliError(`No workspace has the id or name "${ref}": see \`hub workspace list\`.`);
  }
  if (others.length > 0) {
    const ids = byName.map((workspace) => workspace.id).join(', ');
    throw new CliError(`Several workspaces are named "${ref}": pass one of their ids instead (${ids}).`);
  }
  return first;
}
