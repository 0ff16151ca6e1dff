import type { Ctx } from '../app.js';
import { siteSlug } from '../app.js';
import type { Reply } from '../http/reply.js';
import { json } from '../http/reply.js';
import { findAccount } from '../identities.js';
import { escapeXml as esc } from '../storage/xhtml.js';
import { bodyValue } from './body.js';
import { pageWebui, spaceWebui } from './links.js';
import type { Page } from './model.js';
import { resolutionOf } from './inline-comments.js';
import { currentVersion } from './model.js';
import type { SiteStore } from './store.js';

/**
 * With `serveSites`, what a browser finds at a site's web links (`<emulator>/sites/acme/wiki/spaces/ENG/pages/…`):
 * a plain view of the site, a space and a page built from the stored content, so "Open in Confluence" in a demo
 * lands somewhere real. Not Confluence's UI; no editing. Page bodies are the view format, which passes markup
 * through as Confluence stores it: the sandboxing CSP keeps any script in it inert.
 */
const CSP = "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; sandbox";

export function siteHome(ctx: Ctx): Reply {
  const site = servedSite(ctx);
  if (site === undefined) return notFound();
  const spaces = [...site.spaces.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(
      (s) =>
        `<li><a href="${esc(site.wikiBase + spaceWebui(s.key))}">${esc(s.name)}</a> <small>${esc(s.key)}${s.status === 'archived' ? ' · archived' : ''}</small></li>`,
    );
  return view(
    site,
    site.site.name,
    `<h1>${esc(site.site.name)}</h1><h2>Spaces</h2><ul>${spaces.join('')}</ul>`,
  );
}

export function spaceView(ctx: Ctx): Reply {
  const site = servedSite(ctx);
  const space = site?.spaceByKey(ctx.params.key ?? '');
  if (site === undefined || space === undefined) return notFound();
  const pages = [...site.pages.values()]
    .filter((p) => p.spaceId === space.id && p.status === 'current')
    .map((p) => ({ page: p, title: currentVersion(p).title }))
    .sort((a, b) => a.title.localeCompare(b.title))
    .map(({ page, title }) => `<li>${pageLink(site, space.key, page, title)}</li>`);
  const body = `${crumbs(site, [])}<h1>${esc(space.name)}</h1><p>${esc(space.description)}</p><h2>Pages</h2><ul>${pages.join('')}</ul>`;
  return view(site, space.name, body);
}

export function pageView(ctx: Ctx): Reply {
  const site = servedSite(ctx);
  const page = site?.pages.get(ctx.params.id ?? '');
  if (site === undefined || page === undefined || page.status === 'trashed') return notFound();
  const space = site.spaceOf(page);
  const version = currentVersion(page);
  const author = findAccount(version.authorId)?.name ?? version.authorId;
  const ancestors = site.ancestors(page).map((p) => pageLink(site, space.key, p, currentVersion(p).title));
  const comments = [...site.comments.values()]
    .filter((c) => c.pageId === page.id)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((c) => {
      const v = currentVersion(c);
      const by = findAccount(c.authorId)?.name ?? c.authorId;
      const reply = c.parentCommentId === null ? '' : ` · reply to comment ${esc(c.parentCommentId)}`;
      return `<article class="comment" id="comment-${esc(c.id)}"><small>${esc(by)}${reply}</small>${wikiLinks(site, bodyValue(site, v.body, 'view'))}</article>`;
    });
  // Inline comments after the footer ones, each naming the text it highlights and where it stands.
  for (const c of [...site.inlineComments.values()]
    .filter((c) => c.pageId === page.id)
    .sort((a, b) => a.createdAt - b.createdAt)) {
    const by = findAccount(c.authorId)?.name ?? c.authorId;
    const on =
      c.parentCommentId === null
        ? ` · on “${esc(c.originalSelection)}” · ${resolutionOf(site, c)}`
        : ` · reply to comment ${esc(c.parentCommentId)}`;
    const html = wikiLinks(site, bodyValue(site, currentVersion(c).body, 'view'));
    comments.push(
      `<article class="comment inline-comment" id="comment-${esc(c.id)}"><small>${esc(by)}${on}</small>${html}</article>`,
    );
  }
  const body = `${crumbs(site, [`<a href="${esc(site.wikiBase + spaceWebui(space.key))}">${esc(space.name)}</a>`, ...ancestors])}
<h1 id="title-text">${esc(version.title)}</h1>
<p><small>Version ${version.number}${page.status === 'current' ? '' : ` · ${esc(page.status)}`} · ${esc(author)} · ${esc(new Date(version.createdAt).toISOString())}</small></p>
<div id="main-content">${wikiLinks(site, bodyValue(site, version.body, 'view'))}</div>
${comments.length === 0 ? '' : `<h2>Comments</h2>${comments.join('')}`}`;
  return view(site, version.title, body);
}

function servedSite(ctx: Ctx): SiteStore | undefined {
  if (!ctx.app.options.serveSites) return undefined;
  return [...ctx.state.sites.values()].find((s) => siteSlug(s.site) === ctx.params.site);
}

function pageLink(site: SiteStore, spaceKey: string, page: Page, title: string): string {
  return `<a href="${esc(site.wikiBase + pageWebui(spaceKey, page.id, title))}">${esc(title)}</a>`;
}

function crumbs(site: SiteStore, links: string[]): string {
  return `<nav>${[`<a href="${esc(site.url)}">${esc(site.site.name)}</a>`, ...links].join(' / ')}</nav>`;
}

/** View HTML links pages `/wiki`-relative, as Confluence does; here `/wiki` lives under the site's path. */
function wikiLinks(site: SiteStore, html: string): string {
  return html.replace(/href="\/wiki\//g, `href="${esc(site.wikiBase)}/`);
}

function notFound(): Reply {
  return json(404, { code: 404, message: 'Not Found' });
}

function view(site: SiteStore, title: string, body: string): Reply {
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${esc(title)} - ${esc(site.site.name)} (local emulator)</title>
<style>
  body { margin: 0; font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #172b4d; }
  header { background: #0052cc; color: #fff; padding: 10px 24px; font-weight: 600; }
  header small { font-weight: 400; opacity: .8; margin-left: 8px; }
  main { max-width: 760px; margin: 24px auto; padding: 0 24px; line-height: 1.6; overflow-wrap: anywhere; }
  nav, main small { color: #5e6c84; font-size: 13px; }
  a { color: #0052cc; }
  pre { background: #f4f5f7; padding: 12px; overflow: auto; }
  table { border-collapse: collapse; } td, th { border: 1px solid #dfe1e6; padding: 4px 8px; }
  .comment { border-top: 1px solid #ebecf0; padding: 8px 0; }
</style>
</head>
<body>
<header>Confluence <small>${esc(site.site.name)} · local emulator</small></header>
<main>
${body}
</main>
</body>
</html>
`;
  return {
    status: 200,
    text: page,
    contentType: 'text/html; charset=utf-8',
    headers: { 'content-security-policy': CSP },
  };
}
