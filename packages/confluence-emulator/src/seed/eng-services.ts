import type { Page, Space } from '../confluence/model.js';
import { code, codeMacro, h, jira, link, p, panel, status, table, ul } from './storage.js';
import type { SeedWriter } from './writer.js';
import { ADA, BOB } from './writer.js';

interface Service {
  name: string;
  purpose: string;
  owner: string;
  port: number;
  deps: string[];
  slo: string;
  state: ['Production' | 'Beta' | 'Deprecated', 'Green' | 'Yellow' | 'Red'];
  epic: string;
}

const SERVICES: Service[] = [
  {
    name: 'api-gateway',
    purpose: 'Routes public traffic, terminates TLS and validates sessions with auth-service.',
    owner: 'Platform',
    port: 8080,
    deps: ['auth-service'],
    slo: '99.95% of requests under 300 ms',
    state: ['Production', 'Green'],
    epic: 'PLAT-310',
  },
  {
    name: 'auth-service',
    purpose: 'Sessions, API keys and OAuth connections to third-party tools.',
    owner: 'Identity',
    port: 8081,
    deps: ['PostgreSQL', 'Redis'],
    slo: '99.99% availability',
    state: ['Production', 'Green'],
    epic: 'IDN-77',
  },
  {
    name: 'billing-service',
    purpose: 'Plans, invoices and payment webhooks from the payment provider.',
    owner: 'Revenue',
    port: 8082,
    deps: ['PostgreSQL', 'NATS'],
    slo: 'Invoices issued within 5 minutes of period end',
    state: ['Production', 'Green'],
    epic: 'REV-210',
  },
  {
    name: 'search-indexer',
    purpose: 'Consumes domain events and keeps OpenSearch indices current.',
    owner: 'Platform',
    port: 8083,
    deps: ['NATS', 'OpenSearch'],
    slo: 'Index lag under 5 seconds at p95',
    state: ['Beta', 'Yellow'],
    epic: 'PLAT-190',
  },
  {
    name: 'notification-service',
    purpose: 'Email, Slack and in-app notifications with per-user preferences.',
    owner: 'Engagement',
    port: 8084,
    deps: ['PostgreSQL', 'NATS', 'SES'],
    slo: '99% of notifications delivered within 1 minute',
    state: ['Production', 'Green'],
    epic: 'ENG-455',
  },
  {
    name: 'integrations-hub',
    purpose: 'Connects customer workspaces to Confluence, Jira and Slack over OAuth.',
    owner: 'Integrations',
    port: 8085,
    deps: ['PostgreSQL', 'auth-service'],
    slo: 'Token refresh success above 99.9%',
    state: ['Beta', 'Yellow'],
    epic: 'INT-12',
  },
  {
    name: 'file-service',
    purpose: 'Uploads, virus scanning and signed download URLs on S3.',
    owner: 'Platform',
    port: 8086,
    deps: ['S3', 'ClamAV'],
    slo: 'Uploads up to 100 MB succeed 99.9% of the time',
    state: ['Production', 'Green'],
    epic: 'PLAT-260',
  },
  {
    name: 'analytics-pipeline',
    purpose: 'Streams product events into the warehouse for dashboards.',
    owner: 'Data',
    port: 8087,
    deps: ['NATS', 'Snowflake'],
    slo: 'Dashboards at most 15 minutes behind',
    state: ['Production', 'Green'],
    epic: 'DATA-31',
  },
  {
    name: 'scheduler',
    purpose: 'Cron-style jobs with leases so only one replica runs each job.',
    owner: 'Platform',
    port: 8088,
    deps: ['PostgreSQL'],
    slo: 'Jobs start within 60 seconds of schedule',
    state: ['Production', 'Green'],
    epic: 'PLAT-281',
  },
  {
    name: 'reporting-legacy',
    purpose: 'Monthly PDF reports from the old Java stack; being replaced by analytics dashboards.',
    owner: 'Data',
    port: 9000,
    deps: ['MySQL'],
    slo: 'Best effort',
    state: ['Deprecated', 'Red'],
    epic: 'PLAT-998',
  },
];

function serviceBody(s: Service): string {
  return [
    panel('info', p(s.purpose)),
    table(
      ['Field', 'Value'],
      [
        ['Owner team', s.owner],
        ['Status', status(s.state[0], s.state[1])],
        ['Port', code(String(s.port))],
        ['Dependencies', s.deps.join(', ')],
        ['SLO', s.slo],
        ['Dashboard', link(`https://grafana.acme.internal/d/${s.name}`, `Grafana: ${s.name}`)],
        ['Roadmap', jira(s.epic)],
      ],
    ),
    h(2, 'Running locally'),
    codeMacro('bash', `pnpm --filter @acme/${s.name} dev\ncurl -s localhost:${s.port}/healthz | jq .status`),
    h(2, 'Alerts'),
    ul([
      `${s.name}: error rate above 2% for 5 minutes pages the on-call engineer.`,
      `${s.name}: p99 latency above SLO for 15 minutes opens a ticket.`,
    ]),
  ].join('');
}

export function seedServices(w: SeedWriter, space: Space, parent: Page): Page[] {
  return SERVICES.map((s, i) =>
    w.page(space, parent, {
      title: `Service: ${s.name}`,
      body: serviceBody(s),
      labels: ['services', s.owner.toLowerCase()],
      author: i % 2 === 0 ? BOB : ADA,
      ...(i % 3 === 0 ? { edits: ['Updated SLO', 'Added dashboard link'] } : {}),
    }),
  );
}
