import { markdownToStorage } from '../content/index.js';

/** Turns a tool's `body` + `bodyFormat` into the storage representation Confluence stores. */
export function toStorageBody(body: string, format: 'markdown' | 'storage') {
  return {
    representation: 'storage' as const,
    value: format === 'markdown' ? markdownToStorage(body) : body,
  };
}
