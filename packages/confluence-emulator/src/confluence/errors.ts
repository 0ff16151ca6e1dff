import type { Reply } from '../http/reply.js';
import { fail, json } from '../http/reply.js';

/** v2 error body: `{"errors":[{"status","code","title","detail":null}]}` (observed shape). */
export function v2Error(status: number, code: string, title: string): Reply {
  return json(status, { errors: [{ status, code, title, detail: null }] });
}

export function notFound(): never {
  return fail(v2Error(404, 'NOT_FOUND', 'Not Found'));
}

export function badRequest(title: string, code = 'INVALID_REQUEST_PARAMETER'): never {
  return fail(v2Error(400, code, title));
}

/** v1 error body, as `/wiki/rest/api/…` answers. */
export function v1Error(
  statusCode: number,
  message: string,
  errors: unknown[],
  flags: { authorized: boolean; valid: boolean },
): Reply {
  return json(statusCode, {
    statusCode,
    data: { authorized: flags.authorized, valid: flags.valid, errors, successful: false },
    message,
  });
}

/** A v1 400 for a request the endpoint cannot take (`valid: false`). */
export function v1Invalid(message: string): never {
  return fail(v1Error(400, message, [], { authorized: true, valid: false }));
}

/** A v1 404 for content that is not there (or that the account cannot see). */
export function v1NoContent(id: string | undefined): Reply {
  return v1Error(404, `No content found with id: ${id ?? ''}`, [], { authorized: true, valid: true });
}

/** The API gateway's own 401s (bad token, site not granted, missing scope) are neither v1 nor v2 shaped. */
export function gatewayUnauthorized(scopeMismatch = false): Reply {
  return json(401, {
    code: 401,
    message: scopeMismatch ? 'Unauthorized; scope does not match' : 'Unauthorized',
  });
}
