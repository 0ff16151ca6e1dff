import { describe, expect, test } from 'vitest';
import type { SearchDoc } from './evaluate.js';
import { compileQuery } from './evaluate.js';
import { parseCql } from './parser.js';
import { words } from '../storage/text.js';

const NOW = Date.UTC(2025, 5, 15, 12, 0);

function doc(over: Partial<SearchDoc> & { title: string; body?: string }): SearchDoc {
  return {
    type: 'page',
    id: '1',
    spaceKey: 'ENG',
    titleWords: words(over.title),
    bodyWords: words(over.body ?? ''),
    labels: [],
    ancestorIds: [],
    parentId: null,
    creatorId: 'acc-ada',
    created: Date.UTC(2024, 0, 8),
    lastModified: Date.UTC(2024, 0, 8),
    ...over,
  };
}

const run = (cql: string, docs: SearchDoc[]) => {
  const q = compileQuery(parseCql(cql), { now: NOW, currentUser: 'acc-bob' });
  const hits = docs.filter(q.matches);
  if (q.compare !== null) hits.sort(q.compare);
  return hits.map((d) => d.title);
};

const DOCS = [
  doc({ id: '1', title: 'Deploy guide', body: 'How to deploy the billing service', labels: ['runbook'] }),
  doc({
    id: '2',
    title: 'Billing overview',
    body: 'Invoices and payments',
    creatorId: 'acc-bob',
    created: Date.UTC(2025, 5, 14),
  }),
  doc({
    id: '3',
    title: 'Retro notes',
    body: 'We should deploy smaller changes',
    type: 'comment',
    lastModified: Date.UTC(2025, 5, 15, 11),
  }),
];

describe('compileQuery', () => {
  test('text ~ needs every word; a trailing * is a prefix; quotes make a phrase', () => {
    expect(run('text ~ "deploy billing"', DOCS)).toEqual(['Deploy guide']);
    expect(run('text ~ "invoice*"', DOCS)).toEqual(['Billing overview']);
    expect(run('text ~ "\\"smaller changes\\""', DOCS)).toEqual(['Retro notes']);
    expect(run('text ~ "\\"changes smaller\\""', DOCS)).toEqual([]);
    expect(run('text !~ deploy', DOCS)).toEqual(['Billing overview']);
  });

  test('title = is exact (case-insensitive), title ~ is word matching', () => {
    expect(run('title = "deploy GUIDE"', DOCS)).toEqual(['Deploy guide']);
    expect(run('title = deploy', DOCS)).toEqual([]);
    expect(run('title ~ billing', DOCS)).toEqual(['Billing overview']);
  });

  test('equality fields, IN, NOT and currentUser()', () => {
    expect(run('type = comment', DOCS)).toEqual(['Retro notes']);
    expect(run('label = runbook OR creator = currentUser()', DOCS)).toEqual([
      'Deploy guide',
      'Billing overview',
    ]);
    expect(run('id NOT IN (1, 2)', DOCS)).toEqual(['Retro notes']);
    expect(run('NOT (type = page)', DOCS)).toEqual(['Retro notes']);
  });

  test('dates: literals, = as a whole day, now() offsets and startOfDay()', () => {
    expect(run('created = "2025-06-14"', DOCS)).toEqual(['Billing overview']);
    expect(run('created > "2025/01/01 00:00"', DOCS)).toEqual(['Billing overview']);
    expect(run('lastmodified >= now("-2h")', DOCS)).toEqual(['Retro notes']);
    expect(run('lastmodified >= startOfDay()', DOCS)).toEqual(['Retro notes']);
    expect(run('created < startOfYear()', DOCS).sort()).toEqual(['Deploy guide', 'Retro notes']);
    expect(() => run('created > "June"', DOCS)).toThrow(/not a valid date/);
  });

  test('ORDER BY sorts, and highlight terms come from positive ~ clauses', () => {
    expect(run('type = page ORDER BY title DESC', DOCS)).toEqual(['Deploy guide', 'Billing overview']);
    expect(run('type IN (page, comment) ORDER BY created', DOCS)).toEqual([
      'Deploy guide',
      'Retro notes',
      'Billing overview',
    ]);
    const q = compileQuery(parseCql('text ~ "deploy bill*" AND NOT text ~ invoices'), {
      now: NOW,
      currentUser: 'x',
    });
    expect(q.highlightTerms).toEqual(['deploy', 'bill*']);
    expect(q.score(DOCS[0] ?? doc({ title: '' }))).toBeGreaterThan(0);
  });
});
