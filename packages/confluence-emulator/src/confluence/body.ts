import { z } from 'zod';
import { findAccount } from '../identities.js';
import { adfToStorage, parseAdf } from '../storage/from-adf.js';
import { storageToText, words } from '../storage/text.js';
import { storageToAdf } from '../storage/to-adf.js';
import { storageToView } from '../storage/view.js';
import { escapeXml } from '../storage/xhtml.js';
import { badRequest } from './errors.js';
import { pageWebui } from './links.js';
import type { Body } from './model.js';
import { currentVersion, makeBody } from './model.js';
import type { SiteStore } from './store.js';

export type BodyFormat = 'storage' | 'atlas_doc_format' | 'view';

const bodyWrite = z.object({
  representation: z.enum(['storage', 'atlas_doc_format', 'wiki']),
  value: z.string(),
});
const nestedBodyWrite = z
  .object({ storage: bodyWrite, atlas_doc_format: bodyWrite, wiki: bodyWrite })
  .partial()
  .refine((b) => Object.keys(b).length === 1, 'exactly one representation');

export const bodyWriteSchema = z.union([bodyWrite, nestedBodyWrite]);

/** A written body (flat or nested form) in the emulator's canonical storage form; 400 when unusable. */
export function toStoredBody(input: z.infer<typeof bodyWriteSchema>): Body {
  const flat = 'representation' in input ? input : (input.storage ?? input.atlas_doc_format ?? input.wiki);
  if (flat === undefined) return badRequest('Body must have exactly one representation.');
  if (flat.representation === 'storage') return makeBody(flat.value);
  if (flat.representation === 'wiki') {
    // Wiki markup is not rendered; each line becomes a paragraph so the text is kept and searchable.
    const paragraphs = flat.value.split(/\r?\n/).filter((l) => l.trim().length > 0);
    return makeBody(paragraphs.map((l) => `<p>${escapeXml(l)}</p>`).join(''));
  }
  if (flat.value === '') return makeBody('', flat.value);
  const doc = parseAdf(flat.value);
  if (doc === null) return badRequest('Body value is not a valid atlas_doc_format document.');
  return makeBody(adfToStorage(doc), flat.value);
}

export function bodyText(body: Body): string {
  body.derived.text ??= storageToText(body.storage);
  return body.derived.text;
}

export function bodyWords(body: Body): string[] {
  body.derived.words ??= words(bodyText(body));
  return body.derived.words;
}

/** `{ [format]: { representation, value } }`, the shape of `body` in v2 responses. */
export function bodyJson(site: SiteStore, body: Body, format: BodyFormat): Record<string, unknown> {
  return { [format]: { representation: format, value: bodyValue(site, body, format) } };
}

export function bodyValue(site: SiteStore, body: Body, format: BodyFormat): string {
  if (format === 'storage') return body.storage;
  if (format === 'atlas_doc_format') {
    body.derived.adf ??= body.adf ?? storageToAdf(body.storage, (title, key) => pageUrl(site, title, key));
    return body.derived.adf;
  }
  body.derived.view ??= storageToView(body.storage, {
    pageHref: (title, key) => pageUrl(site, title, key, true),
    userName: (id) => findAccount(id)?.name,
    jiraBrowseUrl: site.url,
  });
  return body.derived.view;
}

/** Resolves `<ri:page ri:content-title>` links: absolute for ADF cards, `/wiki`-relative in view HTML. */
function pageUrl(
  site: SiteStore,
  title: string,
  spaceKey: string | undefined,
  relative = false,
): string | undefined {
  for (const page of site.pages.values()) {
    const space = site.spaceOf(page);
    if (spaceKey !== undefined && space.key !== spaceKey) continue;
    if (currentVersion(page).title !== title) continue;
    const path = `/wiki${pageWebui(space.key, page.id, title)}`;
    return relative ? path : `${site.url}${path}`;
  }
  return undefined;
}
