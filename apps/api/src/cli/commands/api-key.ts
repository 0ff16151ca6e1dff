import { toolNames, type ToolName } from '@hub/confluence';

import { AuthError } from '../../auth/errors.js';
import { HubError } from '../../errors.js';
import { API_KEY_KINDS, UNLIMITED_KEY, type ApiKeyKind, type KeyPolicy } from '../../policy/policy.js';
import {
  createKeyPolicy,
  listKeyPolicies,
  requireConnections,
  updateKeyPolicy,
  type Actor,
} from '../../policy/store.js';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { formatTable, formatTime } from '../table.js';
import { UsageError } from '../errors.js';
import { listOption, positiveIntegerOption, roleOption } from '../values.js';
import { resolveWorkspace } from '../workspace-ref.js';

const MAX_EXPIRY_DAYS = 3650;
const CLI_ACTOR: Actor = { kind: 'system', id: 'cli', name: 'hub CLI' };

const policyOptions = {
  kind: {
    type: 'string',
    value: '<agent|service>',
    description: 'an AI agent or an internal service (default: service)',
  },
  tools: {
    type: 'string',
    value: '<all|tool,…>',
    description: `the tools it may call, comma-separated (default: all, including later ones): ${toolNames.join(', ')}`,
  },
  connections: {
    type: 'string',
    value: '<all|id,…>',
    description: 'the connections it may use, comma-separated ids (default: all)',
  },
} as const;

function kindOption(value: string, command: string): ApiKeyKind {
  if (!(API_KEY_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(`--kind must be ${API_KEY_KINDS.join(' or ')}, got "${value}".`, command);
  }
  return value as ApiKeyKind;
}

function toolsOption(value: string, command: string): ToolName[] | null {
  return listOption(
    value,
    '--tools',
    command,
    (entry) => toolNames.find((name) => name === entry),
    `a tool name (${toolNames.join(', ')})`,
  );
}

function connectionsOption(value: string, command: string): string[] | null {
  return listOption(
    value,
    '--connections',
    command,
    (entry) => (entry.length <= 100 ? entry : undefined),
    'a connection id',
  );
}

const describeList = (list: string[] | null, all: string) =>
  list === null ? all : list.length === 0 ? 'none' : list.join(', ');

/** Connection ids of another workspace, or none at all, are a clear error, not a stack. */
async function asCliError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HubError && error.kind === 'NOT_FOUND') throw new CliError(error.message);
    throw error;
  }
}

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
    ...policyOptions,
  },
  examples: [
    'pnpm --filter @hub/api hub api-key create --workspace Acme --name billing-service',
    'pnpm --filter @hub/api hub api-key create --workspace Acme --name docs-agent --kind agent --tools get_confluence_page,search_confluence_pages',
    'KEY=$(pnpm --filter @hub/api hub api-key create --workspace Acme --name ci --expires-in-days 90 | tail -n1)',
  ],
  async run(context, options) {
    const role = options.role === undefined ? 'member' : roleOption(options.role, 'api-key create');
    const days = options['expires-in-days'];
    const expiresInDays =
      days === undefined
        ? undefined
        : positiveIntegerOption(days, '--expires-in-days', 'api-key create', MAX_EXPIRY_DAYS);
    const policy: KeyPolicy = {
      kind: options.kind === undefined ? 'service' : kindOption(options.kind, 'api-key create'),
      tools: options.tools === undefined ? null : toolsOption(options.tools, 'api-key create'),
      connectionIds:
        options.connections === undefined ? null : connectionsOption(options.connections, 'api-key create'),
    };
    const { db } = await context.database();
    const workspace = await resolveWorkspace(db, options.workspace);
    if (policy.connectionIds !== null) {
      const ids = policy.connectionIds;
      await asCliError(() => requireConnections(db, workspace.id, ids));
    }
    const auth = await context.auth();
    const { key, summary } = await auth.createApiKey({
      workspaceId: workspace.id,
      name: options.name,
      role,
      createdBy: { kind: 'system' },
      ...(expiresInDays === undefined ? {} : { expiresInDays }),
    });
    try {
      await createKeyPolicy(db, CLI_ACTOR, workspace.id, summary, policy);
    } catch (error) {
      // Never leave a key with more rights than asked for.
      await auth.revokeApiKey(workspace.id, summary.id).catch(() => undefined);
      throw error;
    }
    const expiry =
      summary.expiresAt === null ? 'never expires' : `expires ${formatTime(summary.expiresAt) ?? ''}`;
    context.print(
      `Created ${role} ${policy.kind} API key "${summary.name}" (id ${summary.id}) for workspace "${workspace.name}"; it ${expiry}.`,
    );
    context.print(
      `Tools: ${describeList(policy.tools, 'all')}. Connections: ${describeList(policy.connectionIds, 'all')}.`,
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
    const policies = await listKeyPolicies(db, workspace.id);
    const now = Date.now();
    const rows = keys.map((key) => ({
      ...key,
      policy: policies.get(key.id) ?? UNLIMITED_KEY,
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
      ['ID', 'NAME', 'STARTS WITH', 'ROLE', 'KIND', 'TOOLS', 'STATUS', 'CREATED', 'LAST USED', 'EXPIRES'],
      rows.map((key) => [
        key.id,
        key.name,
        key.start,
        key.role,
        key.policy.kind,
        key.policy.tools === null ? 'all' : String(key.policy.tools.length),
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

export const apiKeyPolicyCommand = defineCommand({
  name: 'api-key set-policy',
  summary: "change an API key's kind, tool list or connections",
  description:
    'Changes what an API key may do: its kind, the tools it may call and the connections it may use. Options left ' +
    'out stay as they are; `all` lifts a limit. API processes apply the change within 5 seconds, and the ' +
    'change is recorded in the policy log.',
  options: {
    workspace: { type: 'string', value: '<id|name>', description: 'the workspace', required: true },
    id: {
      type: 'string',
      value: '<key-id>',
      description: 'the key id (from `hub api-key list`)',
      required: true,
    },
    ...policyOptions,
  },
  examples: [
    'pnpm --filter @hub/api hub api-key set-policy --workspace Acme --id 9b1c… --tools get_confluence_page',
    'pnpm --filter @hub/api hub api-key set-policy --workspace Acme --id 9b1c… --tools all --connections all',
  ],
  async run(context, options) {
    const command = 'api-key set-policy';
    const patch = {
      ...(options.kind === undefined ? {} : { kind: kindOption(options.kind, command) }),
      ...(options.tools === undefined ? {} : { tools: toolsOption(options.tools, command) }),
      ...(options.connections === undefined
        ? {}
        : { connectionIds: connectionsOption(options.connections, command) }),
    };
    if (Object.keys(patch).length === 0) {
      throw new UsageError('give at least one of --kind, --tools, --connections.', command);
    }
    const { db } = await context.database();
    const workspace = await resolveWorkspace(db, options.workspace);
    const policy = await asCliError(() => updateKeyPolicy(db, CLI_ACTOR, workspace.id, options.id, patch));
    context.print(
      `API key ${options.id} of workspace "${workspace.name}" is now ${policy.kind === 'agent' ? 'an agent' : 'a service'} key. ` +
        `Tools: ${describeList(policy.tools, 'all')}. Connections: ${describeList(policy.connectionIds, 'all')}.`,
    );
  },
});
