import { randomBytes } from 'node:crypto';

import { asc, eq } from 'drizzle-orm';

import type { Db } from '../db/client.js';
import { member, user } from '../db/schema/index.js';
import type { Auth } from './auth.js';
import { AuthError, toAuthError } from './errors.js';
import type { WorkspaceRole } from './roles.js';

/**
 * Users and workspaces are created by trusted server code (bootstrap, CLI, admin procedures), never by
 * self-service sign-up. These helpers call better-auth's server API so passwords are hashed and rows shaped
 * exactly as better-auth expects; the HTTP sign-up route stays disabled.
 */

export async function findUserIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: user.id })
    .from(user)
    .where(eq(user.email, email.toLowerCase()))
    .limit(1);
  return row?.id;
}

export interface CreateUserInput {
  email: string;
  password: string;
  name?: string;
}

/** Creates a user with an email+password credential; fails with CONFLICT when the email is taken. */
export async function createUser(auth: Auth, db: Db, input: CreateUserInput): Promise<string> {
  if ((await findUserIdByEmail(db, input.email)) !== undefined) {
    throw new AuthError('CONFLICT', `A user with email ${input.email.toLowerCase()} already exists`);
  }
  try {
    await auth.api.signUpEmail({
      body: { email: input.email, password: input.password, name: input.name ?? defaultName(input.email) },
    });
  } catch (error) {
    throw toAuthError(error, `Cannot create user ${input.email}`);
  }
  // Read back rather than trust the response: with autoSignIn off, a sign-up that lost a race with another one
  // answers with a placeholder user whose id exists nowhere.
  const id = await findUserIdByEmail(db, input.email);
  if (id === undefined) throw new Error(`user ${input.email} missing right after sign-up`);
  return id;
}

/** A new workspace (better-auth organization) whose owner, i.e. first admin, is `ownerUserId`. */
export async function createWorkspace(
  auth: Auth,
  input: { name: string; ownerUserId: string },
): Promise<string> {
  const created = await auth.api.createOrganization({
    body: { name: input.name, slug: slugFor(input.name), userId: input.ownerUserId },
  });
  return created.id;
}

/** Adds a member; better-auth's owner role is reserved for the workspace creator. */
export async function addMember(
  auth: Auth,
  input: { workspaceId: string; userId: string; role: WorkspaceRole },
): Promise<void> {
  try {
    await auth.api.addMember({
      body: { organizationId: input.workspaceId, userId: input.userId, role: input.role },
    });
  } catch (error) {
    throw toAuthError(error, 'Cannot add member');
  }
}

export interface Membership {
  workspaceId: string;
  /** better-auth's role string: owner, admin or member. */
  memberRole: string;
}

/** The user's memberships, oldest first. */
export async function listMemberships(db: Db, userId: string): Promise<Membership[]> {
  return db
    .select({ workspaceId: member.organizationId, memberRole: member.role })
    .from(member)
    .where(eq(member.userId, userId))
    .orderBy(asc(member.createdAt), asc(member.id));
}

// Slugs must be unique across the deployment; a random suffix avoids a lookup-then-insert race.
function slugFor(name: string): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'workspace';
  return `${base}-${randomBytes(3).toString('hex')}`;
}

function defaultName(email: string): string {
  return email.split('@')[0] ?? email;
}
