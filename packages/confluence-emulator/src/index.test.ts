import { expect, test } from 'vitest';
import { placeholder } from './index.js';
test('loads', () => {
  expect(placeholder).toBe(true);
});
