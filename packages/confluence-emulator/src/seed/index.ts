import type { SiteStore } from '../confluence/store.js';
import { ACME_CLOUD_ID, SANDBOX_CLOUD_ID } from '../identities.js';
import type { SeedName } from '../options.js';
import { seedAdrs } from './eng-adrs.js';
import { seedEngCore } from './eng-core.js';
import { seedOnboarding } from './eng-onboarding.js';
import { seedMeetings, seedPostmortems, seedReleases } from './eng-records.js';
import { seedRunbooks } from './eng-runbooks.js';
import { seedServices } from './eng-services.js';
import { seedArchived, seedHr, seedPersonal, seedSandbox } from './other-spaces.js';
import { SeedWriter } from './writer.js';
import { ADA, BOB } from './writer.js';
import { p } from './storage.js';

/** Fills the sites for a seed; `empty` leaves them without content (accounts and sites always exist). */
export function seedContent(seed: SeedName, sites: Map<string, SiteStore>): void {
  if (seed === 'empty') return;
  const acme = sites.get(ACME_CLOUD_ID);
  const sandbox = sites.get(SANDBOX_CLOUD_ID);
  if (acme === undefined || sandbox === undefined) throw new Error('seeded sites are missing');
  const w = new SeedWriter(acme);
  const eng = seedEngCore(w);
  const adrs = seedAdrs(w, eng.space, eng.adrs);
  seedServices(w, eng.space, eng.services);
  seedRunbooks(w, eng.space, eng.runbooks);
  seedOnboarding(w, eng.space, eng.onboarding);
  const postmortems = seedPostmortems(w, eng.space, eng.postmortems);
  seedMeetings(w, eng.space, eng.meetings);
  seedReleases(w, eng.space, eng.releases);
  const adr3 = adrs[2];
  if (adr3 !== undefined) {
    w.comment(adr3, {
      author: BOB,
      body: p('Do we have a rollback story for Argo CD sync failures? Worth a line under consequences.'),
    });
  }
  const sync = postmortems[3];
  if (sync !== undefined) {
    w.comment(sync, {
      author: BOB,
      body: p('The advisory lock fix is deployed. Refresh failures dropped to zero over the last week.'),
      replies: [
        {
          author: ADA,
          body: p(
            'Great work. Let us add a regression test against the emulator with two concurrent refreshes.',
          ),
        },
      ],
    });
  }
  seedHr(w);
  seedPersonal(w);
  seedArchived(w);
  seedSandbox(new SeedWriter(sandbox));
}
