export { buildAuthorizeUrl, type AuthorizeUrlParams } from './authorize-url.js';
export type { OAuthConfig } from './config.js';
export { getAccessibleResources, getMe, type AtlassianAccount, type AtlassianSite } from './resources.js';
export { CONFLUENCE_SCOPES, type ConfluenceScope } from './scopes.js';
export { exchangeCode, refreshTokens, type TokenSet } from './tokens.js';
