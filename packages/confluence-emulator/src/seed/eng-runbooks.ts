import type { Page, Space } from '../confluence/model.js';
import { code, codeMacro, h, jira, mention, ol, p, panel, pageLink, table, ul } from './storage.js';
import type { SeedWriter } from './writer.js';
import { ADA, BOB } from './writer.js';

interface Runbook {
  title: string;
  when: string;
  steps: string[];
  command: [string, string];
}

const RUNBOOKS: Runbook[] = [
  {
    title: 'Rotate database credentials',
    when: 'Every 90 days, or at once when a credential may have leaked.',
    steps: [
      'Trigger the rotation Lambda for the service.',
      'Watch the External Secrets sync in Argo CD.',
      'Restart the deployment and confirm the health check.',
      'Revoke the previous credential.',
    ],
    command: [
      'bash',
      'aws secretsmanager rotate-secret --secret-id prod/billing/postgres\nkubectl rollout restart deploy/billing-service -n billing',
    ],
  },
  {
    title: 'Restore PostgreSQL from backup',
    when: 'Data loss or corruption that cannot be repaired forward.',
    steps: [
      'Declare an incident and freeze writes to the affected service.',
      'Pick the restore point (PITR) just before the corruption.',
      'Restore into a new instance; never overwrite the original.',
      `Verify the data (see ${pageLink('Verify a restored database')}).`,
      'Switch the service to the new instance.',
    ],
    command: [
      'bash',
      'aws rds restore-db-instance-to-point-in-time \\\n  --source-db-instance-identifier prod-billing \\\n  --target-db-instance-identifier prod-billing-restore \\\n  --restore-time 2024-03-05T10:12:00Z',
    ],
  },
  {
    title: 'Scale the search cluster',
    when: 'Index lag above 30 seconds or JVM memory pressure above 85%.',
    steps: [
      'Check shard balance in the OpenSearch dashboard.',
      'Add data nodes through Terraform, one at a time.',
      'Wait for green cluster health before the next node.',
    ],
    command: ['bash', 'curl -s "$OPENSEARCH_URL/_cluster/health?pretty"'],
  },
  {
    title: 'Roll back a deployment',
    when: 'A release raises the error rate or breaks a critical path.',
    steps: [
      'Revert the release commit in the deploy repository.',
      'Let Argo CD sync, or sync by hand.',
      'Confirm the previous image is running.',
      'Post in #incidents with the reverted version.',
    ],
    command: ['bash', 'git revert --no-edit HEAD && git push\nargocd app sync billing-service'],
  },
  {
    title: 'Replay dead-lettered events',
    when: 'A consumer bug sent events to the dead-letter stream.',
    steps: [
      'Deploy the consumer fix first.',
      'Inspect a sample of the dead letters.',
      'Replay in batches of 500 and watch consumer lag.',
    ],
    command: [
      'ts',
      "for await (const msg of dlq.fetch({ max_messages: 500 })) {\n  await js.publish(msg.headers.get('original-subject'), msg.data);\n  msg.ack();\n}",
    ],
  },
  {
    title: 'Renew TLS certificates manually',
    when: 'cert-manager failed to renew and expiry is under 7 days.',
    steps: [
      'Check the Certificate resource events.',
      'Delete the failed CertificateRequest to retry.',
      'If DNS validation fails, verify the Route 53 permissions.',
    ],
    command: [
      'bash',
      'kubectl describe certificate api-acme -n gateway\nkubectl delete certificaterequest -n gateway --all',
    ],
  },
  {
    title: 'Reconnect a broken Confluence integration',
    when: 'A workspace shows "reconnect required" after token refresh failures.',
    steps: [
      'Check the integration logs for invalid_grant answers.',
      'Confirm the refresh token was persisted after the last rotation.',
      'Ask the customer admin to reconnect; a new consent creates a new token family.',
    ],
    command: [
      'ts',
      "if (error.kind === 'Unauthorized' && error.reason === 'invalid_grant') {\n  await connections.markNeedsReconnect(connectionId);\n}",
    ],
  },
  {
    title: 'Drain a Kubernetes node',
    when: 'Node maintenance or a node reporting disk pressure.',
    steps: [
      'Cordon the node.',
      'Drain it, respecting pod disruption budgets.',
      'Terminate the instance once empty; the autoscaler replaces it.',
    ],
    command: [
      'bash',
      'kubectl cordon ip-10-0-3-17.ec2.internal\nkubectl drain ip-10-0-3-17.ec2.internal --ignore-daemonsets --delete-emptydir-data',
    ],
  },
];

const ON_CALL = [
  p(
    `The on-call rotation is one week, Monday 10:00 to Monday 10:00 UTC. The current schedule is in PagerDuty; swaps are agreed in ${code('#eng-oncall')}.`,
  ),
  panel(
    'warning',
    p(
      'Acknowledge a page within 5 minutes. If you cannot, escalate: the secondary is paged automatically after 15 minutes.',
    ),
    'Response times',
  ),
  h(2, 'Severity levels'),
  table(
    ['Severity', 'Meaning', 'Response'],
    [
      ['SEV1', 'Customer-facing outage or data loss', 'All hands, incident commander, status page'],
      ['SEV2', 'Degraded service for many customers', 'On-call plus owning team'],
      ['SEV3', 'Minor impact, workaround exists', 'Next business day'],
    ],
  ),
  h(2, 'First five minutes'),
  ol([
    'Acknowledge the page.',
    'Open an incident channel with /incident.',
    'Check the service dashboard and recent deploys.',
    'Roll back first, debug later.',
  ]),
  p(`Escalation contacts: ${mention(ADA)} (engineering manager), ${mention(BOB)} (platform).`),
].join('');

export function seedRunbooks(w: SeedWriter, space: Space, parent: Page): void {
  w.page(space, parent, {
    title: 'On-call Handbook',
    body: ON_CALL,
    labels: ['runbook', 'on-call'],
    author: ADA,
    edits: ['Updated escalation contacts'],
  });
  RUNBOOKS.forEach((rb, i) => {
    const page = w.page(space, parent, {
      title: rb.title,
      body: [
        panel('info', p(rb.when), 'When to use'),
        h(2, 'Steps'),
        ol(rb.steps),
        h(2, 'Commands'),
        codeMacro(rb.command[0], rb.command[1]),
        p(`Related: ${jira(`OPS-${200 + i * 7}`)}`),
      ].join(''),
      labels: ['runbook', 'operations'],
      author: i % 2 === 0 ? BOB : ADA,
    });
    if (i === 1) {
      w.page(space, page, {
        title: 'Verify a restored database',
        body: [
          p('Run these checks against the restored instance before switching traffic.'),
          ul([
            'Row counts of the largest tables are within 0.1% of the last backup report.',
            'The newest row in <code>audit_log</code> is older than the restore point.',
            'The application test suite passes against a read-only connection.',
          ]),
          codeMacro(
            'sql',
            'SELECT relname, n_live_tup FROM pg_stat_user_tables ORDER BY n_live_tup DESC LIMIT 10;',
          ),
        ].join(''),
        labels: ['runbook', 'database'],
        author: BOB,
      });
    }
  });
}
