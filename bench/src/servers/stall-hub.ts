/**
 * The Hub of `servers/hub.ts`, with CONVERSION_POOL=off converting every page on its event loop (threshold
 * Infinity): the stall benchmark's baseline, the Hub as it was before the conversion pool.
 */
import { configureConversionPool } from '@hub/confluence';

if (process.env.CONVERSION_POOL === 'off') configureConversionPool({ threshold: Infinity });

await import('./hub.js');
