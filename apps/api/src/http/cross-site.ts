import type { IncomingMessage } from 'node:http';

/**
 * The browser says this request comes from another site than the panel's (PUBLIC_URL): its Origin differs, or,
 * without an Origin, Sec-Fetch-Site says cross-site. A request without either is not from a browser page, so
 * it cannot be a forged one.
 */
export function isCrossSite(req: IncomingMessage, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) return origin !== new URL(publicUrl).origin;
  return req.headers['sec-fetch-site'] === 'cross-site';
}
