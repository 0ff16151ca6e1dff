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

// Shapes of credentials that upstream text may carry without saying what they are: JWTs (Atlassian's access and
// refresh tokens), Hub API keys, and long runs of base64/base64url/hex with letters and digits mixed. UUIDs (cloud
// ids, trace ids) are not secrets and are kept.
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const HUB_KEY = /\bhub_[A-Za-z]{16,}/g;
const OPAQUE = /[A-Za-z0-9+/=_-]{24,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * For text written by someone else (an error_description, a gateway's message) that we store or show: the known
 * secrets and every credential-shaped run redacted, control characters dropped. Stricter than redactSecrets,
 * which also guards our own messages (paths, ids) and so leaves long ids alone.
 */
export function redactUpstreamText(text: string, secrets: readonly (string | undefined)[] = []): string {
  return redactSecrets(text, secrets)
    .replace(CONTROL, ' ')
    .replace(JWT, '***')
    .replace(HUB_KEY, '***')
    .replace(OPAQUE, (run) => (UUID.test(run) || !/\d/.test(run) || !/[A-Za-z]/.test(run) ? run : '***'));
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
