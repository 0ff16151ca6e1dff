import type { Blockquote, Code, Root } from 'mdast';
import { gfmStrikethroughToMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableToMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemToMarkdown } from 'mdast-util-gfm-task-list-item';
import { type Handle, type Unsafe, defaultHandlers, toMarkdown } from 'mdast-util-to-markdown';
import { rootWithFastPaths, text } from './markdown-fast-paths.js';
import { type ConfluenceAlert, type ConfluenceInline, inlinePlaceholderMarkdown } from './placeholder.js';

const confluenceInline: Handle = Object.assign(
  (node: ConfluenceInline, _parent: unknown, state: Parameters<Handle>[2]) => {
    const value = inlinePlaceholderMarkdown(node.value);
    // GFM splits table rows on `|` before it looks for code spans.
    return state.stack.includes('tableCell') ? value.replace(/\|/g, '\\|') : value;
  },
  { peek: () => '`' },
);

const confluenceAlert: Handle = (node: ConfluenceAlert, _parent, state, info) => {
  const exit = state.enter('blockquote');
  const tracker = state.createTracker(info);
  tracker.move('> ');
  tracker.shift(2);
  const title = node.title.replace(/\s+/g, ' ').trim();
  let value = `[!${node.kind}]`;
  if (title) {
    // The title is read back as inline Markdown, so it is escaped like text in a paragraph.
    const exitPhrasing = state.enter('phrasing');
    value += ' ' + state.safe(title, { before: ' ', after: '\n', ...tracker.current() });
    exitPhrasing();
  }
  if (node.children.length > 0) {
    // A blank line keeps the marker its own paragraph, whatever block the body starts with.
    const body: Blockquote = { type: 'blockquote', children: node.children };
    value += '\n\n' + state.containerFlow(body, tracker.current());
  }
  exit();
  return state.indentLines(value, (line, _index, blank) => '>' + (blank ? '' : ' ') + line);
};

/** Code read from `<pre>` is written indented, so that it reads back as `<pre>`. */
const code: Handle = (node: Code, parent, state, info) => {
  if (!node.data?.indented) return defaultHandlers.code(node, parent, state, info);
  return state.indentLines(node.value, (line, _index, blank) => (blank ? '' : '    ') + line);
};

/** Text right after an inline code span must not read as a placeholder marker. */
const unsafe: Unsafe[] = [{ character: '{', before: '`', after: '=confluence-storage' }];

/** Serializes mdast to Markdown in one consistent style (`-` bullets, `*` emphasis, fenced code). */
export function stringifyMarkdown(root: Root): string {
  return toMarkdown(root, {
    bullet: '-',
    emphasis: '*',
    strong: '*',
    rule: '-',
    fences: true,
    listItemIndent: 'one',
    unsafe,
    handlers: { root: rootWithFastPaths, text, code, confluenceInline, confluenceAlert },
    // Indented code right after a list would read as part of the last item; `false` puts `<!---->` between.
    join: [
      (left, right) =>
        left.type === 'list' && right.type === 'code' && right.data?.indented ? false : undefined,
    ],
    extensions: [gfmTableToMarkdown(), gfmStrikethroughToMarkdown(), gfmTaskListItemToMarkdown()],
  });
}
