import { h, p, panel, table, ul } from './storage.js';
import type { SeedWriter } from './writer.js';
import { ADA, BOB } from './writer.js';

export function seedHr(w: SeedWriter): void {
  const { space, home } = w.space({
    key: 'HR',
    name: 'People & HR',
    type: 'global',
    description: 'Policies, benefits and hiring at Acme.',
    home: { title: 'People & HR Home', body: p('Policies and guides for everyone at Acme.') },
  });
  w.page(space, home, {
    title: 'Leave Policy',
    body: [
      h(2, 'Annual leave'),
      p(
        'Everyone gets 28 days of paid leave a year, plus public holidays. Book leave in the HR system at least two weeks ahead for periods over three days.',
      ),
      panel('info', p('Unused leave of up to 5 days carries over to the next year.')),
    ].join(''),
    labels: ['policy'],
  });
  w.page(space, home, {
    title: 'Benefits Overview',
    body: table(
      ['Benefit', 'Details'],
      [
        ['Health insurance', 'Private cover for you and your family'],
        ['Learning budget', 'EUR 1,500 a year for courses, books and conferences'],
        ['Home office', 'One-off EUR 500 equipment allowance'],
      ],
    ),
    labels: ['benefits'],
    author: BOB,
  });
  w.page(space, home, {
    title: 'Hiring Process',
    body: [
      p('Every role follows the same loop:'),
      ul(['Recruiter call', 'Technical interview', 'Pairing session', 'Values interview', 'Offer']),
    ].join(''),
    labels: ['hiring'],
  });
}

export function seedPersonal(w: SeedWriter): void {
  const { space, home } = w.space({
    key: '~acc-ada',
    name: 'Ada Admin',
    type: 'personal',
    description: 'Personal space of Ada Admin.',
    home: { title: 'Ada Admin', body: p('Notes and drafts.') },
  });
  w.page(space, home, {
    title: 'Scratchpad',
    body: [
      h(2, 'Ideas'),
      ul([
        'Write an ADR for the retry policy',
        'Ask Bob about the search cluster sizing',
        'Quarterly planning draft',
      ]),
    ].join(''),
    labels: ['personal'],
  });
}

export function seedArchived(w: SeedWriter): void {
  const { space, home } = w.space({
    key: 'OLD',
    name: 'Old Wiki (archived)',
    type: 'global',
    description: 'The previous engineering wiki, kept read-only for reference.',
    home: {
      title: 'Old Wiki Home',
      body: p('This space is archived. Current documentation lives in the Engineering space.'),
    },
  });
  w.page(space, home, {
    title: 'Legacy Deploy Process',
    body: [
      p('Deployments used to run from the build server with a shell script.'),
      ul(['SSH to build-01', 'Run deploy.sh with the release tag', 'Watch the logs for 10 minutes']),
    ].join(''),
    labels: ['legacy', 'deploy'],
    author: BOB,
  });
  space.status = 'archived';
}

export function seedSandbox(w: SeedWriter): void {
  const { space, home } = w.space({
    key: 'SBX',
    name: 'Sandbox',
    type: 'global',
    description: 'A place to try things out on the sandbox site.',
    home: { title: 'Sandbox Home', body: p('Anything here can be deleted at any time.'), author: ADA },
  });
  w.page(space, home, { title: 'Sandbox test page', body: p('Hello from the sandbox site.') });
}
