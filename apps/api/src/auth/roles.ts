import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements, memberAc, ownerAc } from 'better-auth/plugins/organization/access';
import { z } from 'zod';

/**
 * The product has two roles per workspace: admin (connects Confluence, manages keys and members) and member
 * (uses tools). better-auth's organization plugin has three: owner, admin, member. The workspace creator is its
 * owner (the plugin needs one to allow deleting the workspace); for this product an owner is an admin.
 */
export const WORKSPACE_ROLES = ['admin', 'member'] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
export const workspaceRoleSchema = z.enum(WORKSPACE_ROLES);

/** Unknown or future roles fall to the least privilege. */
export function toWorkspaceRole(memberRole: string | null | undefined): WorkspaceRole {
  const roles = (memberRole ?? '').split(',').map((role) => role.trim());
  return roles.includes('owner') || roles.includes('admin') ? 'admin' : 'member';
}

// The api-key plugin asks the organization's access control whether a member may manage workspace keys.
const statements = {
  ...defaultStatements,
  apiKey: ['create', 'read', 'update', 'delete'],
} as const;

export const accessControl = createAccessControl(statements);

export const roles = {
  owner: accessControl.newRole({ ...ownerAc.statements, apiKey: ['create', 'read', 'update', 'delete'] }),
  admin: accessControl.newRole({ ...adminAc.statements, apiKey: ['create', 'read', 'update', 'delete'] }),
  member: accessControl.newRole({ ...memberAc.statements, apiKey: [] }),
};
