import type { FieldErrors } from '../errors.js';
import { truncate } from './redact.js';

/** What we could read out of an error response, whatever its format. Not yet redacted. */
export interface ParsedErrorBody {
  message?: string;
  code?: string;
  fieldErrors?: FieldErrors;
  /** OAuth `error` (invalid_grant, access_denied, …). */
  oauthError?: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** v1 error items carry `message` as a string or as `{ key, args, translation }`. */
function v1ItemMessage(item: unknown): string | undefined {
  if (!isObject(item)) return str(item);
  const m = item.message;
  if (isObject(m)) return str(m.translation) ?? str(m.key);
  return str(m) ?? str(item.title);
}

function parseV2(body: Json): ParsedErrorBody | undefined {
  if (!Array.isArray(body.errors) || body.errors.length === 0 || !isObject(body.errors[0])) return undefined;
  const items = body.errors.filter(isObject);
  const messages = items.map((e) => [str(e.title), str(e.detail)].filter(Boolean).join(': ')).filter(Boolean);
  const out: ParsedErrorBody = { message: messages.join('; ') };
  const code = str(items[0]?.code);
  if (code !== undefined) out.code = code;
  return out;
}

function parseV1(body: Json): ParsedErrorBody | undefined {
  if (body.statusCode === undefined || !('message' in body || 'data' in body)) return undefined;
  const out: ParsedErrorBody = {};
  const message = str(body.message);
  const data = isObject(body.data) ? body.data : undefined;
  const items: unknown[] = Array.isArray(data?.errors) ? data.errors : [];
  const itemMessages: string[] = [];
  const fieldErrors: FieldErrors = {};
  for (const item of items) {
    const text = v1ItemMessage(item);
    if (text === undefined) continue;
    const field = isObject(item) ? (str(item.fieldName) ?? str(item.field)) : undefined;
    if (field === undefined) itemMessages.push(text);
    else (fieldErrors[field] ??= []).push(text);
  }
  const combined = [message, ...itemMessages.filter((m) => m !== message)].filter(Boolean).join('; ');
  if (combined !== '') out.message = combined;
  if (Object.keys(fieldErrors).length > 0) out.fieldErrors = fieldErrors;
  return out;
}

function parseJson(body: unknown): ParsedErrorBody | undefined {
  if (!isObject(body)) return undefined;
  const v2 = parseV2(body);
  if (v2 !== undefined) return v2;
  const v1 = parseV1(body);
  if (v1 !== undefined) return v1;
  if (typeof body.error === 'string') {
    const out: ParsedErrorBody = {
      oauthError: body.error,
      message: str(body.error_description) ?? body.error,
    };
    return out;
  }
  // Gateway: {"code":401,"message":"Unauthorized; scope does not match"}
  const message = str(body.message) ?? str(body.title) ?? str(body.detail);
  if (message === undefined) return undefined;
  const out: ParsedErrorBody = { message };
  const code = str(body.code);
  if (code !== undefined) out.code = code;
  return out;
}

/** Reads v2 `{errors:[…]}`, v1 `{statusCode,data,message}`, gateway `{code,message}`, OAuth and plain text. */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      // not JSON after all: read it as text
    }
    const parsed = parseJson(json);
    if (parsed !== undefined) return parsed;
    if (isObject(json) && Object.keys(json).length === 0) return {};
  }
  const plain = trimmed.startsWith('<') ? trimmed.replace(/<[^>]*>/g, ' ') : trimmed;
  const message = truncate(plain);
  return message === '' ? {} : { message };
}
