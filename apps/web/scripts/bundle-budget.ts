import { gzipSync } from 'node:zlib';

import type { Plugin } from 'vite';

/** Server code that must never reach the browser bundle (the panel imports the API's types only). */
const SERVER_MODULE =
  /[\\/](apps[\\/]api|packages[\\/]confluence(-emulator)?|packages[\\/]client)[\\/]|[\\/]node_modules[\\/](express|better-auth|@better-auth|drizzle-orm|pg|@electric-sql|pino|undici|helmet)[\\/]/;

interface ChunkInfo {
  fileName: string;
  isEntry: boolean;
  imports: string[];
  moduleIds: string[];
  code: string;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Fails the build when the JavaScript a first visit loads (the entry chunk and everything it imports statically)
 * is over `budgetKb` gzip, or when any server module slipped into a chunk. Prints both numbers.
 */
export function bundleBudget(options: { budgetKb: number }): Plugin {
  let summary = '';
  return {
    name: 'hub:bundle-budget',
    apply: 'build',
    generateBundle(_output, bundle) {
      const chunks = new Map<string, ChunkInfo>();
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk') chunks.set(item.fileName, item);
      }
      const leaked = [...chunks.values()].flatMap((chunk) =>
        chunk.moduleIds.filter((id) => SERVER_MODULE.test(id)).map((id) => `${chunk.fileName}: ${id}`),
      );
      if (leaked.length > 0) {
        this.error(
          `Server modules in the panel bundle (import them with \`import type\` only):\n  ${leaked.join('\n  ')}`,
        );
      }

      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);

      let initialGzip = 0;
      let lazyGzip = 0;
      for (const chunk of chunks.values()) {
        const size = gzipSync(chunk.code).length;
        if (initial.has(chunk.fileName)) initialGzip += size;
        else lazyGzip += size;
      }
      const budget = options.budgetKb * 1024;
      const verdict = initialGzip <= budget ? 'within' : 'OVER';
      summary =
        `initial JS ${kb(initialGzip)} gzip in ${initial.size} chunk(s), ${verdict} the ${options.budgetKb} KB budget; ` +
        `lazy routes ${kb(lazyGzip)} gzip; no server modules`;
      if (initialGzip > budget) {
        this.error(
          `Initial JavaScript is ${kb(initialGzip)} gzip, over the ${options.budgetKb} KB budget: lazy-load a route or drop a dependency.`,
        );
      }
    },
    closeBundle() {
      // After Vite's own size table, so it is the last line a build prints.
      if (summary !== '') console.log(`\n${summary}`);
    },
  };
}
