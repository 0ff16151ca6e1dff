import { z } from 'zod';
import type { User } from '../client/user-models.js';
import { BadRequestError } from '../errors.js';
import { cqlString } from './cql.js';
import { defineTool } from './define-tool.js';
import { mentionMarkdown } from './people.js';
import { nextCursorSchema, toolInput } from './shared-schemas.js';

const input = toolInput({
  query: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Part of a name, e.g. "ada" or "Ada Lov" (a word of the full or public name starting with it). With an "@" ' +
        'it is read as an email address: people are found by the part before the @ and kept when their visible ' +
        'email contains it. Give `query` or `accountIds`.',
    ),
  accountIds: z
    .array(z.string().trim().min(1).max(128))
    .min(1)
    .max(100)
    .optional()
    .describe('Look these account ids up instead (e.g. to name the people a page mentions).'),
  limit: z.int().min(1).max(50).default(10).describe('Maximum number of people to return (1-50).'),
  cursor: z
    .string()
    .regex(/^\d+$/, 'cursor is a nextCursor from a previous call')
    .optional()
    .describe("A previous call's `nextCursor`, for more people matching the same query."),
});

const person = z.object({
  accountId: z.string(),
  displayName: z.string(),
  publicName: z.string().nullable(),
  email: z.string().nullable().describe("null when the person's privacy settings hide it."),
  mention: z
    .string()
    .describe(
      'Markdown that mentions this person in a page or comment body: [@Name](confluence-user:<accountId>).',
    ),
});

function toPerson(u: User) {
  return {
    accountId: u.accountId,
    displayName: u.displayName,
    publicName: u.publicName ?? null,
    email: u.email ?? null,
    mention: mentionMarkdown(u.accountId, u.displayName),
  };
}

export const searchUsers = defineTool({
  name: 'search_confluence_users',
  title: 'Find people',
  summary: 'Finds people on the Confluence site by name, to mention them.',
  description:
    'Finds people on the connected Confluence site by a name fragment (`query`), or looks up `accountIds`. ' +
    "Returns each person's account id, display name, email where their privacy settings show it, and `mention`: " +
    'the Markdown to put in a page or comment body to @-mention them (get_confluence_page shows mentions the ' +
    'same way). Paged: pass `nextCursor` back as `cursor` for more.',
  readOnly: true,
  capability: 'read',
  idempotent: true,
  input,
  output: z.object({ users: z.array(person), nextCursor: nextCursorSchema }),
  async run(ctx, args) {
    const o = { signal: ctx.signal };
    if ((args.query === undefined) === (args.accountIds === undefined)) {
      throw new BadRequestError(
        'Give either query (a name fragment) or accountIds, not both and not neither.',
      );
    }
    if (args.accountIds !== undefined) {
      const users = await ctx.client.getUsers(args.accountIds, o);
      return { users: users.slice(0, args.limit).map(toPerson), nextCursor: null };
    }
    const query = args.query ?? '';
    const email = query.includes('@') ? query.toLowerCase() : undefined;
    const name = email === undefined ? query : query.slice(0, query.indexOf('@')).trim();
    if (name === '') {
      throw new BadRequestError('An email query needs the part before the @ (people are found by name).');
    }
    const page = await ctx.client.searchUsers(
      { cql: `user.fullname ~ ${cqlString(name)}`, limit: args.limit, start: Number(args.cursor ?? 0) },
      o,
    );
    const users =
      email === undefined ? page.items : page.items.filter((u) => u.email?.toLowerCase().includes(email));
    return {
      users: users.map(toPerson),
      nextCursor: page.nextStart === null ? null : String(page.nextStart),
    };
  },
});
