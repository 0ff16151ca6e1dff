import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Validates real responses against the reference OpenAPI documents in `spec/` (copied unedited from
 * shared/reference/atlassian). `$ref`s resolve through Ajv, OpenAPI's `nullable` is honoured, and unknown
 * fields are reported too (the specs allow extra properties, so Ajv alone would never catch a misspelt field).
 */

type Json = Record<string, unknown>;

function load(file: string): Json {
  return JSON.parse(readFileSync(new URL(`../../spec/${file}`, import.meta.url), 'utf8')) as Json;
}

/**
 * Where a schema's own description documents null but omits `nullable` (the v2 spec says parentId is
 * "the ID of the parent page, or null if there is no parent page"), the documentation wins.
 */
function documentedNulls(spec: Json): Json {
  const schemas = (spec.components as { schemas: Record<string, { properties: Record<string, Json> }> })
    .schemas;
  for (const name of ['PageBulk', 'PageSingle']) {
    const props = schemas[name]?.properties;
    if (props === undefined) continue;
    props.parentId = { ...props.parentId, nullable: true };
    props.parentType = {
      type: 'string',
      enum: ['page', 'whiteboard', 'database', 'embed', 'folder', null],
      nullable: true,
    };
  }
  return spec;
}

/** Fields Atlassian returns that the spec does not list. */
const KNOWN_EXTRAS = new Set(['_links.edituiv2']);

const v2 = documentedNulls(load('confluence-v2.openapi.json'));
const v1 = load('confluence-v1-search.openapi.json');

const ajv = new Ajv({ strict: false, allErrors: true });
addFormatsModule.default(ajv);
ajv.addFormat('int32', true).addFormat('int64', true);
ajv.addSchema(v2, 'v2').addSchema(v1, 'v1');

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export function v2ResponseSchema(
  path: string,
  method: string,
  status: string,
): { validate: ValidateFunction; ref: string } {
  const ref = `v2#/${pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema')}`;
  return { validate: ajv.compile({ $ref: ref }), ref };
}

export function v1SearchSchema(): { validate: ValidateFunction; ref: string } {
  const ref = 'v1#/components/schemas/SearchPageResponseSearchResult';
  return { validate: ajv.compile({ $ref: ref }), ref };
}

/** A schema of the v1 subset by name (e.g. `ContentArray`, which content listings answer). */
export function v1ComponentSchema(name: string): { validate: ValidateFunction; ref: string } {
  const ref = `v1#/components/schemas/${pointer(name)}`;
  return { validate: ajv.compile({ $ref: ref }), ref };
}

function resolve(ref: string): Json {
  const [doc, path = ''] = ref.split('#');
  let node: unknown = doc === 'v1' ? v1 : doc === 'v2' || doc === '' ? v2 : undefined;
  for (const part of path.split('/').filter((p) => p.length > 0)) {
    node = (node as Json)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return node as Json;
}

/** Property names a value carries that its schema (refs and allOf merged) never mentions. */
export function unknownFields(
  schemaRef: string,
  value: unknown,
  doc = schemaRef.split('#')[0] ?? 'v2',
): string[] {
  const out: string[] = [];
  const walk = (schema: Json, v: unknown, path: string): void => {
    if (typeof schema.$ref === 'string') {
      const ref = schema.$ref.startsWith('#') ? `${doc}${schema.$ref}` : schema.$ref;
      walk(resolve(ref), v, path);
      return;
    }
    if (Array.isArray(v)) {
      if (typeof schema.items === 'object' && schema.items !== null)
        v.forEach((item, i) => walk(schema.items as Json, item, `${path}[${i}]`));
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const parts = [schema, ...((schema.allOf as Json[] | undefined) ?? [])].map((s) =>
      typeof s.$ref === 'string' ? resolve(s.$ref.startsWith('#') ? `${doc}${s.$ref}` : s.$ref) : s,
    );
    if (
      parts.some((s) => s.additionalProperties !== undefined && s.additionalProperties !== false) ||
      schema.oneOf !== undefined
    )
      return;
    // allOf branches may each describe the same property (e.g. `_links`): check against all of them.
    const props: Record<string, Json[]> = {};
    for (const part of parts) {
      for (const [key, sub] of Object.entries((part.properties as Record<string, Json> | undefined) ?? {})) {
        (props[key] ??= []).push(sub);
      }
    }
    if (Object.keys(props).length === 0) return;
    for (const [key, child] of Object.entries(v)) {
      const where = path === '' ? key : `${path}.${key}`;
      const childSchema = props[key];
      if (childSchema === undefined) {
        if (!KNOWN_EXTRAS.has(where.replace(/^.*?(_links\.)/, '$1'))) out.push(where);
      } else {
        walk({ allOf: childSchema }, child, where);
      }
    }
  };
  walk(resolve(schemaRef), value, '');
  return out;
}
