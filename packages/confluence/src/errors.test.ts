import { describe, expect, test } from 'vitest';
import {
  BadRequestError,
  ConfluenceError,
  CONFLUENCE_ERROR_KINDS,
  isConfluenceError,
  isConfluenceErrorKind,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ReauthRequiredError,
  ScopeMissingError,
  toErrorPayload,
  UpstreamError,
  VersionConflictError,
} from './errors.js';

describe('error classes', () => {
  test('carry a stable kind, status and a retryable flag that matches the kind', () => {
    const e = new RateLimitedError('slow down', { status: 429, retryAfterMs: 2000 });
    expect(e).toBeInstanceOf(ConfluenceError);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ kind: 'RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 2000 });
    expect(e.name).toBe('RateLimitedError');
    expect(new NotFoundError('gone').retryable).toBe(false);
    expect(new NetworkError('down').retryable).toBe(true);
    expect(new UpstreamError('500', { retryable: true }).retryable).toBe(true);
  });

  test('never keep a token in the message, details or cause', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.secret-payload.sig';
    const cause = Object.assign(new Error(`socket hang up; Authorization: Bearer ${token}`), {
      code: 'ECONNRESET',
    });
    const e = new NetworkError(`failed with Bearer ${token}`, {
      cause,
      details: { upstreamMessage: `{"access_token":"${token}","refresh_token":"r-123456789"}` },
    });
    const everything = JSON.stringify({ m: e.message, d: e.details, c: (e.cause as Error).message });
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('r-123456789');
    expect(e.message).toBe('failed with Bearer ***');
    expect(e.details?.upstreamMessage).toBe('{"access_token":"***","refresh_token":"***"}');
    expect((e.cause as Error & { code?: string }).code).toBe('ECONNRESET');
  });
});

describe('guards', () => {
  test('isConfluenceError recognises errors from another copy of the package by brand and kind', () => {
    const foreign = Object.assign(new Error('x'), {
      kind: 'NOT_FOUND',
      [Symbol.for('@hub/confluence/error')]: true,
    });
    expect(isConfluenceError(foreign)).toBe(true);
    expect(isConfluenceErrorKind(foreign, 'NOT_FOUND')).toBe(true);
    expect(isConfluenceErrorKind(foreign, 'FORBIDDEN')).toBe(false);
  });

  test('isConfluenceError rejects look-alikes and non-errors', () => {
    expect(isConfluenceError(Object.assign(new Error('x'), { kind: 'NOT_FOUND' }))).toBe(false);
    expect(isConfluenceError({ kind: 'BOGUS', [Symbol.for('@hub/confluence/error')]: true })).toBe(false);
    expect(isConfluenceError(new Error('plain'))).toBe(false);
    expect(isConfluenceError(null)).toBe(false);
    expect(isConfluenceError('NOT_FOUND')).toBe(false);
  });

  test('isConfluenceErrorKind narrows to the subclass fields', () => {
    const e: unknown = new VersionConflictError('conflict', { currentVersion: 6, providedVersion: 6 });
    if (!isConfluenceErrorKind(e, 'VERSION_CONFLICT')) throw new Error('expected a conflict');
    expect(e.currentVersion).toBe(6);
  });

  test('every kind has a class', () => {
    expect(CONFLUENCE_ERROR_KINDS).toHaveLength(17);
  });
});

describe('toErrorPayload', () => {
  test('exposes the structured facts an agent needs', () => {
    expect(
      toErrorPayload(
        new VersionConflictError('Page 1 is at version 6', {
          status: 409,
          currentVersion: 6,
          providedVersion: 6,
        }),
      ),
    ).toEqual({
      kind: 'VERSION_CONFLICT',
      message: 'Page 1 is at version 6',
      retryable: false,
      status: 409,
      currentVersion: 6,
      providedVersion: 6,
    });
    expect(
      toErrorPayload(new ScopeMissingError('scope', { status: 401, missingScope: 'read:page:confluence' })),
    ).toMatchObject({
      kind: 'SCOPE_MISSING',
      missingScope: 'read:page:confluence',
    });
    expect(
      toErrorPayload(new BadRequestError('bad', { fieldErrors: { title: ['required'] } })),
    ).toMatchObject({
      fieldErrors: { title: ['required'] },
    });
    expect(toErrorPayload(new ReauthRequiredError('again', { details: { traceId: 't-1' } }))).toMatchObject({
      kind: 'REAUTH_REQUIRED',
      traceId: 't-1',
    });
  });

  test('does not leak details, cause or stack', () => {
    const payload = toErrorPayload(
      new NetworkError('down', { cause: new Error('inner'), details: { path: '/x' } }),
    );
    expect(Object.keys(payload).sort()).toEqual(['kind', 'message', 'retryable']);
  });

  test('reads errors from another copy structurally', () => {
    const foreign = {
      [Symbol.for('@hub/confluence/error')]: true,
      kind: 'RATE_LIMITED',
      message: 'wait',
      retryable: true,
      retryAfterMs: 1500,
    };
    expect(toErrorPayload(foreign)).toEqual({
      kind: 'RATE_LIMITED',
      message: 'wait',
      retryable: true,
      retryAfterMs: 1500,
    });
  });

  test('turns anything else into a redacted INTERNAL payload', () => {
    expect(toErrorPayload(new TypeError('boom with Bearer abc.def.ghi'))).toEqual({
      kind: 'INTERNAL',
      message: 'Unexpected error: boom with Bearer ***',
      retryable: false,
    });
    expect(toErrorPayload('weird').kind).toBe('INTERNAL');
  });
});
