import type { WorkspaceRole } from './roles.js';

/** Who is calling, in which workspace, with which role. Every workspace-scoped query filters on workspaceId. */
export interface PrincipalBase {
  /** User id or API key id; recorded in the activity log. */
  id: string;
  workspaceId: string;
  role: WorkspaceRole;
  /** For display and logs: the user's name (or email), or the key's name. */
  name: string;
}

export interface UserPrincipal extends PrincipalBase {
  kind: 'user';
  email: string;
  /** The OAuth state is bound to this session, so a consent started in one browser cannot finish in another. */
  sessionId: string;
}

export interface ApiKeyPrincipal extends PrincipalBase {
  kind: 'apiKey';
}

export type Principal = UserPrincipal | ApiKeyPrincipal;
