import { describe, expect, test } from 'vitest';
import { CqlSyntaxError, tokenize } from './lexer.js';
import { parseCql } from './parser.js';

describe('tokenize', () => {
  test('splits words, operators, strings with escapes and punctuation', () => {
    expect(
      tokenize('title !~ "say \\"hi\\"" AND x>=1').map((t) => ('value' in t ? t.value : t.kind)),
    ).toEqual(['title', '!~', 'say "hi"', 'AND', 'x', '>=', '1', 'eof']);
    expect(tokenize("label IN ('a', b)").map((t) => t.kind)).toEqual([
      'word',
      'word',
      'lparen',
      'string',
      'comma',
      'word',
      'rparen',
      'eof',
    ]);
  });

  test('rejects an unterminated string and a lone !', () => {
    expect(() => tokenize('title ~ "open')).toThrow(CqlSyntaxError);
    expect(() => tokenize('type ! page')).toThrow(/Unexpected character/);
  });
});

describe('parseCql: valid queries', () => {
  test('a single clause', () => {
    expect(parseCql('type = page')).toEqual({
      where: { kind: 'clause', field: 'type', op: '=', values: [{ kind: 'literal', value: 'page' }] },
      orderBy: [],
    });
  });

  test('AND binds tighter than OR; parentheses override', () => {
    const q = parseCql('space = ENG OR space = HR AND type = page');
    expect(q.where).toMatchObject({ kind: 'or', right: { kind: 'and' } });
    const grouped = parseCql('(space = ENG OR space = HR) AND type = page');
    expect(grouped.where).toMatchObject({ kind: 'and', left: { kind: 'or' } });
  });

  test('NOT, IN and NOT IN, case-insensitive keywords and field names', () => {
    const q = parseCql('not label in (a, "b c") and Space NOT IN (X) and lastModified > now("-2w")');
    expect(q.where).toMatchObject({
      kind: 'and',
      left: {
        kind: 'and',
        left: { kind: 'not', expr: { field: 'label', op: 'in', values: [{ value: 'a' }, { value: 'b c' }] } },
        right: { field: 'space', op: 'not in' },
      },
      right: { field: 'lastmodified', op: '>', values: [{ kind: 'function', name: 'now', args: ['-2w'] }] },
    });
  });

  test('ORDER BY with several fields and directions; aliases resolve', () => {
    expect(parseCql('space.key = ENG order by lastmodified desc, title').orderBy).toEqual([
      { field: 'lastmodified', descending: true },
      { field: 'title', descending: false },
    ]);
    expect(parseCql('content = 12').where).toMatchObject({ field: 'id' });
  });

  test('quoted personal space keys and functions without arguments', () => {
    expect(parseCql('space = "~acc-ada" and creator = currentUser()').where).toMatchObject({
      left: { values: [{ kind: 'literal', value: '~acc-ada' }] },
      right: { values: [{ kind: 'function', name: 'currentuser', args: [] }] },
    });
  });
});

describe('parseCql: invalid queries', () => {
  test.each([
    ['', /empty/],
    ['text = foo', /operator '=' is not supported by the 'text' field/],
    ['type ~ page', /not supported/],
    ['space = ~acc-ada', /Expected a value/],
    ['colour = red', /Unknown field 'colour'/],
    ['type = page AND', /Expected a field name/],
    ['type = page page', /Expected AND, OR or ORDER BY/],
    ['(type = page', /Expected '\)'/],
    ['type page', /Expected an operator/],
    ['label IN a', /Expected '\('/],
    ['label IN (a b)', /Expected '\)'/],
    ['type = page ORDER lastmodified', /Expected 'BY'/],
    ['type = page ORDER BY text', /Expected a field to order by/],
    ['label = now()', /Function 'now' cannot be used here/],
    ['created > now(', /Expected a function argument/],
  ])('%j', (cql, message) => {
    expect(() => parseCql(cql)).toThrow(message);
  });

  test('errors carry the position', () => {
    try {
      parseCql('type = page AND ) ');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CqlSyntaxError);
      expect((error as CqlSyntaxError).position).toBe(16);
    }
  });
});
