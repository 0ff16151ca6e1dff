import { randomBytes } from 'node:crypto';

/** A form field: text, or a file with its name and media type. */
export type FormField =
  | { name: string; value: string; contentType?: string }
  | { name: string; filename: string; contentType: string; data: Uint8Array };

/**
 * Quoted-string escaping as browsers apply it to form-data names and file names (WHATWG HTML: `"` → %22, CR → %0D,
 * LF → %0A); other characters, UTF-8 included, go as they are (RFC 7578 §4.2 advises against `filename*`).
 */
function quoted(value: string): string {
  return `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

/** `multipart/form-data` (RFC 7578) in one buffer: the body and its content type with a random boundary. */
export function encodeMultipart(fields: readonly FormField[]): { contentType: string; body: Uint8Array } {
  const boundary = `----hub-${randomBytes(16).toString('hex')}`;
  const chunks: Uint8Array[] = [];
  for (const field of fields) {
    const isFile = 'data' in field;
    const disposition = `form-data; name=${quoted(field.name)}${isFile ? `; filename=${quoted(field.filename)}` : ''}`;
    const type = field.contentType === undefined ? '' : `Content-Type: ${field.contentType}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`, 'utf8'));
    chunks.push(isFile ? field.data : Buffer.from(field.value, 'utf8'));
    chunks.push(Buffer.from('\r\n', 'latin1'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
