// Bundles the declarations into one self-contained dist/index.d.ts: the Hub's router types (from the private
// @hub/api and @hub/confluence workspace packages, built first) are inlined, so installing @hub/client needs
// neither of them. Only the Hub's own packages are inlined; what they import from elsewhere stays an import and
// is shaken out with the declarations that used it. The build then fails if anything but a dependency remains.
import { readFileSync } from 'node:fs';

import { dts } from 'rollup-plugin-dts';

const isHub = (id) => id.startsWith('@hub/') || id.startsWith('.') || id.startsWith('/');
const dependencies = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies ?? {});

/** Every module the bundle still imports must be one of package.json's dependencies. */
const onlyDependencies = {
  name: 'only-dependencies',
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      const stray = (chunk.imports ?? []).filter(
        (id) => !dependencies.some((name) => id === name || id.startsWith(`${name}/`)),
      );
      if (stray.length > 0) {
        this.error(
          `${chunk.fileName} imports ${stray.join(', ')}: only ${dependencies.join(', ')} may be imported`,
        );
      }
    }
  },
};

export default {
  input: 'dist/index.d.ts',
  output: { file: 'dist/index.d.ts', format: 'es' },
  external: (id) => !isHub(id),
  plugins: [
    dts({
      respectExternal: true,
      tsconfig: 'tsconfig.build.json',
      compilerOptions: { customConditions: [] },
    }),
    onlyDependencies,
  ],
};
