import { escapeXml } from '../storage/xhtml.js';

export const esc = escapeXml;

/** The shared page frame of the auth server's HTML (consent and error pages). */
export function pageFrame(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${esc(title)}</title>
<style>
  :root { color-scheme: light; font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
  body { margin: 0; background: #f4f5f7; color: #172b4d; }
  header { background: #0052cc; color: #fff; padding: 12px 24px; font-weight: 600; letter-spacing: .02em; }
  header small { font-weight: 400; opacity: .8; margin-left: 8px; }
  main { max-width: 560px; margin: 40px auto; background: #fff; border-radius: 6px;
         box-shadow: 0 1px 3px rgba(9,30,66,.25); padding: 32px 40px; }
  h1 { font-size: 20px; line-height: 1.4; margin: 0 0 24px; }
  h2 { font-size: 14px; text-transform: uppercase; color: #5e6c84; margin: 24px 0 8px; }
  label.field { display: block; font-size: 12px; font-weight: 600; color: #5e6c84; margin-bottom: 4px; }
  select { width: 100%; padding: 8px; font-size: 14px; border: 2px solid #dfe1e6; border-radius: 3px; }
  fieldset { border: 0; padding: 0; margin: 0; }
  .site { display: flex; gap: 8px; align-items: center; padding: 6px 0; }
  .site span { color: #5e6c84; font-size: 12px; }
  ul.scopes { list-style: none; padding: 0; margin: 0; }
  ul.scopes li { padding: 8px 0; border-bottom: 1px solid #ebecf0; }
  ul.scopes code { display: block; color: #5e6c84; font-size: 12px; }
  .fineprint { color: #5e6c84; font-size: 12px; margin-top: 24px; }
  .error { background: #ffebe6; color: #bf2600; padding: 8px 12px; border-radius: 3px; }
  .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 24px; }
  button { font-size: 14px; padding: 8px 16px; border-radius: 3px; border: 0; cursor: pointer; }
  button[value=accept] { background: #0052cc; color: #fff; }
  button[value=deny] { background: #f4f5f7; color: #42526e; }
</style>
</head>
<body>
<header>Atlassian <small>local emulator</small></header>
<main>
${body}
</main>
</body>
</html>
`;
}

export function errorPage(title: string, detail: string): string {
  return pageFrame(
    title,
    `<h1 id="error-title">${esc(title)}</h1>\n<p class="error" id="error-detail">${esc(detail)}</p>`,
  );
}
