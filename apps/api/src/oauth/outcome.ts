import { DEFAULT_RETURN_PATH, withQuery } from './return-path.js';

/**
 * `error=` codes of the panel redirect (`/integrations?error=<code>&message=<text>`). `server_error` covers what
 * none of the others does (the database was unreachable, …); its message says so without internals.
 */
export type ConnectErrorCode =
  | 'access_denied'
  | 'invalid_state'
  | 'expired_state'
  | 'exchange_failed'
  | 'no_sites'
  | 'forbidden'
  | 'server_error';

/**
 * A consent that cannot go on. `message` is shown to the admin as is: human-readable, says what to do, and never
 * carries a token, a code, a state or the client secret. `reason` is for the log only (equally free of secrets).
 */
export class ConnectFailure extends Error {
  readonly code: ConnectErrorCode;
  readonly reason: string;
  /** Where the admin started (once the state is known); else the Integrations page. */
  readonly returnPath: string;

  constructor(
    code: ConnectErrorCode,
    message: string,
    reason: string = code,
    returnPath = DEFAULT_RETURN_PATH,
  ) {
    super(message);
    this.name = 'ConnectFailure';
    this.code = code;
    this.reason = reason;
    this.returnPath = returnPath;
  }

  returningTo(returnPath: string): ConnectFailure {
    return new ConnectFailure(this.code, this.message, this.reason, returnPath);
  }

  /** `<returnPath>?error=<code>&message=<text>` */
  get redirect(): string {
    return withQuery(this.returnPath, { error: this.code, message: this.message });
  }
}

export const FORBIDDEN_MESSAGE =
  'Only workspace admins can connect Confluence. Ask an admin of this workspace to connect it.';

export const SERVER_ERROR_MESSAGE =
  'Something went wrong on our side while connecting Confluence. Try again; if it keeps failing, the API logs say why.';
