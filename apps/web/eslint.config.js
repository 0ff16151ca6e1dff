// @ts-check
import reactHooks from 'eslint-plugin-react-hooks';

import root from '../../eslint.config.js';

/** The repository's rules, plus the React hooks rules for the panel's components. */
export default [
  ...root,
  reactHooks.configs.flat['recommended-latest'],
  { ignores: ['screenshots/**', 'test-results/**'] },
];
