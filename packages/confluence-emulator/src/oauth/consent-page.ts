import type { Account } from '../identities.js';
import { ACCOUNTS, findSite } from '../identities.js';
import type { ClientRegistration } from '../options.js';
import { esc, pageFrame } from './html.js';
import { SCOPE_DESCRIPTIONS } from './scopes.js';

export interface AuthorizeRequest {
  client: ClientRegistration;
  redirectUri: string;
  state: string;
  scopes: string[];
  audience: string;
  responseType: string;
}

/**
 * The consent screen. Stable hooks for browser tests: `#account` (select), `input[name=site]` (checkboxes),
 * `button[name=decision][value=accept|deny]`. Without JavaScript every site box is sent and the server keeps
 * the chosen account's; the script only hides other accounts' sites.
 */
export function consentPage(request: AuthorizeRequest, selected: Account, error?: string): string {
  const appName = request.client.name ?? request.client.clientId;
  const hidden = (name: string, value: string): string =>
    `<input type="hidden" name="${name}" value="${esc(value)}" />`;
  const accounts = ACCOUNTS.map(
    (a) =>
      `<option value="${esc(a.accountId)}"${a === selected ? ' selected' : ''}>${esc(a.name)} (${esc(a.email)})</option>`,
  ).join('');
  const siteGroups = ACCOUNTS.map((a) => {
    const off = a === selected ? '' : ' hidden disabled';
    const boxes = a.cloudIds
      .map((id) => findSite(id))
      .filter((s) => s !== undefined)
      .map(
        (s) =>
          `<label class="site"><input type="checkbox" name="site" value="${esc(s.cloudId)}" checked /> ${esc(s.name)} <span>${esc(new URL(s.url).host)}</span></label>`,
      )
      .join('\n');
    return `<fieldset class="site-group" data-account="${esc(a.accountId)}"${off}>\n${boxes}\n</fieldset>`;
  }).join('\n');
  const scopes = request.scopes
    .map(
      (s) =>
        `<li data-scope="${esc(s)}"><strong>${esc(SCOPE_DESCRIPTIONS[s] ?? s)}</strong><code>${esc(s)}</code></li>`,
    )
    .join('\n');
  const body = `<h1><span id="app-name">${esc(appName)}</span> is requesting access to your Atlassian account</h1>
${error === undefined ? '' : `<p class="error" role="alert">${esc(error)}</p>`}
<form method="post" action="/authorize" id="consent">
${hidden('client_id', request.client.clientId)}
${hidden('redirect_uri', request.redirectUri)}
${hidden('state', request.state)}
${hidden('scope', request.scopes.join(' '))}
${hidden('audience', request.audience)}
${hidden('response_type', request.responseType)}
<label class="field" for="account">Account</label>
<select id="account" name="account">${accounts}</select>
<h2>Use app on</h2>
${siteGroups}
<h2>This app will be able to</h2>
<ul class="scopes">
${scopes}
</ul>
<p class="fineprint">Client id <code id="client-id">${esc(request.client.clientId)}</code>. Accepting sends you back to
<code>${esc(new URL(request.redirectUri).origin)}</code>.</p>
<div class="actions">
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
<button type="submit" name="decision" value="accept" id="accept">Accept</button>
</div>
</form>
<script>
  const select = document.getElementById('account');
  select.addEventListener('change', () => {
    for (const group of document.querySelectorAll('.site-group')) {
      const on = group.dataset.account === select.value;
      group.hidden = !on;
      group.disabled = !on;
    }
  });
</script>`;
  return pageFrame(`Authorize ${appName}`, body);
}
