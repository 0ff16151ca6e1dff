import { describe, expect, it } from 'vitest';

import { describeCapabilities, describeSpaces, spaceKeyError, withCapability } from './connection-policy';

describe('spaceKeyError', () => {
  it.each(['ENG', 'eng', 'TEAM_2', 'ops-docs', '~acc-123', '  ENG  '])('accepts %j', (key) => {
    expect(spaceKeyError(key, [])).toBeNull();
  });

  it.each([
    ['', 'Type a space key'],
    ['   ', 'Type a space key'],
    ['EN G', 'letters, digits'],
    ['ENG!', 'letters, digits'],
    ['~', 'letters, digits'],
    ['a~b', 'letters, digits'],
    ['x'.repeat(256), 'at most 255'],
  ])('refuses %j', (key, message) => {
    expect(spaceKeyError(key, [])).toContain(message);
  });

  it('refuses a key already on the list, and a list that is full', () => {
    expect(spaceKeyError(' ENG', ['ENG'])).toBe('ENG is already on the list.');
    const full = Array.from({ length: 100 }, (_, i) => `S${i}`);
    expect(spaceKeyError('NEW', full)).toContain('at most 100 spaces');
  });
});

describe('capabilities', () => {
  it('switching one keeps the API order', () => {
    expect(withCapability(['comment', 'read'], 'search', true)).toEqual(['read', 'search', 'comment']);
    expect(withCapability(['read', 'search', 'write', 'comment'], 'write', false)).toEqual([
      'read',
      'search',
      'comment',
    ]);
  });

  it('says plainly what a read-only connection means, and the other cases', () => {
    expect(describeCapabilities(['read', 'search'])).toBe(
      'Read-only: agents can read and search but not change pages.',
    );
    expect(describeCapabilities(['read', 'search', 'write', 'comment'])).toBe(
      'Agents can read, search, write pages and comment.',
    );
    expect(describeCapabilities(['read', 'search', 'comment'])).toBe(
      'Agents can read pages, search and comment, but not write pages.',
    );
    expect(describeCapabilities([])).toContain('every tool call through this connection is refused');
    // Deleting is off by default: said only when on.
    expect(describeCapabilities(['read', 'search', 'write', 'comment', 'delete'])).toBe(
      'Agents can read, search, write pages and comment. They can also delete pages (to the trash).',
    );
    expect(describeCapabilities(['read', 'search', 'delete'])).toBe(
      'Agents can read pages and search, but not write pages and comment. They can also delete pages (to the trash).',
    );
    expect(describeCapabilities(['delete'])).toBe('Agents can only delete pages (to the trash).');
  });

  it('describes the space allow-list', () => {
    expect(describeSpaces(null)).toBe('Every space the connected Atlassian account can see.');
    expect(describeSpaces(['ENG', 'OPS'])).toBe(
      'Only ENG and OPS: tools see and change nothing in other spaces.',
    );
  });
});
