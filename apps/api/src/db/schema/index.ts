export * from './auth.js';
export * from './connections.js';
export * from './oauth-states.js';
export * from './activity.js';
export * from './sign-in-failures.js';
export * from './policies.js';
export * from './idempotency.js';
export * from './rate-budgets.js';
