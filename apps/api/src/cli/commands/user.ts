import { findUserIdByEmail } from '../../auth/accounts.js';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { readNewPassword } from '../password.js';
import { resolveWorkspace } from '../workspace-ref.js';
import { emailOption, roleOption } from '../values.js';

export const userCreateCommand = defineCommand({
  name: 'user create',
  summary: 'create a user in a workspace',
  description:
    'Creates a user who signs in with email and password, as an admin or a member of the workspace. The password ' +
    'comes from --password, else HUB_USER_PASSWORD, else it is asked for twice on the terminal (not echoed); it is ' +
    'never printed. Admins connect Confluence and manage API keys; members use the tools. The last line of output ' +
    'is the new user id.',
  options: {
    workspace: { type: 'string', value: '<id|name>', description: 'the workspace', required: true },
    email: { type: 'string', value: '<email>', description: 'the sign-in email', required: true },
    name: { type: 'string', value: '<name>', description: 'the display name', required: true },
    role: {
      type: 'string',
      value: '<admin|member>',
      description: 'the role in the workspace',
      required: true,
    },
    password: {
      type: 'string',
      value: '<password>',
      description: 'the password (8+ characters; prefer HUB_USER_PASSWORD or the prompt)',
    },
  },
  examples: [
    'pnpm --filter @hub/api hub user create --workspace Acme --email bob@acme.com --name "Bob Builder" --role member',
    'HUB_USER_PASSWORD=… pnpm --filter @hub/api hub user create --workspace Acme --email ada@acme.com --name Ada --role admin',
  ],
  async run(context, options) {
    const email = emailOption(options.email, '--email', 'user create');
    const role = roleOption(options.role, 'user create');
    const { db } = await context.database();
    const workspace = await resolveWorkspace(db, options.workspace);
    // Before asking for a password that would go nowhere.
    if ((await findUserIdByEmail(db, email)) !== undefined) {
      throw new CliError(`A user with the email ${email} already exists: choose another email.`);
    }
    const password = await readNewPassword(context, {
      flag: options.password,
      flagName: '--password',
      who: email,
    });
    const auth = await context.auth();
    const userId = await auth.createUser({
      email,
      password,
      name: options.name,
      workspaceId: workspace.id,
      role,
    });
    context.print(`Created ${email} as ${role} of workspace "${workspace.name}". Their user id:`);
    context.print(userId);
  },
});
