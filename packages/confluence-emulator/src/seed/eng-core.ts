import type { Page, Space } from '../confluence/model.js';
import {
  childrenMacro,
  code,
  codeMacro,
  h,
  jira,
  link,
  mention,
  ol,
  p,
  pageLink,
  panel,
  status,
  strong,
  table,
  toc,
  ul,
} from './storage.js';
import type { SeedWriter } from './writer.js';
import { ADA, BOB } from './writer.js';

export interface EngSections {
  space: Space;
  home: Page;
  architecture: Page;
  adrs: Page;
  services: Page;
  runbooks: Page;
  onboarding: Page;
  postmortems: Page;
  meetings: Page;
  releases: Page;
}

const HOME = [
  p(
    `Welcome to the ${strong('Engineering')} space. This is where the platform team keeps architecture, runbooks, onboarding material and the decisions that shaped our systems.`,
  ),
  panel(
    'info',
    p(
      `New here? Start with ${pageLink('Your First Week')} and ${pageLink('Development Environment Setup')}. Questions go to ${code('#eng-help')} on Slack.`,
    ),
    'Getting started',
  ),
  h(2, 'Where things live'),
  table(
    ['Section', 'What you will find', 'Owner'],
    [
      [
        pageLink('Architecture'),
        'System overview, service catalog, architecture decision records',
        mention(ADA),
      ],
      [pageLink('Runbooks'), 'Step-by-step procedures for on-call and operations', mention(BOB)],
      [pageLink('Onboarding'), 'Environment setup, coding standards, first-week checklist', mention(ADA)],
      [pageLink('Incident Postmortems'), 'Blameless write-ups of production incidents', mention(BOB)],
    ],
  ),
  h(2, 'Current quarter'),
  p(
    `The platform roadmap epic is tracked in Jira: ${jira('PLAT-1042')}. Status: ${status('On track', 'Green')}`,
  ),
  childrenMacro(),
].join('');

const SYSTEM_OVERVIEW = [
  toc(),
  h(1, 'System overview'),
  p(
    'Acme runs a set of TypeScript services on Kubernetes behind a single API gateway. Services own their data: each has its own PostgreSQL schema and talks to others over HTTP or through the event bus, never through another service\u2019s tables.',
  ),
  panel(
    'note',
    p(
      `This page describes the ${strong('target')} architecture for 2024. Legacy components still running are listed under ${pageLink('Service Catalog')}.`,
    ),
  ),
  h(2, 'Request path'),
  ol([
    'Clients call the API gateway (Envoy) at <code>api.acme.internal</code>.',
    'The gateway validates the session with the auth service and forwards the request with a signed identity header.',
    'The owning service handles the request and publishes domain events to the event bus (NATS JetStream).',
    'Consumers (search indexer, notifications, analytics) react to events asynchronously.',
  ]),
  h(2, 'Components'),
  table(
    ['Component', 'Technology', 'Runs on', 'Status'],
    [
      ['API gateway', 'Envoy 1.29', 'Kubernetes (3 replicas)', status('Production', 'Green')],
      ['Auth service', 'Node 20, Fastify', 'Kubernetes', status('Production', 'Green')],
      ['Billing service', 'Node 20, tRPC', 'Kubernetes', status('Production', 'Green')],
      [
        'Search indexer',
        'Node 20, OpenSearch 2.11',
        'Kubernetes + managed OpenSearch',
        status('Beta', 'Yellow'),
      ],
      ['Reporting (legacy)', 'Java 8, Spring', 'VM', status('Deprecated', 'Red')],
    ],
  ),
  h(2, 'Service contract'),
  p('Every service exposes a health endpoint and a typed client. The shared contract looks like this:'),
  codeMacro(
    'ts',
    `export interface ServiceHealth {
  status: 'ok' | 'degraded' | 'down';
  version: string;
  checks: Record<string, { ok: boolean; latencyMs: number }>;
}

export async function health(deps: Dependencies): Promise<ServiceHealth> {
  const checks = await Promise.all(
    Object.entries(deps).map(async ([name, dep]) => [name, await dep.ping()] as const),
  );
  const failed = checks.filter(([, c]) => !c.ok).length;
  return {
    status: failed === 0 ? 'ok' : failed < checks.length ? 'degraded' : 'down',
    version: process.env.GIT_SHA ?? 'dev',
    checks: Object.fromEntries(checks),
  };
}`,
    'health.ts',
  ),
  h(2, 'Open questions'),
  ul([
    `Move the event bus to managed NATS? See ${jira('PLAT-1107')}.`,
    `Retire the reporting VM by Q3 (${jira('PLAT-998')}).`,
  ]),
  p(
    `See also ${pageLink('ADR-004: Use NATS JetStream for domain events')} and ${link('https://nats.io/', 'nats.io')}.`,
  ),
].join('');

export function seedEngCore(w: SeedWriter): EngSections {
  const { space, home } = w.space({
    key: 'ENG',
    name: 'Engineering',
    type: 'global',
    description: 'Architecture, runbooks, onboarding and decisions of the Acme engineering team.',
    labels: ['engineering', 'team'],
    home: {
      title: 'Engineering Home',
      body: HOME,
      labels: ['home'],
      edits: ['Added roadmap epic', 'Linked postmortems'],
    },
  });
  const section = (title: string, intro: string, labels: string[], author = ADA): Page =>
    w.page(space, home, { title, body: `${p(intro)}${childrenMacro()}`, labels, author });
  const architecture = section(
    'Architecture',
    'How our systems fit together, and why they look the way they do.',
    ['architecture'],
  );
  const overview = w.page(space, architecture, {
    title: 'System Overview',
    body: SYSTEM_OVERVIEW,
    labels: ['architecture', 'overview'],
    edits: ['Added search indexer', 'Updated component status'],
  });
  w.comment(overview, {
    author: ADA,
    body: p(
      'Should we document the retry policy between the gateway and services here, or in a separate ADR?',
    ),
    replies: [
      {
        author: BOB,
        body: p(
          `Separate ADR, I think. I will draft it next sprint and link it from ${pageLink('Architecture Decision Records')}.`,
        ),
      },
    ],
  });
  const adrs = w.page(space, architecture, {
    title: 'Architecture Decision Records',
    body: `${p('Significant technical decisions, one page each, in the Michael Nygard format: context, decision, consequences. An ADR is never edited after it is accepted; a new ADR supersedes it.')}${childrenMacro()}`,
    labels: ['adr', 'architecture'],
  });
  const services = w.page(space, architecture, {
    title: 'Service Catalog',
    body: `${p('Every production service, its owner, on-call rotation and dashboards.')}${panel('tip', p('Add a new service by copying an existing page and filling in every table row.'))}${childrenMacro()}`,
    labels: ['services'],
    author: BOB,
  });
  const runbooks = section(
    'Runbooks',
    'Procedures for operating production. If a step is wrong, fix the page right after the incident.',
    ['runbook'],
    BOB,
  );
  const onboarding = section('Onboarding', 'Everything a new engineer needs in the first weeks.', [
    'onboarding',
  ]);
  const postmortems = section(
    'Incident Postmortems',
    'Blameless reviews of production incidents, newest first.',
    ['postmortem'],
    BOB,
  );
  const meetings = section('Meeting Notes', 'Notes from sprint planning, retros and architecture syncs.', [
    'meeting-notes',
  ]);
  const releases = section('Release Notes', 'What shipped in each platform release.', ['release-notes'], BOB);
  return { space, home, architecture, adrs, services, runbooks, onboarding, postmortems, meetings, releases };
}
