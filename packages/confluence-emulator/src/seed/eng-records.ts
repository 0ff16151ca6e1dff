import type { Page, Space } from '../confluence/model.js';
import { codeMacro, h, jira, mention, ol, p, panel, status, table, ul } from './storage.js';
import type { SeedWriter } from './writer.js';
import { ADA, BOB } from './writer.js';

const INCIDENTS: [string, string, string, string][] = [
  [
    '2024-02-14',
    'Checkout errors after a database failover',
    'A planned RDS failover left stale connections in the billing pool; 7% of checkouts failed for 23 minutes.',
    'Enable connection validation on borrow and lower the pool idle timeout.',
  ],
  [
    '2024-03-05',
    'Search results 40 minutes stale',
    'The search indexer consumer stalled on a poison message and stopped acknowledging.',
    'Dead-letter messages after 5 delivery attempts; alert on consumer lag.',
  ],
  [
    '2024-04-22',
    'Login outage caused by an expired certificate',
    'cert-manager could not renew the auth certificate because a DNS permission had been removed.',
    'Alert 14 days before expiry; restore the IAM policy through Terraform.',
  ],
  [
    '2024-06-11',
    'Confluence sync disconnected for 300 workspaces',
    'Two workers refreshed the same OAuth token concurrently; the reused refresh token invalidated the token family.',
    'Serialize refreshes per connection with an advisory lock and persist the new refresh token before use.',
  ],
  [
    '2024-08-02',
    'Duplicate invoices from retried webhooks',
    'A client retried a POST after a timeout although the first request had succeeded.',
    'Idempotency keys on invoice creation; retry only idempotent requests.',
  ],
  [
    '2024-10-17',
    'Rate limited by a partner API during backfill',
    'A backfill job ignored Retry-After and kept hammering the API, extending the ban.',
    'Honour Retry-After, add jittered backoff, and cap concurrency for backfills.',
  ],
];

const RELEASES: [string, string[]][] = [
  ['2.4.0', ['Search indexer beta for all tenants', 'Faster page tree loading', 'Dark mode for the web app']],
  ['2.5.0', ['Confluence integration: connect multiple sites', 'Audit log export to CSV']],
  ['2.6.0', ['OAuth token encryption at rest', 'Retry policy for outgoing HTTP calls', 'Node 20 everywhere']],
  ['2.7.0', ['Confluence page comments in the activity feed', 'Faster cold starts for the scheduler']],
  ['2.8.0', ['Rate-limit aware backfills', 'New notification preferences page']],
  ['2.9.0', ['OpenTelemetry tracing (opt-in)', 'Bulk page export from Confluence']],
];

export function seedPostmortems(w: SeedWriter, space: Space, parent: Page): Page[] {
  return INCIDENTS.map(([date, title, cause, fix], i) =>
    w.page(space, parent, {
      title: `${date} ${title}`,
      body: [
        table(
          ['Severity', 'Duration', 'Incident commander'],
          [[i % 3 === 0 ? 'SEV1' : 'SEV2', `${20 + i * 9} minutes`, mention(i % 2 === 0 ? BOB : ADA)]],
        ),
        h(2, 'Summary'),
        p(cause),
        h(2, 'Timeline (UTC)'),
        ul([
          `${date} 09:${10 + i} Alert fired`,
          `${date} 09:${15 + i} On-call acknowledged`,
          `${date} 09:${40 + i} Mitigated`,
        ]),
        h(2, 'Root cause'),
        p(cause),
        h(2, 'Action items'),
        table(
          ['Action', 'Ticket', 'Status'],
          [[fix, jira(`OPS-${310 + i}`), status(i < 4 ? 'Done' : 'In progress', i < 4 ? 'Green' : 'Yellow')]],
        ),
        panel('note', p('This review is blameless: it describes systems and decisions, not people.')),
      ].join(''),
      labels: ['postmortem', 'incident'],
      author: i % 2 === 0 ? BOB : ADA,
    }),
  );
}

export function seedMeetings(w: SeedWriter, space: Space, parent: Page): void {
  for (let i = 0; i < 10; i++) {
    const sprint = 41 + i;
    const retro = i % 2 === 1;
    w.page(space, parent, {
      title: `${retro ? 'Sprint retro' : 'Sprint planning'}: Sprint ${sprint}`,
      body: [
        p(`Attendees: ${mention(ADA)}, ${mention(BOB)}, platform team.`),
        h(2, retro ? 'What went well' : 'Goals'),
        ul(
          retro
            ? ['Fewer pages out of hours', 'ADR reviews were quick']
            : [`Finish ${jira(`PLAT-${1100 + i}`)}`, 'Pay down flaky tests'],
        ),
        h(2, retro ? 'What to improve' : 'Capacity'),
        retro
          ? ul(['CI time crept up to 12 minutes', 'Too many parallel initiatives'])
          : p(`${30 - i} points available; ${i % 3} people on leave.`),
        h(2, 'Action items'),
        ol([
          `${mention(i % 2 === 0 ? ADA : BOB)} to follow up on the top item`,
          'Everyone: update runbooks touched this sprint',
        ]),
      ].join(''),
      labels: ['meeting-notes', retro ? 'retro' : 'planning'],
      author: i % 2 === 0 ? ADA : BOB,
    });
  }
}

export function seedReleases(w: SeedWriter, space: Space, parent: Page): void {
  for (const [version, items] of RELEASES) {
    w.page(space, parent, {
      title: `Release ${version}`,
      body: [
        p(`Platform release ${version}. Deployed to production with zero downtime.`),
        h(2, 'Highlights'),
        ul(items),
        h(2, 'Upgrade notes'),
        codeMacro('bash', `pnpm up @acme/platform-sdk@${version}`),
      ].join(''),
      labels: ['release-notes'],
      author: BOB,
    });
  }
}
