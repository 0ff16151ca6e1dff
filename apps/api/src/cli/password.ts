import type { CommandContext } from './context.js';
import { CliError } from './errors.js';

export const PASSWORD_VARIABLE = 'HUB_USER_PASSWORD';
// better-auth's limits (auth/auth.ts), checked first for a clearer message.
const MIN_LENGTH = 8;
const MAX_LENGTH = 256;

/**
 * A new user's password: the flag, else HUB_USER_PASSWORD, else asked twice on the terminal without echo.
 * Never printed; output is scrubbed of it in case a library repeats it.
 */
export async function readNewPassword(
  context: CommandContext,
  options: { flag: string | undefined; flagName: string; who: string },
): Promise<string> {
  const { io } = context;
  const fromEnv = io.env[PASSWORD_VARIABLE];
  let password: string;
  if (options.flag !== undefined) {
    context.note(
      `Note: a password passed as ${options.flagName} can end up in shell history and process lists; ` +
        `${PASSWORD_VARIABLE} or the prompt keep it out.`,
    );
    password = options.flag;
  } else if (fromEnv !== undefined && fromEnv !== '') {
    password = fromEnv;
  } else if (io.interactive) {
    password = await io.readSecret(`Password for ${options.who}: `);
    const again = await io.readSecret('Repeat the password: ');
    if (again !== password) throw new CliError('The two passwords differ: run the command again.');
  } else {
    throw new CliError(
      `No password for ${options.who}: set ${PASSWORD_VARIABLE}, pass ${options.flagName}, or run the command ` +
        'in a terminal to be asked.',
    );
  }
  context.addSecret(password);
  if (password.length < MIN_LENGTH || password.length > MAX_LENGTH) {
    throw new CliError(`The password must be ${MIN_LENGTH} to ${MAX_LENGTH} characters long.`);
  }
  return password;
}
