import type { App } from '../app.js';
import { ACME_CLOUD_ID, findAccount } from '../identities.js';

/**
 * The site and author of a control seed request (`cloudId` default Acme, `accountId` default Ada), checked: the
 * site exists and the author may use it. Shared by the seed operations (spaces, folders).
 */
export function seedTarget(
  app: App,
  input: { cloudId?: string | undefined; accountId?: string | undefined },
  fail: (message: string) => Error,
) {
  const cloudId = input.cloudId ?? ACME_CLOUD_ID;
  const site = app.state.sites.get(cloudId);
  if (site === undefined) throw fail(`Unknown site: ${cloudId}`);
  const authorId = input.accountId ?? 'acc-ada';
  if (!findAccount(authorId)?.cloudIds.includes(cloudId))
    throw fail(`${authorId} has no access to: ${cloudId}`);
  return { site, authorId };
}
