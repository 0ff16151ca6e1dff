import { z } from 'zod';
import { fail, json } from '../http/reply.js';
import type { BodyFormat } from './body.js';
import { bodyWriteSchema, toStoredBody } from './body.js';
import { badRequest, notFound, v2Error } from './errors.js';
import type { Page } from './model.js';
import { currentVersion, makeBody } from './model.js';
import { boolParam, idParam } from './params.js';
import { pageJson } from './serialize.js';
import type { SiteCtx, SiteHandler } from './site-ctx.js';
import { invalidBody, readJson } from './site-ctx.js';

const numericId = z.union([z.string().regex(/^\d+$/), z.int().nonnegative().transform(String)]);
const title = z.string().max(255);

const createPageSchema = z.object({
  spaceId: numericId,
  status: z.enum(['current', 'draft']).default('current'),
  title: title.optional(),
  parentId: numericId.optional(),
  body: bodyWriteSchema.optional(),
});

const updatePageSchema = z.object({
  id: numericId,
  status: z.enum(['current', 'draft']),
  title,
  spaceId: numericId.optional(),
  parentId: numericId.optional(),
  ownerId: z.string().optional(),
  body: bodyWriteSchema,
  version: z.object({ number: z.int(), message: z.string().optional(), minorEdit: z.boolean().optional() }),
});

const DUPLICATE_TITLE =
  'A page with this title already exists: A page already exists with the same TITLE in this space';

function writtenFormat(body: z.infer<typeof bodyWriteSchema> | undefined): BodyFormat {
  const representation =
    body === undefined ? 'storage' : 'representation' in body ? body.representation : Object.keys(body)[0];
  return representation === 'atlas_doc_format' ? 'atlas_doc_format' : 'storage';
}

/** A parent must be a page of the same space, and never the page itself or one of its descendants. */
function checkParent(ctx: SiteCtx, spaceId: string, parentId: string, moving?: Page): void {
  const parent = ctx.site.pages.get(parentId);
  if (parent === undefined || parent.spaceId !== spaceId) {
    badRequest(`The parent page ${parentId} does not exist in space ${spaceId}.`);
  }
  if (moving !== undefined && (parent.id === moving.id || ctx.site.ancestors(parent).includes(moving))) {
    badRequest('A page cannot be moved below itself or one of its descendants.');
  }
}

/** `POST /wiki/api/v2/pages` — answers 200, as upstream does. */
export const createPage: SiteHandler = (ctx) => {
  const parsed = createPageSchema.safeParse(readJson(ctx));
  if (!parsed.success) return invalidBody(parsed.error.issues);
  const input = parsed.data;
  const rootLevel = boolParam(ctx.query, 'root-level', false);
  const space = ctx.site.spaces.get(input.spaceId);
  if (space === undefined) return notFound();
  const pageTitle = input.title?.trim() ?? '';
  if (input.status === 'current' && pageTitle === '')
    badRequest('Title is required for a page that is not a draft.');
  if (rootLevel && input.parentId !== undefined)
    badRequest('parentId must not be given when root-level is true.');
  if (input.parentId !== undefined) checkParent(ctx, space.id, input.parentId);
  const parentId = input.parentId ?? (rootLevel ? null : space.homepageId);
  if (input.status === 'current' && ctx.site.titleTaken(space.id, pageTitle))
    badRequest(DUPLICATE_TITLE, 'BAD_REQUEST');
  const page = ctx.site.createPage({
    spaceId: space.id,
    parentId,
    status: input.status,
    version: {
      authorId: ctx.token.accountId,
      createdAt: ctx.state.clock.now(),
      title: pageTitle,
      body: input.body === undefined ? makeBody('') : toStoredBody(input.body),
    },
  });
  return json(200, pageJson(ctx.site, page, { bodyFormat: writtenFormat(input.body), withBase: true }));
};

/**
 * `PUT /wiki/api/v2/pages/{id}` — the version number must be exactly the current one plus one (else 409), "unless
 * you are updating the status to 'draft' which requires a version number of 1" (PageUpdateRequest).
 */
export const updatePage: SiteHandler = (ctx) => {
  const id = idParam(ctx.params.id);
  const parsed = updatePageSchema.safeParse(readJson(ctx));
  if (!parsed.success) return invalidBody(parsed.error.issues);
  const input = parsed.data;
  const page = ctx.site.pages.get(id);
  if (page === undefined) return notFound();
  if (input.id !== page.id)
    badRequest(`The id in the body (${input.id}) does not match the page id (${page.id}).`);
  const current = currentVersion(page).number;
  if (input.status === 'draft') return updateDraft(ctx, page, input);
  if (input.version.number !== current + 1) {
    fail(
      v2Error(
        409,
        'CONFLICT',
        `Version must be incremented when updating a page. Current Version: [${current}]. Provided version: [${input.version.number}]`,
      ),
    );
  }
  if (input.spaceId !== undefined && input.spaceId !== page.spaceId)
    badRequest('Moving a page to another space is not supported.');
  if (input.parentId !== undefined) checkParent(ctx, page.spaceId, input.parentId, page);
  // Drafts went to updateDraft: this is a current page.
  const pageTitle = input.title.trim();
  if (pageTitle === '') badRequest('Title is required for a page that is not a draft.');
  if (ctx.site.titleTaken(page.spaceId, pageTitle, page.id)) badRequest(DUPLICATE_TITLE, 'BAD_REQUEST');
  const body = toStoredBody(input.body);
  ctx.site.addVersion(page, {
    authorId: ctx.token.accountId,
    createdAt: ctx.state.clock.now(),
    title: pageTitle,
    body,
    ...(input.version.message === undefined ? {} : { message: input.version.message }),
    ...(input.version.minorEdit === undefined ? {} : { minorEdit: input.version.minorEdit }),
  });
  page.status = input.status;
  if (input.parentId !== undefined) page.parentId = input.parentId;
  if (input.ownerId !== undefined) page.ownerId = input.ownerId;
  return json(200, pageJson(ctx.site, page, { bodyFormat: writtenFormat(input.body), withBase: true }));
};

/**
 * PUT with `status: "draft"`: version number 1, as the spec requires, and the draft is saved in place (a draft has
 * no history; it stays at version 1 until it is published). A draft of a published page ("the existing draft will
 * be deleted in favor of the updated draft") is not modelled here: refused, so no test relies on a guess.
 */
function updateDraft(ctx: SiteCtx, page: Page, input: z.output<typeof updatePageSchema>) {
  if (input.version.number !== 1) {
    badRequest(
      `A draft is saved with version number 1 (PageUpdateRequest.version.number). Provided version: [${input.version.number}]`,
    );
  }
  if (page.status !== 'draft') {
    badRequest(
      `Page ${page.id} is ${page.status}: the emulator does not model drafts of published pages (PUT status "draft").`,
    );
  }
  if (input.parentId !== undefined) checkParent(ctx, page.spaceId, input.parentId, page);
  const version = currentVersion(page);
  version.title = input.title.trim();
  version.body = toStoredBody(input.body);
  version.createdAt = ctx.state.clock.now();
  version.authorId = ctx.token.accountId;
  if (input.version.message !== undefined) version.message = input.version.message;
  if (input.parentId !== undefined) page.parentId = input.parentId;
  return json(200, pageJson(ctx.site, page, { bodyFormat: writtenFormat(input.body), withBase: true }));
}
