import { expect, test } from 'vitest';
import { spaceKeyFromWebui } from './web-url.js';

test('spaceKeyFromWebui reads the key out of a web UI link', () => {
  expect(spaceKeyFromWebui('/spaces/ENG/pages/123/Title')).toBe('ENG');
  expect(spaceKeyFromWebui('/spaces/~acc-ada/overview')).toBe('~acc-ada');
  expect(spaceKeyFromWebui('/pages/viewpage.action?pageId=1')).toBeUndefined();
});
