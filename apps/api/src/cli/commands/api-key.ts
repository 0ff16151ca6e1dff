import { AuthError } from '../../auth/errors.js';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { formatTable, formatTime } from '../table.js';
import { positiveIntegerOption, roleOption } from '../values.js';
import { resolveWorkspace } from '../workspace-ref.js';

const MAX_EXPIRY_DAYS = 3650;

export const apiKeyCreateCommand = defineCommand({
  name: 'api-key create',
  summary: 'create a service API key (prints the key alone on the last line)',
  description:
    'Creates an API key that services send as `Authorization: Bearer <key>`. The key is shown this once, alone on ' +
    'the last line of output, and only its hash is stored: put it in your secret store right away. A member key ' +
    'calls tools; an admin key may also manage connections and keys.',
  options: {
    workspace: { type: 'string', value: '<id|name>', description: 'the workspace', required: true },
    name: {
      type: 'string',
      value: '<name>',
      description: 'a label, e.g. the service using it',
      required: true,
    },
    role: { type: 'string', value: '<admin|member>', description: "the key's role (default: member)" },
    'expires-in-days': {
      type: 'string',
      value: '<days>',
      description: `expire after this many days, 1 to ${MAX_EXPIRY_DAYS} (default: never)`,
    },
  },
  examples: [
    'pnpm --filter @hub/api hub api-key create --workspace Acme --name billing-service',
    'KEY=$(pnpm --filter @hub/api hub api-key create --workspace Acme --name ci --expires-in-days 90 | tail -n1)',
  ],
  async run(context, options) {
    const role = options.role === undefined ? 'member' : roleOption(options.role, 'api-key create');
    const days = options['expires-in-days'];
    const expiresInDays =
      days === undefined
        ? undefined
        : positiveIntegerOption(days, '--expires-in-days', 'api-key create', MAX_EXPIRY_DAYS);
    const { db } = await context.database();
    const workspace = await resolveWorkspace(db, options.workspace);
    const auth = await context.auth();
    const { key, summary } = await auth.createApiKey({
      workspaceId: workspace.id,
      name: options.name,
      role,
      createdBy: { kind: 'system' },
      ...(expiresInDays === undefined ? {} : { expiresInDays }),
    });
    const expiry =
      summary.expiresAt === null ? 'never expires' : `expires ${formatTime(summary.expiresAt) ?? ''}`;
    context.print(
      `Created ${role} API key "${summary.name}" (id ${summary.id}) for workspace "${workspace.name}"; it ${expiry}.`,
    );
    context.print('This is the only time the key is shown: store it now. The key:');
    context.print(key);
  },
});

export const apiKeyListCommand = defineCommand({
  name: 'api-key list',
  summary: "list a workspace's API keys",
  description:
    "Lists a workspace's API keys, newest first: id, name, visible start, role, status, last use. Never the keys.",
  options: {
    workspace: { type: 'string', value: '<id|name>', description: 'the workspace', required: true },
    json: { type: 'boolean', description: 'print a JSON array instead of a table' },
  },
  examples: [
    'pnpm --filter @hub/api hub api-key list --workspace Acme',
    'pnpm --filter @hub/api hub api-key list --workspace Acme --json',
  ],
  async run(context, options) {
    const { db } = await context.database();
    const workspace = await resolveWorkspace(db, options.workspace);
    const keys = await (await context.auth()).listApiKeys(workspace.id);
    const now = Date.now();
    const rows = keys.map((key) => ({
      ...key,
      status:
        key.revokedAt !== null
          ? 'revoked'
          : key.expiresAt !== null && key.expiresAt.getTime() <= now
            ? 'expired'
            : 'active',
    }));
    if (options.json) {
      context.print(JSON.stringify(rows, null, 2));
      return;
    }
    if (rows.length === 0) {
      context.print(`Workspace "${workspace.name}" has no API keys: create one with \`hub api-key create\`.`);
      return;
    }
    const table = formatTable(
      ['ID', 'NAME', 'STARTS WITH', 'ROLE', 'STATUS', 'CREATED', 'LAST USED', 'EXPIRES'],
      rows.map((key) => [
        key.id,
        key.name,
        key.start,
        key.role,
        key.status,
        formatTime(key.createdAt),
        formatTime(key.lastUsedAt),
        formatTime(key.expiresAt),
      ]),
    );
    for (const line of table) context.print(line);
  },
});

export const apiKeyRevokeCommand = defineCommand({
  name: 'api-key revoke',
  summary: 'revoke an API key',
  description:
    'Revokes an API key of the workspace: calls with it are refused from then on (API servers that verified it ' +
    'in the last 30 seconds notice within 30 seconds). The key stays listed as revoked. Revoking twice is harmless.',
  options: {
    workspace: { type: 'string', value: '<id|name>', description: 'the workspace', required: true },
    id: {
      type: 'string',
      value: '<key-id>',
      description: 'the key id (from `hub api-key list`)',
      required: true,
    },
  },
  examples: ['pnpm --filter @hub/api hub api-key revoke --workspace Acme --id 9b1c…'],
  async run(context, options) {
    const { db } = await context.database();
    const workspace = await resolveWorkspace(db, options.workspace);
    try {
      await (await context.auth()).revokeApiKey(workspace.id, options.id);
    } catch (error) {
      if (!(error instanceof AuthError && error.kind === 'NOT_FOUND')) throw error;
      throw new CliError(
        `Workspace "${workspace.name}" has no API key with the id ${options.id}: see \`hub api-key list --workspace ${workspace.id}\`.`,
      );
    }
    context.print(`Revoked API key ${options.id} of workspace "${workspace.name}".`);
  },
});
