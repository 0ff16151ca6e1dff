/**
 * Where did the CPU go? Sums a V8 .cpuprofile's self time by function and by package (the node_modules package,
 * a workspace package, or node: internals), and prints the top of each.
 *
 *   pnpm --filter @hub/bench run profile results/profiles/hub-….cpuprofile [top=25]
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(url: string): string {
  if (url === '') return '(native / idle / gc)';
  if (url.startsWith('node:')) return url;
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const ws = /\/(apps|packages|bench)\/([^/]+)\/(?:src\/)?(.*)$/.exec(url);
  return ws === null ? url : `${ws[1]}/${ws[2]}/${ws[3]}`;
}

const [file, topArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self]
  .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
  .reduce((a, [, t]) => a + t, 0);
const busy = total - idle;
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const [id, t] of self) {
  const frame = byId.get(id)?.callFrame;
  if (frame === undefined || frame.functionName === '(idle)') continue;
  const where = packageOf(frame.url);
  const fn = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  byPackage.set(
    where
      .split('/')
      .slice(0, where.startsWith('apps') || where.startsWith('packages') ? 3 : 1)
      .join('/'),
    (byPackage.get(
      where
        .split('/')
        .slice(0, where.startsWith('apps') || where.startsWith('packages') ? 3 : 1)
        .join('/'),
    ) ?? 0) + t,
  );
}
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title} (share of busy CPU, ${(busy / 1000).toFixed(0)} ms busy)`);
  for (const [name, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * t) / busy).toFixed(1).padStart(5)}%  ${name}`);
  }
};
print('by package', byPackage);
print('by function', byFunction);

// Inclusive time: a function's own time plus everything it called (counted once when it recurses).
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (id: number) => {
  const frame = byId.get(id)?.callFrame;
  return frame === undefined ? '' : `${frame.functionName || '(anonymous)'}  ${packageOf(frame.url)}`;
};
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = keyOf(at);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + t);
  }
}
print('by function, inclusive', inclusive);
