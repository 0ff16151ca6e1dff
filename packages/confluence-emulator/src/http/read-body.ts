import type { IncomingMessage } from 'node:http';

export interface RequestBody {
  /** null when the request had no body or it was over `limit` (then `tooLarge` is set). */
  bytes: Buffer | null;
  size: number;
  tooLarge: boolean;
}

/** Past this the socket is cut: nothing legitimate sends that much to the emulator. */
const HARD_CAP = 64 * 1024 * 1024;

/**
 * Reads the whole request even when it is over `limit`, so a 413 reaches a client that is still sending
 * (answering early would reset the connection instead); only the first `limit` bytes are kept.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > HARD_CAP) {
        req.destroy();
        return;
      }
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      const tooLarge = size > limit;
      resolve({ bytes: tooLarge || size === 0 ? null : Buffer.concat(chunks), size, tooLarge });
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}
