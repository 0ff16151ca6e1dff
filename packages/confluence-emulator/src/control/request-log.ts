export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when the socket was dropped by a fault. */
  status: number;
  at: string;
}

/** Query parameters that carry secrets; the log keeps their names only. */
const SECRET_PARAMS = new Set(['code', 'access_token', 'refresh_token', 'client_secret', 'token']);

/** Bounded (the newest ~10,000 entries) so a long benchmark cannot grow the emulator's memory without limit. */
const MAX_ENTRIES = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(method: string, path: string, query: URLSearchParams, status: number, at: number): void {
    const safe: Record<string, string> = {};
    for (const [key, value] of query) safe[key] = SECRET_PARAMS.has(key) ? '[redacted]' : value;
    this.entries.push({ method, path, query: safe, status, at: new Date(at).toISOString() });
    // Trim in batches: dropping one entry per request would copy the whole array every time.
    if (this.entries.length > MAX_ENTRIES + 1_000) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e, query: { ...e.query } }));
  }

  clear(): void {
    this.entries = [];
  }
}
