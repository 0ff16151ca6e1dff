import type { Command } from '../command.js';
import {
  apiKeyCreateCommand,
  apiKeyListCommand,
  apiKeyPolicyCommand,
  apiKeyRevokeCommand,
} from './api-key.js';
import { migrateCommand } from './migrate.js';
import { rotateKeysCommand } from './rotate-keys.js';
import { userCreateCommand } from './user.js';
import { workspaceCreateCommand, workspaceListCommand } from './workspace.js';

/** In the order `hub help` lists them. */
export const COMMANDS: readonly Command[] = [
  migrateCommand,
  workspaceCreateCommand,
  workspaceListCommand,
  userCreateCommand,
  apiKeyCreateCommand,
  apiKeyListCommand,
  apiKeyRevokeCommand,
  apiKeyPolicyCommand,
  rotateKeysCommand,
];
