import { describe, expect, test } from 'vitest';
import { parseErrorBody } from './error-body.js';

describe('parseErrorBody', () => {
  test('v2 {errors:[…]}', () => {
    const body = JSON.stringify({
      errors: [
        {
          status: 409,
          code: 'CONFLICT',
          title:
            'Version must be incremented when updating a page. Current Version: [5]. Provided version: [5]',
          detail: null,
        },
      ],
    });
    expect(parseErrorBody(body)).toEqual({
      code: 'CONFLICT',
      message:
        'Version must be incremented when updating a page. Current Version: [5]. Provided version: [5]',
    });
  });

  test('v2 with several errors and details', () => {
    const body = {
      errors: [
        { code: 'INVALID_REQUEST_PARAMETER', title: 'Bad limit', detail: 'must be ≤ 250' },
        { title: 'Bad sort' },
      ],
    };
    expect(parseErrorBody(JSON.stringify(body)).message).toBe('Bad limit: must be ≤ 250; Bad sort');
  });

  test('v1 {statusCode,data,message} with field errors', () => {
    const body = {
      statusCode: 400,
      data: {
        authorized: true,
        valid: false,
        errors: [
          {
            message: { key: 'title.required', translation: 'A title is required', args: [] },
            fieldName: 'title',
          },
          { message: { key: 'generic.error', args: [] } },
        ],
        successful: false,
      },
      message:
        'com.atlassian.confluence.api.service.exceptions.BadRequestException: Could not parse cql : type = = page',
    };
    expect(parseErrorBody(JSON.stringify(body))).toEqual({
      message:
        'com.atlassian.confluence.api.service.exceptions.BadRequestException: Could not parse cql : type = = page; generic.error',
      fieldErrors: { title: ['A title is required'] },
    });
  });

  test('gateway {code,message}', () => {
    expect(parseErrorBody('{"code":401,"message":"Unauthorized; scope does not match"}')).toEqual({
      code: '401',
      message: 'Unauthorized; scope does not match',
    });
  });

  test('OAuth {error,error_description}', () => {
    expect(
      parseErrorBody('{"error":"invalid_grant","error_description":"Unknown or invalid refresh token."}'),
    ).toEqual({
      oauthError: 'invalid_grant',
      message: 'Unknown or invalid refresh token.',
    });
  });

  test('text/plain and HTML bodies', () => {
    expect(parseErrorBody('Unauthorized')).toEqual({ message: 'Unauthorized' });
    expect(parseErrorBody('<html><body><h1>502 Bad Gateway</h1></body></html>')).toEqual({
      message: '502 Bad Gateway',
    });
    expect(parseErrorBody('{not json')).toEqual({ message: '{not json' });
  });

  test('empty body', () => {
    expect(parseErrorBody('')).toEqual({});
    expect(parseErrorBody('{}')).toEqual({});
  });
});
