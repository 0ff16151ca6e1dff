import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { createUser, createWorkspace, findUserIdByEmail, listMemberships } from './accounts.js';
import type { Auth } from './auth.js';
import { AuthError } from './errors.js';

export interface BootstrapAdminInput {
  email: string;
  password: string;
  name?: string;
  workspaceName?: string;
}

export interface BootstrapAdminResult {
  userId: string;
  workspaceId: string;
  createdUser: boolean;
  createdWorkspace: boolean;
}

/**
 * Makes a fresh deployment sign-in-able: creates ADMIN_EMAIL's user and a first workspace it owns, unless they
 * exist. Safe to run at every start-up and from several processes at once: an existing user keeps its password
 * (ADMIN_PASSWORD only seeds the first boot), and a user left without a workspace by an interrupted start gets one.
 */
export async function bootstrapAdmin(
  auth: Auth,
  db: Db,
  input: BootstrapAdminInput,
  logger?: Logger,
): Promise<BootstrapAdminResult> {
  let userId = await findUserIdByEmail(db, input.email);
  let createdUser = false;
  if (userId === undefined) {
    try {
      const createInput = { email: input.email, password: input.password };
      userId = await createUser(
        auth,
        db,
        input.name === undefined ? createInput : { ...createInput, name: input.name },
      );
      createdUser = true;
    } catch (error) {
      // Another process bootstrapped the same admin a moment ago.
      userId = await findUserIdByEmail(db, input.email);
      if (userId === undefined) throw error;
      if (!(error instanceof AuthError)) logger?.debug({ err: error }, 'bootstrap sign-up lost a race');
    }
  }

  const [existing] = await listMemberships(db, userId);
  if (existing !== undefined) {
    return { userId, workspaceId: existing.workspaceId, createdUser, createdWorkspace: false };
  }
  const workspaceId = await createWorkspace(auth, {
    name: input.workspaceName ?? 'Default workspace',
    ownerUserId: userId,
  });
  logger?.info({ userId, workspaceId, email: input.email }, 'bootstrapped admin user and first workspace');
  return { userId, workspaceId, createdUser, createdWorkspace: true };
}
