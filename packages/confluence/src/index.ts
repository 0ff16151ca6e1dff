export * from './errors.js';
export * from './client/index.js';
export * from './oauth/index.js';
export * from './content/index.js';
export * from './content/pool.js';
export * from './tools/index.js';
