import { z } from 'zod';
import { joinUrl, type ContentBody, type Version } from './models.js';
import type { ContentBodyInput } from './params.js';
import { bodySchema, linksSchema, listLinksSchema, versionSchema } from './schemas.js';

/** Inline comments (v2 `PageInlineCommentModel`, `InlineCommentModel`, `InlineCommentChildrenModel`). */

const id = z.union([z.string(), z.number()]).transform(String);
const optionalText = z.string().nullish();

export const INLINE_RESOLUTIONS = ['open', 'reopened', 'resolved', 'dangling'] as const;
export type InlineResolution = (typeof INLINE_RESOLUTIONS)[number];

export const inlineCommentSchema = z.looseObject({
  id,
  status: z.string(),
  title: optionalText,
  pageId: id.nullish(),
  parentCommentId: id.nullish(),
  version: versionSchema.nullish(),
  body: bodySchema.nullish(),
  // An unknown future state reads as undefined rather than failing the whole list.
  resolutionStatus: z.enum(INLINE_RESOLUTIONS).nullish().catch(undefined),
  resolutionLastModifierId: optionalText,
  resolutionLastModifiedAt: optionalText,
  properties: z
    .looseObject({
      inlineMarkerRef: optionalText,
      inlineOriginalSelection: optionalText,
      'inline-marker-ref': optionalText,
      'inline-original-selection': optionalText,
    })
    .nullish(),
  _links: linksSchema.nullish(),
});

export const inlineCommentListSchema = z.looseObject({
  results: z.array(inlineCommentSchema),
  _links: listLinksSchema.nullish(),
});

export type RawInlineComment = z.infer<typeof inlineCommentSchema>;

export interface InlineComment {
  id: string;
  status: string;
  title: string | undefined;
  /** Absent on replies as `/children` lists them. */
  pageId: string | undefined;
  parentCommentId: string | undefined;
  version: Version | undefined;
  body?: ContentBody;
  resolutionStatus: InlineResolution | undefined;
  resolutionLastModifierId: string | undefined;
  resolutionLastModifiedAt: string | undefined;
  /** The highlighted text, as it was when the comment was made. */
  selection: string | undefined;
  markerRef: string | undefined;
  webUrl: string | undefined;
}

export function toInlineComment(raw: RawInlineComment, base: string | undefined): InlineComment {
  const body = raw.body?.storage ?? raw.body?.atlas_doc_format ?? raw.body?.view;
  const version = raw.version;
  return {
    id: raw.id,
    status: raw.status,
    title: raw.title ?? undefined,
    pageId: raw.pageId ?? undefined,
    parentCommentId: raw.parentCommentId ?? undefined,
    version:
      version === null || version === undefined
        ? undefined
        : {
            number: version.number,
            message: version.message ?? '',
            createdAt: version.createdAt ?? undefined,
            authorId: version.authorId ?? undefined,
            minorEdit: version.minorEdit ?? false,
          },
    ...(body === undefined
      ? {}
      : { body: { representation: body.representation ?? 'storage', value: body.value } }),
    resolutionStatus: raw.resolutionStatus ?? undefined,
    resolutionLastModifierId: raw.resolutionLastModifierId ?? undefined,
    resolutionLastModifiedAt: raw.resolutionLastModifiedAt ?? undefined,
    selection:
      raw.properties?.inlineOriginalSelection ?? raw.properties?.['inline-original-selection'] ?? undefined,
    markerRef: raw.properties?.inlineMarkerRef ?? raw.properties?.['inline-marker-ref'] ?? undefined,
    webUrl: joinUrl(raw._links?.base ?? base, raw._links?.webui),
  };
}

export interface ListInlineCommentsParams {
  bodyFormat?: 'storage' | 'atlas_doc_format';
  resolutionStatus?: InlineResolution[];
  sort?: string;
  cursor?: string;
  limit?: number;
}

/**
 * A top-level inline comment names its page and the text to highlight: `matchCount` is how often that text occurs
 * on the page, `matchIndex` (0-based, as Confluence counts) which occurrence. A reply names only its parent.
 */
export type CreateInlineCommentInput =
  | {
      pageId: string;
      body: ContentBodyInput;
      selection: { text: string; matchCount: number; matchIndex: number };
    }
  | { parentCommentId: string; body: ContentBodyInput };

export interface UpdateInlineCommentInput {
  /** Sent as is: the caller computes current + 1. */
  version: { number: number; message?: string };
  body: ContentBodyInput;
  /** true resolves, false reopens; omitted leaves the state. */
  resolved?: boolean;
}
