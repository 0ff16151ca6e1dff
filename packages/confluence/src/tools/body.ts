import { markdownToStorageAsync } from '../content/pool.js';

/** Turns a tool's `body` + `bodyFormat` into the storage representation Confluence stores. */
export async function toStorageBody(body: string, format: 'markdown' | 'storage') {
  return {
    representation: 'storage' as const,
    value: format === 'markdown' ? await markdownToStorageAsync(body) : body,
  };
}
