import { useState, type SyntheticEvent } from 'react';
import { useLocation, useSearch } from 'wouter';

import { BrandMark } from '../../layout/brand';
import { safeNextPath, signIn } from '../../lib/auth';
import { Alert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Field, inputClass } from '../../ui/field';

export function SignInPage({ onSignedIn }: { onSignedIn: () => Promise<unknown> }) {
  const [location, navigate] = useLocation();
  const next = safeNextPath(new URLSearchParams(useSearch()).get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    const result = await signIn(email.trim(), password);
    if (!result.ok) {
      setError(result.message);
      setPending(false);
      return;
    }
    if (location === '/') navigate(next ?? '/integrations', { replace: true });
    await onSignedIn();
  };

  return (
    <main className="flex min-h-dvh items-center justify-center bg-gradient-to-b from-slate-50 to-indigo-50/60 px-4 py-12">
      <div className="w-full max-w-sm">
        <BrandMark />
        <h1 className="mt-8 text-2xl font-semibold tracking-tight text-slate-900">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600">
          Connect Confluence for your team&apos;s agents and services, and see what they do with it.
        </p>
        <form
          onSubmit={(event) => void onSubmit(event)}
          className="mt-6 space-y-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
          aria-label="Sign in"
        >
          {error !== null && <Alert tone="danger">{error}</Alert>}
          <Field id="email" label="Email">
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              className={inputClass}
            />
          </Field>
          <Field id="password" label="Password">
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              className={inputClass}
            />
          </Field>
          <Button type="submit" variant="primary" className="w-full" loading={pending}>
            Sign in
          </Button>
        </form>
        <p className="mt-4 text-center text-xs leading-relaxed text-slate-500">
          Trying the demo? <code className="font-mono text-slate-700">pnpm start</code> printed the email and
          password in its terminal. Accounts are created by an admin; there is no self sign-up.
        </p>
      </div>
    </main>
  );
}
