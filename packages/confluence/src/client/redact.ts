// Secrets must never reach an error message, a `cause`, `details` or a log line. Upstream bodies are untrusted
// text (a gateway may echo a header back), so everything that leaves this package through an error is passed
// through here first.

const SECRET_KEY =
  /^(access_?token|refresh_?token|client_?secret|id_?token|authorization|password|code_verifier)$/i;

const TEXT_RULES: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, '$1 ***'],
  [
    /("(?:access_token|refresh_token|client_secret|id_token|authorization|password)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    '$1"***"',
  ],
  [/\b(access_token|refresh_token|client_secret|id_token)=[^&\s"']+/gi, '$1=***'],
  [/\b(authorization:\s*)[^\r\n,"}]+/gi, '$1***'],
];

/** Replaces bearer/basic credentials, token fields and the given literal secrets with `***`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short strings would redact ordinary words; real tokens and secrets are long.
    if (secret !== undefined && secret.length >= 8) out = out.split(secret).join('***');
  }
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
  return out;
}

/** Deep copy of a JSON-like value with secret-named keys masked and every string redacted. */
export function redactValue(
  value: unknown,
  secrets: readonly (string | undefined)[] = [],
  depth = 0,
): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[…]';
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '***' : redactValue(v, secrets, depth + 1);
  }
  return out;
}

/** Shortens upstream text for a message: first line-ish, at most `max` characters. */
export function truncate(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
