import { z } from 'zod';
import type { App } from '../app.js';
import { rateLimitConfigSchema, type AppUsage, type RateLimitConfig } from './rate-limit.js';

export const rateLimitPatchSchema = rateLimitConfigSchema
  .partial()
  .extend({ resetUsage: z.boolean().optional() });

export type RateLimitPatch = z.input<typeof rateLimitPatchSchema>;

/** The meter's configuration and each OAuth app's use of its current window. */
export interface RateLimitState {
  config: RateLimitConfig;
  apps: AppUsage[];
}

/** `GET`/`POST /__control/rate-limit`; `fail` turns invalid input into the control API's 400. */
export function rateLimitOperations(app: App, fail: (message: string) => Error) {
  const state = (): RateLimitState => ({
    config: { ...app.state.rate.config },
    apps: app.state.rate.usage(app.state.clock.now()),
  });
  return {
    rateLimit: state,
    /** Changes quota, costs or enforcement at once (`resetUsage` also starts every app's window afresh). */
    setRateLimit(raw: unknown): RateLimitState {
      const parsed = rateLimitPatchSchema.safeParse(raw ?? {});
      if (!parsed.success) throw fail(z.prettifyError(parsed.error));
      const { resetUsage, ...patch } = parsed.data;
      app.state.rate.configure(patch, resetUsage === true);
      return state();
    },
  };
}
