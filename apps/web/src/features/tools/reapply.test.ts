import { describe, expect, test } from 'vitest';

import { reapplyChange, theirsAgainstMine } from './reapply';

const base = ['# Release notes', '', '- v1.0: first', '', '## Known issues', '', '- none', ''].join('\n');

describe('reapplyChange', () => {
  test('my change lands on their version when we touched different parts', () => {
    const theirs = base.replace('- none', '- login is slow');
    const mine = base.replace('- v1.0: first', '- v1.1: faster\n- v1.0: first');
    expect(reapplyChange(base, theirs, mine)).toEqual({
      merged: theirs.replace('- v1.0: first', '- v1.1: faster\n- v1.0: first'),
    });
  });

  test('the same lines changed on both sides is a conflict, not an overwrite', () => {
    const theirs = base.replace('- v1.0: first', '- v1.0: first release');
    const mine = base.replace('- v1.0: first', '- v1.0: initial');
    expect(reapplyChange(base, theirs, mine)).toEqual({ conflict: true });
  });

  test('no change of mine keeps theirs', () => {
    expect(reapplyChange(base, 'theirs\n', base)).toEqual({ merged: 'theirs\n' });
  });
});

test('theirsAgainstMine is a unified diff naming the version, "" when equal', () => {
  expect(theirsAgainstMine('a\n', 'a\n', 3)).toBe('');
  const diff = theirsAgainstMine('a\nb\n', 'a\nc\n', 3);
  expect(diff).toMatch(/^--- version 3 \(theirs\)$/m);
  expect(diff).toMatch(/^-b$/m);
  expect(diff).toMatch(/^\+c$/m);
});
