import type { Page, Space } from '../confluence/model.js';
import { code, codeMacro, h, link, ol, p, pageLink, panel, table, ul } from './storage.js';
import type { SeedWriter } from './writer.js';
import { ADA, BOB } from './writer.js';

const SETUP = [
  p('This guide gets a laptop from zero to running the whole platform locally in about an hour.'),
  h(2, 'Prerequisites'),
  ul([
    'Node.js 20 LTS (use <code>fnm</code> or <code>nvm</code>)',
    'pnpm 9 or later (<code>corepack enable</code>)',
    'Docker Desktop or Colima',
    'Access to the GitHub organisation and AWS SSO',
  ]),
  h(2, 'Clone and install'),
  codeMacro(
    'bash',
    'git clone git@github.com:acme/platform.git\ncd platform\ncorepack enable\npnpm install\npnpm turbo run build',
  ),
  h(2, 'Environment'),
  p(
    `Copy ${code('.env.example')} to ${code('.env')}. Local services use emulators instead of real third-party APIs, so no production credentials are needed.`,
  ),
  codeMacro(
    'ts',
    "import { z } from 'zod';\n\nexport const env = z\n  .object({\n    DATABASE_URL: z.string().url(),\n    ATLASSIAN_AUTH_URL: z.string().url().default('http://127.0.0.1:4010'),\n    ATLASSIAN_API_URL: z.string().url().default('http://127.0.0.1:4010'),\n  })\n  .parse(process.env);",
    'env.ts',
  ),
  panel(
    'tip',
    p(`Stuck? Post the full error in ${code('#eng-help')}; someone has almost certainly seen it.`),
  ),
].join('');

const STYLE_GUIDE = [
  p(
    'We follow the defaults of the shared ESLint and Prettier configs. This page covers what tooling cannot check.',
  ),
  h(2, 'Types'),
  ul([
    'Prefer <code>unknown</code> over <code>any</code>, and narrow with zod at trust boundaries.',
    'Model states with discriminated unions, not optional flags.',
    'Export types with <code>export type</code>; import them with <code>import type</code>.',
  ]),
  codeMacro(
    'ts',
    "type FetchState<T> =\n  | { status: 'idle' }\n  | { status: 'loading' }\n  | { status: 'success'; data: T }\n  | { status: 'error'; error: Error };\n\nfunction render(state: FetchState<Page[]>): string {\n  switch (state.status) {\n    case 'success':\n      return `${state.data.length} pages`;\n    case 'error':\n      return state.error.message;\n    default:\n      return 'Loading\u2026';\n  }\n}",
  ),
  h(2, 'Errors'),
  p('Throw error classes with a stable <code>kind</code> string. Never match on error messages.'),
  h(2, 'Naming'),
  table(
    ['Thing', 'Convention', 'Example'],
    [
      ['Files', 'kebab-case', code('token-refresher.ts')],
      ['Classes and components', 'PascalCase', code('ConfluenceClient')],
      ['Functions and variables', 'camelCase', code('refreshAccessToken')],
    ],
  ),
].join('');

const REVIEW = [
  p(
    'Use this checklist when reviewing a pull request. Be kind, be specific, and approve when it is better than before.',
  ),
  ol([
    'Does the change do what the description says, and nothing else?',
    'Is there a test that fails without the change?',
    'Are inputs validated at the boundary?',
    'Are secrets and tokens kept out of logs and error messages?',
    'Is the naming clear to someone new to this code?',
  ]),
  panel(
    'note',
    p(
      `Large changes should come with a design note or an ADR. See ${pageLink('Architecture Decision Records')}.`,
    ),
  ),
].join('');

const FIRST_WEEK = [
  p('Welcome aboard! Your buddy will walk you through this list.'),
  table(
    ['Day', 'Goal'],
    [
      ['Monday', 'Laptop set up, accounts created, meet the team'],
      ['Tuesday', `Run the platform locally (${pageLink('Development Environment Setup')})`],
      ['Wednesday', 'Pair on a small bug fix'],
      ['Thursday', 'Shadow the on-call engineer for a day'],
      ['Friday', 'Ship your first pull request'],
    ],
  ),
  p(
    `Read ${pageLink('System Overview')} and ${link('https://12factor.net/', 'The Twelve-Factor App')} before your first architecture sync.`,
  ),
].join('');

export function seedOnboarding(w: SeedWriter, space: Space, parent: Page): Page {
  w.page(space, parent, {
    title: 'Development Environment Setup',
    body: SETUP,
    labels: ['onboarding', 'setup'],
    author: BOB,
    edits: ['Node 20', 'Added env.ts example', 'Colima note'],
  });
  const standards = w.page(space, parent, {
    title: 'Coding Standards',
    body: `${p('How we write and review code.')}${ul([pageLink('TypeScript Style Guide'), pageLink('Code Review Checklist')])}`,
    labels: ['onboarding', 'standards'],
  });
  const guide = w.page(space, standards, {
    title: 'TypeScript Style Guide',
    body: STYLE_GUIDE,
    labels: ['typescript', 'standards'],
    edits: ['Added naming table'],
  });
  w.page(space, standards, {
    title: 'Code Review Checklist',
    body: REVIEW,
    labels: ['standards', 'code-review'],
    author: BOB,
  });
  w.page(space, parent, { title: 'Your First Week', body: FIRST_WEEK, labels: ['onboarding'] });
  w.comment(guide, {
    author: BOB,
    body: p(
      'Can we add a rule about <code>noUncheckedIndexedAccess</code>? It catches a lot of undefined bugs in array code.',
    ),
    replies: [
      {
        author: ADA,
        body: p('Good idea. It is already on in tsconfig.base.json; I will mention it under Types.'),
      },
    ],
  });
  return guide;
}
