import { describe, expect, it } from 'vitest';

import { readOAuthOutcome } from './oauth-outcome';

describe('readOAuthOutcome', () => {
  it('reads the callback redirects', () => {
    expect(readOAuthOutcome('?connected=abc')).toEqual({ kind: 'connected', connectionId: 'abc' });
    expect(readOAuthOutcome('choose=p1')).toEqual({ kind: 'choose', pendingId: 'p1' });
    expect(readOAuthOutcome('')).toBeNull();
  });

  it('access denied: a clear title, the server message when there is one, a fallback when not', () => {
    expect(readOAuthOutcome('?error=access_denied&message=You%20chose%20Deny.')).toMatchObject({
      kind: 'error',
      code: 'access_denied',
      title: "Access denied on Atlassian's consent page",
      message: 'You chose Deny.',
    });
    expect(readOAuthOutcome('?error=access_denied')).toMatchObject({
      message: expect.stringContaining('Accept to connect') as string,
    });
    expect(readOAuthOutcome('?error=weird_new_code')).toMatchObject({
      title: 'Connecting Confluence failed',
    });
  });
});
