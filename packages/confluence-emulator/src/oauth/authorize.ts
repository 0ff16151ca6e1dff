import type { Ctx } from '../app.js';
import type { Reply } from '../http/reply.js';
import { fail, html, redirect } from '../http/reply.js';
import { ACCOUNTS, findAccount } from '../identities.js';
import type { AuthorizeRequest } from './consent-page.js';
import { consentPage } from './consent-page.js';
import { errorPage } from './html.js';
import { KNOWN_SCOPES, parseScopeString } from './scopes.js';

/** `GET /authorize`: the consent page, or an error (a page when the redirect target is untrusted). */
export function getAuthorize(ctx: Ctx): Reply {
  const request = validate(ctx, ctx.query);
  const first = ACCOUNTS[0];
  if (first === undefined) throw new Error('no seeded accounts');
  return html(200, consentPage(request, first));
}

/** `POST /authorize`: the consent form's decision. */
export function postAuthorize(ctx: Ctx): Reply {
  const form = new URLSearchParams(ctx.body.bytes?.toString('utf8') ?? '');
  const request = validate(ctx, form);
  if (form.get('decision') !== 'accept') {
    return redirect(
      callback(request, { error: 'access_denied', error_description: 'User did not authorize the request' }),
    );
  }
  const account = findAccount(form.get('account') ?? '');
  if (account === undefined)
    return html(400, errorPage('Unknown account', 'Choose one of the listed accounts.'));
  const cloudIds = account.cloudIds.filter((id) => form.getAll('site').includes(id));
  if (cloudIds.length === 0) {
    return html(400, consentPage(request, account, 'Choose at least one site for the app to use.'));
  }
  const grant = {
    accountId: account.accountId,
    clientId: request.client.clientId,
    scopes: request.scopes,
    cloudIds,
  };
  const code = ctx.state.auth.issueCode(grant, request.redirectUri, ctx.state.clock.now());
  return redirect(callback(request, { code }));
}

/**
 * Like Atlassian: an unknown client or a bad callback gets an error page (never a redirect to an unvetted
 * URL); other problems go back to the app as `?error=…` per RFC 6749 §4.1.2.1.
 */
function validate(ctx: Ctx, params: URLSearchParams): AuthorizeRequest {
  const clientId = params.get('client_id') ?? '';
  const client = ctx.app.options.clients.find((c) => c.clientId === clientId);
  if (client === undefined) {
    fail(html(400, errorPage('Invalid client', `No app is registered with client id "${clientId}".`)));
  }
  const redirectUri = params.get('redirect_uri') ?? '';
  if (
    !isHttpUrl(redirectUri) ||
    (client.redirectUris !== undefined && !client.redirectUris.includes(redirectUri))
  ) {
    fail(
      html(
        400,
        errorPage(
          'Invalid redirect_uri',
          `The callback URL "${redirectUri}" is not registered for this app.`,
        ),
      ),
    );
  }
  const request: AuthorizeRequest = {
    client,
    redirectUri,
    state: params.get('state') ?? '',
    scopes: parseScopeString(params.get('scope') ?? ''),
    audience: params.get('audience') ?? '',
    responseType: params.get('response_type') ?? '',
  };
  const problem = requestProblem(request);
  if (problem !== null) fail(redirect(callback(request, problem)));
  return request;
}

function requestProblem(request: AuthorizeRequest): Record<string, string> | null {
  if (request.responseType !== 'code') {
    return { error: 'unsupported_response_type', error_description: 'response_type must be code' };
  }
  if (request.audience !== 'api.atlassian.com') {
    return { error: 'invalid_request', error_description: 'audience must be api.atlassian.com' };
  }
  const unknown = request.scopes.filter((s) => !KNOWN_SCOPES.has(s));
  if (request.scopes.length === 0 || unknown.length > 0) {
    const detail = unknown.length > 0 ? `Unknown scope: ${unknown.join(' ')}` : 'scope is required';
    return { error: 'invalid_scope', error_description: detail };
  }
  return null;
}

function callback(request: AuthorizeRequest, params: Record<string, string>): string {
  const url = new URL(request.redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  if (request.state !== '') url.searchParams.set('state', request.state);
  return url.toString();
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
