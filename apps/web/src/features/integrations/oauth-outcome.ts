/** What the API's OAuth callback put in the query string, read once into something the banner can show. */
export type OAuthOutcome =
  | { kind: 'connected'; connectionId: string }
  | { kind: 'choose'; pendingId: string }
  | { kind: 'error'; code: string; title: string; message: string }
  | null;

const ERRORS: Record<string, { title: string; fallback: string }> = {
  access_denied: {
    title: "Access denied on Atlassian's consent page",
    fallback: "You chose Deny on Atlassian's consent page. Choose Connect Confluence and Accept to connect.",
  },
  invalid_state: {
    title: 'The connection attempt was not valid',
    fallback: 'It was already used or started in another session. Start again with Connect Confluence.',
  },
  expired_state: {
    title: 'The connection attempt expired',
    fallback: 'More than 10 minutes passed on the consent page. Start again with Connect Confluence.',
  },
  exchange_failed: {
    title: 'Atlassian did not complete the connection',
    fallback: 'Check the OAuth client id and secret and the callback URL, then try again.',
  },
  no_sites: {
    title: 'No Confluence site found',
    fallback:
      'The Atlassian account you used reaches no Confluence site. Connect again with an account that has Confluence.',
  },
  forbidden: {
    title: 'Only workspace admins can connect Confluence',
    fallback: 'Ask an admin of this workspace to connect it.',
  },
  server_error: {
    title: 'Connecting Confluence failed',
    fallback: 'Something went wrong on the server. Try again; if it keeps failing, check the API log.',
  },
};

export function readOAuthOutcome(search: string): OAuthOutcome {
  const params = new URLSearchParams(search);
  const connected = params.get('connected');
  if (connected !== null && connected !== '') return { kind: 'connected', connectionId: connected };
  const choose = params.get('choose');
  if (choose !== null && choose !== '') return { kind: 'choose', pendingId: choose };
  const code = params.get('error');
  if (code === null || code === '') return null;
  const known = ERRORS[code] ?? { title: 'Connecting Confluence failed', fallback: 'Try again.' };
  const message = params.get('message');
  return {
    kind: 'error',
    code,
    title: known.title,
    message: message !== null && message.trim() !== '' ? message : known.fallback,
  };
}
