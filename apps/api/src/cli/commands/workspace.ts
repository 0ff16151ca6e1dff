import { and, eq, ne, sql } from 'drizzle-orm';

import { createUser, findUserIdByEmail } from '../../auth/accounts.js';
import { confluenceConnections, member, organization, user } from '../../db/schema/index.js';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { readNewPassword } from '../password.js';
import { formatTable, formatTime } from '../table.js';
import { emailOption } from '../values.js';

export const workspaceCreateCommand = defineCommand({
  name: 'workspace create',
  summary: 'create a workspace and its owner (prints the workspace id last)',
  description:
    'Creates a workspace owned by the user with --owner (its first admin). The owner must exist, unless you add ' +
    '--create-owner: then a missing owner is created with the password from --owner-password, HUB_USER_PASSWORD, ' +
    'or asked for on the terminal. Workspace names must be unique (ignoring case), so --workspace <name> stays ' +
    'unambiguous. The last line of output is the new workspace id.',
  options: {
    name: { type: 'string', value: '<name>', description: 'the workspace name', required: true },
    owner: { type: 'string', value: '<email>', description: "the owner's email", required: true },
    'create-owner': { type: 'boolean', description: 'create the owner if no user has that email' },
    'owner-name': { type: 'string', value: '<name>', description: "a new owner's display name" },
    'owner-password': {
      type: 'string',
      value: '<password>',
      description: "a new owner's password (implies --create-owner; prefer HUB_USER_PASSWORD)",
    },
  },
  examples: [
    'pnpm --filter @hub/api hub workspace create --name Acme --owner ada@acme.com',
    'HUB_USER_PASSWORD=… pnpm --filter @hub/api hub workspace create --name Acme --owner ada@acme.com --create-owner',
    'WS=$(pnpm --filter @hub/api hub workspace create --name Acme --owner ada@acme.com | tail -n1)',
  ],
  async run(context, options) {
    const email = emailOption(options.owner, '--owner', 'workspace create');
    const createOwner = options['create-owner'] || options['owner-password'] !== undefined;
    const { db } = await context.database();
    const auth = await context.auth();

    const [taken] = await db
      .select({ id: organization.id, name: organization.name })
      .from(organization)
      .where(sql`lower(${organization.name}) = lower(${options.name})`)
      .limit(1);
    if (taken !== undefined) {
      throw new CliError(
        `A workspace named "${taken.name}" already exists (${taken.id}): choose another name.`,
      );
    }

    let ownerId = await findUserIdByEmail(db, email);
    if (ownerId === undefined) {
      if (!createOwner) {
        throw new CliError(
          `No user has the email ${email}: add --create-owner to create it, or name an existing user.`,
        );
      }
      const password = await readNewPassword(context, {
        flag: options['owner-password'],
        flagName: '--owner-password',
        who: email,
      });
      const input = { email, password };
      const name = options['owner-name'];
      ownerId = await createUser(auth.auth, db, name === undefined ? input : { ...input, name });
      context.print(`Created user ${email}.`);
    } else if (options['owner-password'] !== undefined) {
      context.note(`${email} already exists: their password was not changed.`);
    }

    const workspaceId = await auth.createWorkspace({ name: options.name, ownerUserId: ownerId });
    context.print(`Created workspace "${options.name}" owned by ${email}. Its id:`);
    context.print(workspaceId);
  },
});

export const workspaceListCommand = defineCommand({
  name: 'workspace list',
  summary: 'list workspaces',
  description: 'Lists every workspace, oldest first: id, name, owner, members, live Confluence connections.',
  options: { json: { type: 'boolean', description: 'print a JSON array instead of a table' } },
  examples: ['pnpm --filter @hub/api hub workspace list', 'pnpm --filter @hub/api hub workspace list --json'],
  async run(context, options) {
    const { db } = await context.database();
    const owner = db
      .select({ email: user.email })
      .from(member)
      .innerJoin(user, eq(user.id, member.userId))
      .where(and(eq(member.organizationId, organization.id), eq(member.role, 'owner')))
      .orderBy(member.createdAt)
      .limit(1);
    const members = db.$count(member, eq(member.organizationId, organization.id));
    const connections = db.$count(
      confluenceConnections,
      and(
        eq(confluenceConnections.workspaceId, organization.id),
        ne(confluenceConnections.status, 'disconnected'),
      ),
    );
    const rows = await db
      .select({
        id: organization.id,
        name: organization.name,
        owner: sql<string | null>`(${owner})`,
        members,
        connections,
        createdAt: organization.createdAt,
      })
      .from(organization)
      .orderBy(organization.createdAt, organization.id);

    if (options.json) {
      context.print(JSON.stringify(rows, null, 2));
      return;
    }
    if (rows.length === 0) {
      context.print('No workspaces yet: create one with `hub workspace create`.');
      return;
    }
    const table = formatTable(
      ['ID', 'NAME', 'OWNER', 'MEMBERS', 'CONNECTIONS', 'CREATED'],
      rows.map((row) => [
        row.id,
        row.name,
        row.owner,
        row.members,
        row.connections,
        formatTime(row.createdAt),
      ]),
    );
    for (const line of table) context.print(line);
  },
});
