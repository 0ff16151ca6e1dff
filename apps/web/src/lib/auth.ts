/** better-auth's email sign-in and sign-out, served by the API under /api/auth. */

export type SignInResult = { ok: true } | { ok: false; message: string };

export async function signIn(email: string, password: string): Promise<SignInResult> {
  let response: Response;
  try {
    response = await fetch('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, message: "Can't reach the server. Check that it is running, then try again." };
  }
  if (response.ok) return { ok: true };
  if (response.status === 401)
    return { ok: false, message: 'Wrong email or password. Check both and try again.' };
  if (response.status === 429) {
    return {
      ok: false,
      message: 'Too many sign-in attempts from this address. Wait a minute, then try again.',
    };
  }
  const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
  const detail = typeof body?.message === 'string' && body.message !== '' ? ` (${body.message})` : '';
  return { ok: false, message: `Sign-in failed with status ${response.status}${detail}. Try again.` };
}

export async function signOut(): Promise<void> {
  await fetch('/api/auth/sign-out', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    credentials: 'same-origin',
  });
}

/** A `?next=` target only when it is a path on this site (never `//host` or a URL). */
export function safeNextPath(next: string | null): string | null {
  if (next === null || !next.startsWith('/') || next.startsWith('//')) return null;
  if (/[\\\s]/.test(next) || Array.from(next, (c) => c.charCodeAt(0)).some((code) => code < 0x20))
    return null;
  return next;
}
