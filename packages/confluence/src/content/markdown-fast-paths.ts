/**
 * Speed-ups for mdast-util-to-markdown that write exactly what it writes without them: on a large page its
 * generic machinery (escaping above all) costs many times the parse. Each one says why its output is the same.
 */
import type { Nodes, Parents, Root, Text } from 'mdast';
import {
  type Handle,
  type Info,
  type SafeConfig,
  type State,
  type Tracker,
  type Unsafe,
  defaultHandlers,
} from 'mdast-util-to-markdown';

/**
 * Escaping is checked against about forty patterns for every string, which dominates the time on large
 * pages. Ordinary prose needs none of them, so a string is passed through when it holds no character
 * that is escaped everywhere, is not at the edge of a line (list markers, headings, setext underlines,
 * trailing spaces), and is not inside a link destination, title, label or table cell, where
 * parentheses, quotes and pipes matter. Everything else takes the full path.
 */
const ALWAYS_ESCAPED = /[!#&*<>[\\\]_`{|}~\t\r\n\u007f]/;
const CONTEXTUAL = /["'()+\-.=]/;
const LINE_START = /^[\s\d=+\-.)>]/;
/**
 * Only a line break next to the string makes its edges a line's edges: with nothing beside it (as when the
 * serializer peeks at the next node's first character), no line-edge pattern can match.
 */
const LINE_BREAK = /^[\r\n]$/;
const PLAIN_CONSTRUCTS = new Set([
  'phrasing',
  'paragraph',
  'strong',
  'emphasis',
  'list',
  'listItem',
  'blockquote',
  'headingAtx',
]);

function needsNoEscape(value: string, config: SafeConfig, stack: readonly string[]): boolean {
  if (ALWAYS_ESCAPED.test(value)) return false;
  if (LINE_BREAK.test(config.before) && LINE_START.test(value)) return false;
  if (LINE_BREAK.test(config.after) && /\s$/.test(value)) return false;
  if (config.before === ']' && value.startsWith('(')) return false;
  return !CONTEXTUAL.test(value) || stack.every((construct) => PLAIN_CONSTRUCTS.has(construct));
}

/**
 * The serializer tracks line and column through every string it writes (a regex split each time), for
 * positional info that no handler here reads; a tracker that only passes values through writes the same.
 * Its position is frozen for speed: the serializer copies it into a new object for every node and adds
 * properties (`{ ...tracker.current(), after, before }`), which V8 on Node 20 does about forty times
 * slower when the copied object is an ordinary one.
 */
const POSITION = Object.freeze({ now: { line: 1, column: 1 }, lineShift: 0 });
const untracked: Tracker = { move: (value) => value ?? '', current: () => POSITION, shift: () => undefined };

/**
 * The full path runs the regex of every unsafe pattern over the string. A pattern can only match where its
 * character occurs, so it is handed only the patterns whose character is in the string: the same result.
 */
function patternsFor(all: readonly Unsafe[], input: string, config: SafeConfig): Unsafe[] {
  const subject = (config.before || '') + input + (config.after || '');
  return all.filter((pattern) => subject.includes(pattern.character));
}

/**
 * zwitch's dispatcher gathers its arguments into a rest array for every node it hands on; a lookup in the
 * same handler table dispatches the same way without that.
 */
function dispatchDirectly(state: State): void {
  const handlers = state.handlers as Record<string, Handle | undefined>;
  const handle = (node: Nodes, parent: Parents | undefined, st: State, info: Info): string => {
    const handler = Object.hasOwn(handlers, node.type) ? handlers[node.type] : undefined;
    if (!handler) throw new Error(`Cannot handle unknown node \`${node.type}\``);
    return handler(node, parent, st, info);
  };
  state.handle = Object.assign(handle, { handlers }) as State['handle'];
}

/**
 * Text that needs no escaping skips the escaper. Other text is escaped as by the default handler, which
 * passes `{ ...info, afterNode, beforeNode }`: the escaper reads only these fields of it, and building the
 * object directly avoids the slow copy (see POSITION).
 */
export const text: Handle = (node: Text, parent, state, info) => {
  if (needsNoEscape(node.value, info, state.stack)) return node.value;
  const siblings: readonly Nodes[] = parent?.children ?? [];
  const index = state.indexStack.at(-1) ?? NaN;
  return state.safe(node.value, {
    before: info.before,
    after: info.after,
    encode: (info as SafeConfig).encode,
    afterNode: siblings[index + 1],
    beforeNode: siblings[index - 1],
  });
};

/**
 * The root handler installs the fast paths for the one serialization it starts: no position tracking,
 * direct dispatch, and escaping that skips strings needing none and patterns that cannot match.
 */
export const rootWithFastPaths: Handle = (node: Root, parent, state, info) => {
  state.createTracker = () => untracked;
  dispatchDirectly(state);
  const full = state.safe.bind(state);
  const all = state.unsafe;
  state.safe = (input, config) => {
    const value = input ?? '';
    if (needsNoEscape(value, config, state.stack)) return value;
    state.unsafe = patternsFor(all, value, config);
    let escaped: string;
    try {
      escaped = full(input, config);
    } finally {
      state.unsafe = all;
    }
    // marked ends link text at `\](`, unlike CommonMark; escaping the parenthesis too avoids that.
    return state.stack.includes('label') ? escaped.replaceAll('\\](', '\\]\\(') : escaped;
  };
  return defaultHandlers.root(node, parent, state, info);
};
