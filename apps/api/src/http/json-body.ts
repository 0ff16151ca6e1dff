import type { IncomingMessage } from 'node:http';

/** Why a body was refused before any parsing: the HTTP status and a message that says what to change. */
export class BodyRefusal extends Error {
  readonly status: 400 | 413 | 415;

  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.name = 'BodyRefusal';
    this.status = status;
  }
}

export interface JsonBodyLimits {
  /** Largest body in bytes. */
  limitBytes: number;
  /** Deepest nesting of arrays and objects. */
  maxDepth: number;
}

/** Whether a request has a body to read (a declared length above zero, or a chunked one). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

export function isJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * The body as text, read only up to the limit: a declared Content-Length above it is refused without reading a
 * byte, a stream that grows past it is abandoned at that point. The text is then checked for nesting depth in
 * one pass over its characters, before anything parses it (JSON.parse and JSON.stringify of a deep value cost
 * seconds or overflow the stack). Callers that refuse with 413 should close the connection, since the rest of
 * the body is left unread.
 */
export async function readJsonText(req: IncomingMessage, limits: JsonBodyLimits): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > limits.limitBytes) throw tooLarge(limits.limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limits.limitBytes) throw tooLarge(limits.limitBytes);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks, size).toString('utf8');
  if (jsonDepthOver(text, limits.maxDepth)) {
    throw new BodyRefusal(400, `The request body is nested deeper than ${limits.maxDepth} levels`);
  }
  return text;
}

function tooLarge(limitBytes: number): BodyRefusal {
  const size = limitBytes >= 1024 * 1024 ? `${limitBytes / (1024 * 1024)} MB` : `${limitBytes / 1024} KB`;
  return new BodyRefusal(413, `The request body is larger than this route accepts (${size})`);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Whether JSON text nests arrays/objects deeper than `maxDepth`, brackets inside strings not counted. Does not
 * validate the JSON (the parser does that next); malformed text is at worst judged by its brackets.
 */
export function jsonDepthOver(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return false;
}
