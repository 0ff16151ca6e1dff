export { createOAuthRouter } from './router.js';
export { completeSiteChoice, getPendingSiteChoice, type PendingSiteChoice } from './site-choice.js';
export { CALLBACK_PATH, START_PATH, type OAuthRouteDeps, type TokenCacheInvalidator } from './deps.js';
export type { ConnectErrorCode } from './outcome.js';
