import { describe, expect, it } from 'vitest';

import { buildInput, fieldsFromSchema, humanize, valuesFromInput } from './json-schema';

describe('json-schema fields', () => {
  it('labels properties the way a person reads them', () => {
    expect(humanize('parentCommentId')).toBe('Parent comment ID');
    expect(humanize('cql')).toBe('CQL');
    expect(humanize('spaceKeys')).toBe('Space keys');
    expect(humanize('versionMessage')).toBe('Version message');
  });

  it('falls back to a JSON text area for shapes it has no control for', () => {
    const [field] = fieldsFromSchema({
      type: 'object',
      properties: { filter: { anyOf: [{ type: 'string' }, { type: 'object' }] } },
    });
    expect(field?.kind).toBe('json');
    const fields = field === undefined ? [] : [field];
    expect(buildInput(fields, { filter: '{"a": 1}' })).toEqual({ ok: true, input: { filter: { a: 1 } } });
    expect(buildInput(fields, { filter: '{oops' })).toEqual({
      ok: false,
      errors: { filter: 'Enter valid JSON.' },
    });
  });

  it('gives ids that accept a string or an integer a text input', () => {
    const [field] = fieldsFromSchema({
      type: 'object',
      properties: { pageId: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }] } },
      required: ['pageId'],
    });
    expect(field).toMatchObject({ kind: 'text', required: true });
  });

  it('turns a previous result back into form values (for chaining)', () => {
    const fields = fieldsFromSchema({
      type: 'object',
      properties: {
        pageId: { type: 'string' },
        version: { type: 'integer' },
        labels: { type: 'array', items: { type: 'string' } },
        rootLevel: { type: 'boolean' },
      },
    });
    const values = valuesFromInput(fields, {
      pageId: '7',
      version: 3,
      labels: ['a', 'b'],
      rootLevel: true,
      other: 1,
    });
    expect(values).toEqual({ pageId: '7', version: '3', labels: 'a, b', rootLevel: true });
    expect(buildInput(fields, values)).toEqual({
      ok: true,
      input: { pageId: '7', version: 3, labels: ['a', 'b'], rootLevel: true },
    });
  });

  it('ignores a schema that is not an object schema', () => {
    expect(fieldsFromSchema(null)).toEqual([]);
    expect(fieldsFromSchema({ type: 'string' })).toEqual([]);
  });
});
