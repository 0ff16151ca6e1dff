import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { idSchema, toolInput } from './shared-schemas.js';

/** Confluence labels are single words: no whitespace and none of its reserved characters; stored lower-case. */
const labelSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(
    /^[^\s:;,.?&[\]()#^*@!<>"'`|\\/]+$/,
    'A label is one word, without spaces or : ; , . ? & [ ] ( ) # ^ * @ ! / \\',
  )
  .describe('A label, e.g. "runbook" (one word; Confluence stores it lower-case).');

const labelsOutput = z.object({
  pageId: z.string(),
  labels: z.array(z.string()).describe("The page's labels after the change."),
});

export const addLabels = defineTool({
  name: 'add_confluence_labels',
  title: 'Add labels',
  summary: 'Adds labels to a page, keeping the ones it has.',
  description:
    'Adds labels to a Confluence page (`pageId`), keeping the labels it already has; a label it has is not added ' +
    'twice. Labels are single words such as "runbook" or "q3-planning" (Confluence stores them lower-case). ' +
    "Returns the page's labels after the change. Labels come back with get_confluence_page and can be searched " +
    'with search_confluence_pages (`labels`).',
  readOnly: false,
  capability: 'write',
  destructive: false,
  // Adding labels the page has changes nothing.
  idempotent: true,
  input: toolInput({
    pageId: idSchema('page'),
    labels: z.array(labelSchema).min(1).max(50).describe('The labels to add (1-50).'),
  }),
  output: labelsOutput,
  async run(ctx, args) {
    const labels = await ctx.client.addLabels(args.pageId, args.labels, { signal: ctx.signal });
    return { pageId: args.pageId, labels };
  },
});

export const removeLabel = defineTool({
  name: 'remove_confluence_label',
  title: 'Remove a label',
  summary: 'Removes one label from a page.',
  description:
    'Removes one label from a Confluence page (`pageId`, `label`). Removing a label the page does not have is not ' +
    "an error: the page ends without it either way. Returns the page's labels after the change.",
  readOnly: false,
  capability: 'write',
  destructive: true,
  idempotent: true,
  input: toolInput({ pageId: idSchema('page'), label: labelSchema }),
  output: labelsOutput,
  async run(ctx, args) {
    const o = { signal: ctx.signal };
    await ctx.client.removeLabel(args.pageId, args.label.toLowerCase(), o);
    const page = await ctx.client.getPage(
      args.pageId,
      { includeLabels: true, status: ['current', 'archived', 'draft'] },
      o,
    );
    return { pageId: args.pageId, labels: page.labels ?? [] };
  },
});
