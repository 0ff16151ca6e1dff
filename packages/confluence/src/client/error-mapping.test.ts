import { describe, expect, test } from 'vitest';
import type { ConfluenceErrorKind } from '../errors.js';
import { parseErrorBody } from './error-body.js';
import { mapHttpError, parseVersionConflict, type RequestContext } from './error-mapping.js';

const ctx: RequestContext = { method: 'GET', path: '/wiki/api/v2/pages/123', subject: 'Page 123' };
const map = (status: number, body: string, extra: Partial<RequestContext> = {}, retryAfterMs?: number) =>
  mapHttpError(
    {
      status,
      body: parseErrorBody(body),
      secrets: ['the-live-token-123'],
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
    { ...ctx, ...extra },
  );

describe('mapHttpError', () => {
  test.each<[number, ConfluenceErrorKind]>([
    [400, 'BAD_REQUEST'],
    [401, 'UNAUTHORIZED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [409, 'VERSION_CONFLICT'],
    [413, 'PAYLOAD_TOO_LARGE'],
    [429, 'RATE_LIMITED'],
    [502, 'UPSTREAM_UNAVAILABLE'],
    [503, 'UPSTREAM_UNAVAILABLE'],
    [504, 'UPSTREAM_UNAVAILABLE'],
    [500, 'UPSTREAM_ERROR'],
    [410, 'UPSTREAM_ERROR'],
  ])('%i → %s', (status, kind) => {
    const e = map(status, '');
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(e.details).toMatchObject({ method: 'GET', path: '/wiki/api/v2/pages/123' });
  });

  test('409 parses the versions from the title and says what to do next', () => {
    const e = map(
      409,
      '{"errors":[{"status":409,"code":"CONFLICT","title":"Version must be incremented when updating a page. Current Version: [6]. Provided version: [6]","detail":null}]}',
      { method: 'PUT', sentVersion: 6 },
    );
    expect(e).toMatchObject({ kind: 'VERSION_CONFLICT', currentVersion: 6, providedVersion: 6 });
    expect(e.message).toBe(
      'Page 123 is at version 6; you sent 5+1. Call get_confluence_page again and retry with version 6.',
    );
  });

  test('409 without a parsable title still reports what was sent', () => {
    const e = map(409, 'Conflict', { method: 'PUT', sentVersion: 4 });
    expect(e).toMatchObject({ kind: 'VERSION_CONFLICT', providedVersion: 4 });
    expect(e.message).toContain('you sent 3+1');
  });

  test('a 401 scope mismatch is SCOPE_MISSING with the endpoint scope, not UNAUTHORIZED', () => {
    const e = map(401, '{"code":401,"message":"Unauthorized; scope does not match"}', {
      scope: 'read:page:confluence',
    });
    expect(e).toMatchObject({
      kind: 'SCOPE_MISSING',
      missingScope: 'read:page:confluence',
      retryable: false,
    });
    expect(e.message).toContain('Reconnect Confluence');
  });

  test('a search 400 about CQL is INVALID_CQL; other search 400s stay BAD_REQUEST', () => {
    const cql =
      '{"statusCode":400,"data":{"authorized":false,"valid":true,"errors":[],"successful":false},"message":"Could not parse cql : title = "}';
    expect(map(400, cql, { isSearch: true }).kind).toBe('INVALID_CQL');
    expect(map(400, cql, { isSearch: true }).message).toContain('Could not parse cql : title =');
    expect(map(400, '{"message":"limit must be positive","statusCode":400}', { isSearch: true }).kind).toBe(
      'BAD_REQUEST',
    );
  });

  test('a 400 keeps field errors', () => {
    const body =
      '{"statusCode":400,"data":{"errors":[{"message":"must not be blank","fieldName":"title"}]},"message":"Invalid"}';
    expect(map(400, body)).toMatchObject({
      kind: 'BAD_REQUEST',
      fieldErrors: { title: ['must not be blank'] },
    });
  });

  test('429 and 503 carry Retry-After', () => {
    expect(map(429, '', {}, 30_000)).toMatchObject({
      kind: 'RATE_LIMITED',
      retryAfterMs: 30_000,
      retryable: true,
    });
    expect(map(429, '', {}, 30_000).message).toContain('Wait 30 s');
    expect(map(503, '', {}, 5_000)).toMatchObject({ retryAfterMs: 5_000 });
  });

  test('404 names the subject and the hint', () => {
    const e = map(404, '{"errors":[{"status":404,"code":"NOT_FOUND","title":"Not Found"}]}', {
      notFoundHint: 'Search first.',
    });
    expect(e.message).toBe('Page 123 was not found, or the connected account cannot see it. Search first.');
  });

  test('an upstream body that echoes the token is redacted', () => {
    const e = map(500, 'failed for Authorization: Bearer the-live-token-123 and the-live-token-123');
    expect(e.message).not.toContain('the-live-token-123');
    expect(JSON.stringify(e.details)).not.toContain('the-live-token-123');
  });
});

test('parseVersionConflict', () => {
  expect(parseVersionConflict('Current Version: [5]. Provided version: [5]')).toEqual({
    currentVersion: 5,
    providedVersion: 5,
  });
  expect(parseVersionConflict('current version 12')).toEqual({ currentVersion: 12 });
  expect(parseVersionConflict('nothing here')).toEqual({});
});
