import type { Page, Space } from '../confluence/model.js';
import { codeMacro, h, jira, p, panel, status, table, ul } from './storage.js';
import type { SeedWriter } from './writer.js';
import { ADA, BOB } from './writer.js';

interface Adr {
  title: string;
  state: 'Accepted' | 'Superseded' | 'Proposed';
  context: string;
  decision: string;
  consequences: string[];
  ticket: string;
  snippet?: [string, string];
}

const ADRS: Adr[] = [
  {
    title: 'Use PostgreSQL as the primary datastore',
    state: 'Accepted',
    ticket: 'PLAT-101',
    context:
      'Services used a mix of MongoDB, MySQL and SQLite. Operating three engines stretched the team and made cross-service reporting painful.',
    decision:
      'All new services store their data in PostgreSQL 16, one schema per service, provisioned through Terraform.',
    consequences: [
      'One backup and restore procedure for everything.',
      'Teams must model documents relationally or use JSONB deliberately.',
      'MongoDB clusters are frozen and migrated by end of year.',
    ],
    snippet: [
      'sql',
      'CREATE SCHEMA billing AUTHORIZATION billing_service;\nALTER ROLE billing_service SET search_path = billing;',
    ],
  },
  {
    title: 'Adopt TypeScript for all new services',
    state: 'Accepted',
    ticket: 'PLAT-118',
    context:
      'Half of the backend was untyped JavaScript. Most production incidents in 2023 were type errors at service boundaries.',
    decision:
      'New services are written in TypeScript with strict mode, noUncheckedIndexedAccess and ESLint strictTypeChecked.',
    consequences: [
      'Shared types live in workspace packages.',
      'Build times grow slightly; turbo caching offsets it.',
    ],
    snippet: [
      'json',
      '{\n  "compilerOptions": {\n    "strict": true,\n    "noUncheckedIndexedAccess": true,\n    "verbatimModuleSyntax": true\n  }\n}',
    ],
  },
  {
    title: 'Run services on Kubernetes',
    state: 'Accepted',
    ticket: 'PLAT-131',
    context: 'Deployments to hand-managed VMs took an hour and could not be rolled back reliably.',
    decision:
      'Every service ships as a container and runs on the shared EKS cluster, deployed by Argo CD from the deploy repository.',
    consequences: [
      'Rollbacks are a git revert.',
      'Teams need basic Kubernetes literacy; see the onboarding guide.',
    ],
  },
  {
    title: 'Use NATS JetStream for domain events',
    state: 'Accepted',
    ticket: 'PLAT-142',
    context:
      'Services polled each other for changes, which multiplied load and delayed search indexing by minutes.',
    decision:
      'Services publish domain events to NATS JetStream subjects named <code>domain.entity.verb</code>; consumers use durable pull subscriptions.',
    consequences: [
      'At-least-once delivery: every consumer must be idempotent.',
      'Event schemas are versioned in the contracts package.',
    ],
    snippet: [
      'ts',
      "await js.publish('billing.invoice.paid', codec.encode({ invoiceId, paidAt: new Date().toISOString() }));",
    ],
  },
  {
    title: 'Trunk-based development with short-lived branches',
    state: 'Accepted',
    ticket: 'PLAT-150',
    context: 'Long-lived feature branches caused painful merges and hid integration bugs until release week.',
    decision: 'Branches live at most two days. Unfinished work ships behind feature flags.',
    consequences: ['Feature flags need an owner and an expiry date.', 'CI must stay under ten minutes.'],
  },
  {
    title: 'Structured JSON logging with pino',
    state: 'Accepted',
    ticket: 'PLAT-163',
    context: 'Log lines were free text; searching for a request across services was guesswork.',
    decision:
      'Services log JSON through pino with a request id, service name and version on every line. Secrets are redacted at the logger.',
    consequences: ['Logs are queryable in OpenSearch by field.', 'Plain console.log is rejected in review.'],
    snippet: [
      'ts',
      "export const logger = pino({\n  redact: ['req.headers.authorization', '*.access_token', '*.refresh_token'],\n  base: { service: 'billing', version: process.env.GIT_SHA },\n});",
    ],
  },
  {
    title: 'Feature flags through a single provider',
    state: 'Accepted',
    ticket: 'PLAT-177',
    context: 'Three homegrown flag systems disagreed about flag state during incidents.',
    decision:
      'All flags go through the OpenFeature SDK backed by one provider; flags are declared in code with an owner and a removal date.',
    consequences: [
      'Stale flags are reported weekly.',
      'Flag evaluation is local and cached, never a network call per request.',
    ],
  },
  {
    title: 'Retry policy for service-to-service calls',
    state: 'Proposed',
    ticket: 'PLAT-1107',
    context: 'Retries are implemented differently in each client; some retry POSTs and create duplicates.',
    decision:
      'Retry only idempotent methods, on 429, 502, 503, 504 and network errors, honouring Retry-After, with capped exponential backoff and full jitter, at most three attempts.',
    consequences: [
      'Non-idempotent writes need idempotency keys before they may be retried.',
      'Clients share one implementation in the http package.',
    ],
    snippet: ['ts', 'const delay = Math.min(cap, base * 2 ** attempt) * Math.random();'],
  },
  {
    title: 'OpenSearch for full-text search',
    state: 'Accepted',
    ticket: 'PLAT-190',
    context: 'Search ran as SQL LIKE queries against the primary database and timed out on large tenants.',
    decision:
      'A dedicated search indexer consumes domain events and maintains OpenSearch indices; the API queries OpenSearch only.',
    consequences: [
      'Search is eventually consistent, typically within two seconds.',
      'Reindexing is a runbook, not a migration.',
    ],
  },
  {
    title: 'Secrets in AWS Secrets Manager',
    state: 'Accepted',
    ticket: 'PLAT-204',
    context: 'Secrets were copied into CI variables and Kubernetes manifests by hand.',
    decision:
      'Secrets live in AWS Secrets Manager and reach pods through the External Secrets operator; nobody copies a secret by hand.',
    consequences: [
      'Rotation is automated for database credentials.',
      'Local development uses a separate, non-production secret set.',
    ],
  },
  {
    title: 'API versioning through URL prefixes',
    state: 'Superseded',
    ticket: 'PLAT-88',
    context: 'Breaking API changes broke mobile clients that update slowly.',
    decision:
      'Public APIs are versioned with a <code>/v1</code>, <code>/v2</code> URL prefix. Superseded by additive-only changes plus deprecation headers.',
    consequences: ['Old versions are supported for twelve months after deprecation.'],
  },
  {
    title: 'Encrypt OAuth tokens at rest',
    state: 'Accepted',
    ticket: 'PLAT-231',
    context: 'Integration access and refresh tokens were stored as plain JSON in the database.',
    decision:
      'Tokens are encrypted with AES-256-GCM using a key from Secrets Manager; the key id is stored with each ciphertext so keys can rotate.',
    consequences: [
      'A database dump alone does not leak tokens.',
      'Key rotation re-encrypts lazily on next write.',
    ],
    snippet: [
      'ts',
      "const iv = randomBytes(12);\nconst cipher = createCipheriv('aes-256-gcm', key, iv);\nconst data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);",
    ],
  },
  {
    title: 'Use Vitest for unit and integration tests',
    state: 'Accepted',
    ticket: 'PLAT-240',
    context: 'Jest with ts-jest was slow and struggled with native ES modules.',
    decision:
      'Tests run on Vitest. Integration tests talk to real dependencies (PostgreSQL, local emulators) rather than mocks.',
    consequences: [
      'Test files live next to the code they check.',
      'CI runs PostgreSQL as a service container.',
    ],
  },
  {
    title: 'Observability with OpenTelemetry',
    state: 'Proposed',
    ticket: 'PLAT-1150',
    context: 'Tracing was vendor-specific and covered only the gateway.',
    decision:
      'Instrument services with the OpenTelemetry SDK and export OTLP to the collector; vendors stay behind the collector.',
    consequences: [
      'Traces span gateway, services and the event bus.',
      'Sampling starts at 10% and is tuned per service.',
    ],
  },
];

