/** One part of a `multipart/form-data` body (RFC 7578). */
export interface FormPart {
  name: string;
  /** Present for file parts. */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** The boundary of a `multipart/form-data` content type, or null for any other type. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  const [type, ...params] = contentType.split(';').map((s) => s.trim());
  if (type?.toLowerCase() !== 'multipart/form-data') return null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq === -1 || param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    return value.length > 0 && value.length <= 70 ? value : null;
  }
  return null;
}

/**
 * The parts of a multipart body, or null when it is not well-formed (no closing delimiter, a part without a
 * `Content-Disposition: form-data; name=…` header). Names and file names are as browsers send them: quoted, with
 * `"` and line breaks percent-encoded, and UTF-8 bytes left as they are.
 */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at === -1) return null;
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') return parts;
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') return null;
    at += 2;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), at);
    if (next === -1) return null;
    const part = parsePart(body.subarray(at, next));
    if (part === null) return null;
    parts.push(part);
    at = next + 2;
  }
}

function parsePart(raw: Buffer): FormPart | null {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd === -1) return null;
  const headers = new Map<string, string>();
  for (const line of raw.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  if (!/^form-data\s*(;|$)/i.test(disposition)) return null;
  const name = dispositionParam(disposition, 'name');
  if (name === undefined) return null;
  const part: FormPart = { name, data: raw.subarray(headerEnd + 4) };
  const filename = dispositionParam(disposition, 'filename');
  if (filename !== undefined) part.filename = filename;
  const contentType = headers.get('content-type');
  if (contentType !== undefined) part.contentType = contentType;
  return part;
}

function dispositionParam(header: string, key: string): string | undefined {
  const match = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header);
  if (match?.[1] === undefined) return undefined;
  return match[1].replace(/\\(.)/g, '$1').replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}
