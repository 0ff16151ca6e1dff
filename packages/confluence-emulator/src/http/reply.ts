/**
 * Handlers return a Reply instead of writing to the response, so the server can add rate-limit headers and
 * log every answer in one place.
 */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless `text` is given. */
  json?: unknown;
  text?: string;
  /** Binary content (attachment downloads), sent as is; wins over `text` and `json`. */
  bytes?: Buffer;
  contentType?: string;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers === undefined ? { status, json: body } : { status, json: body, headers };
}

export function html(status: number, page: string): Reply {
  return { status, text: page, contentType: 'text/html; charset=utf-8' };
}

export function redirect(location: string): Reply {
  return { status: 302, headers: { location }, text: '' };
}

/** Thrown from deep inside a handler to answer early (validation failures, 404s). */
export class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
    this.name = 'HttpError';
  }
}

export function fail(reply: Reply): never {
  throw new HttpError(reply);
}