const COLOURS = { Accepted: 'Green', Superseded: 'Grey', Proposed: 'Yellow' } as const;

function adrBody(adr: Adr, n: number): string {
  return [
    table(
      ['Status', 'Deciders', 'Ticket'],
      [
        [
          status(adr.state, COLOURS[adr.state]),
          n % 2 === 0 ? 'Ada Admin, Bob Builder' : 'Platform team',
          jira(adr.ticket),
        ],
      ],
    ),
    h(2, 'Context'),
    p(adr.context),
    h(2, 'Decision'),
    p(adr.decision),
    ...(adr.snippet === undefined ? [] : [codeMacro(adr.snippet[0], adr.snippet[1])]),
    h(2, 'Consequences'),
    ul(adr.consequences),
    ...(adr.state === 'Superseded'
      ? [panel('warning', p('This decision has been superseded. Do not use it for new work.'))]
      : []),
  ].join('');
}

export function adrTitle(index: number): string {
  const adr = ADRS[index];
  return adr === undefined ? '' : `ADR-${String(index + 1).padStart(3, '0')}: ${adr.title}`;
}

export function seedAdrs(w: SeedWriter, space: Space, parent: Page): Page[] {
  return ADRS.map((adr, i) => {
    const page = w.page(space, parent, {
      title: adrTitle(i),
      body: adrBody(adr, i),
      labels: ['adr', 'architecture', adr.state.toLowerCase()],
      author: i % 3 === 0 ? BOB : ADA,
      ...(i % 4 === 1 ? { edits: ['Clarified consequences'] } : {}),
    });
    if (i === 7) {
      w.page(space, page, {
        title: 'ADR-008 Appendix: Retry benchmark results',
        body: `${p('Measured against the staging gateway with 5% injected 503s.')}${table(
          ['Policy', 'p99 latency', 'Error rate'],
          [
            ['No retries', '180 ms', '5.1%'],
            ['3 attempts, full jitter', '410 ms', '0.02%'],
            ['5 attempts, no jitter', '1,900 ms', '0.01%'],
          ],
        )}`,
        labels: ['adr', 'benchmark'],
        author: BOB,
      });
    }
    return page;
  });
}
