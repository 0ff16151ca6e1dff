/**
 * Turns a tool's JSON Schema input (draft-07, as `tools.list` sends it) into form fields, and form values back
 * into the tool's input. Only what the tools use is mapped to dedicated controls; anything else (nested objects,
 * unions) becomes a JSON text area, so a new tool still gets a working form.
 */

export type FieldKind = 'text' | 'textarea' | 'integer' | 'number' | 'boolean' | 'enum' | 'list' | 'json';

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  description?: string | undefined;
  options?: string[] | undefined;
  defaultValue?: unknown;
  minimum?: number | undefined;
  maximum?: number | undefined;
  pattern?: string | undefined;
  maxLength?: number | undefined;
}

/** Strings for inputs, selects and text areas; booleans for check boxes. */
export type FormValues = Record<string, string | boolean>;

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ACRONYMS: Record<string, string> = { id: 'ID', ids: 'IDs', cql: 'CQL', url: 'URL' };

/** `parentCommentId` → "Parent comment ID", `cql` → "CQL". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.toLowerCase());
  const first = words[0] ?? '';
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}

const SCALARS = new Set(['string', 'integer', 'number']);

function primaryType(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null');
  // Ids accept "123" or 123 (anyOf string | integer): a text input serves both.
  if (Array.isArray(schema.anyOf)) {
    const types = schema.anyOf.map((member) => (isObject(member) ? primaryType(member) : undefined));
    if (types.includes('string') && types.every((t) => t !== undefined && SCALARS.has(t))) return 'string';
  }
  return undefined;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Long free text: page and comment bodies, raw CQL. */
function isLongText(name: string, schema: Schema): boolean {
  return name === 'body' || name === 'cql' || (num(schema.maxLength) ?? 0) > 10_000;
}

function kindOf(name: string, schema: Schema): FieldKind {
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) return 'enum';
  const type = primaryType(schema);
  if (type === 'string') return isLongText(name, schema) ? 'textarea' : 'text';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array' && isObject(schema.items) && primaryType(schema.items) === 'string') return 'list';
  return 'json';
}

/** Chosen with the tester's own Connection picker, not as a form field. */
const PICKER_FIELDS = new Set(['connectionId']);

export function fieldsFromSchema(schema: unknown): FieldSpec[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : [],
  );
  return Object.entries(schema.properties).flatMap(([name, property]): FieldSpec[] => {
    if (!isObject(property) || PICKER_FIELDS.has(name)) return [];
    const items = isObject(property.items) ? property.items : undefined;
    return [
      {
        name,
        label: humanize(name),
        kind: kindOf(name, property),
        required: required.has(name),
        description: str(property.description) ?? (items === undefined ? undefined : str(items.description)),
        options: Array.isArray(property.enum) ? property.enum.map(String) : undefined,
        defaultValue: property.default,
        minimum: num(property.minimum),
        maximum: num(property.maximum),
        pattern: str(property.pattern),
        maxLength: num(property.maxLength),
      },
    ];
  });
}

export function initialValues(fields: FieldSpec[]): FormValues {
  return Object.fromEntries(
    fields.map((field) => [field.name, field.kind === 'boolean' ? field.defaultValue === true : '']),
  );
}

/** A tool input (e.g. from a previous result, for chaining) as form values. */
export function valuesFromInput(fields: FieldSpec[], input: Record<string, unknown>): FormValues {
  const values = initialValues(fields);
  for (const field of fields) {
    const value = input[field.name];
    if (value === undefined || value === null) continue;
    if (field.kind === 'boolean') values[field.name] = value === true;
    else if (field.kind === 'list' && Array.isArray(value)) values[field.name] = value.map(String).join(', ');
    else if (field.kind === 'json') values[field.name] = JSON.stringify(value, null, 2);
    else values[field.name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return values;
}

export type FieldErrors = Record<string, string>;

function patternMessage(pattern: string): string {
  return pattern === '^\\d+$' ? 'Enter a numeric ID, digits only (e.g. 2490369).' : `Must match ${pattern}.`;
}

function parseNumber(field: FieldSpec, raw: string): number | string {
  const integer = field.kind === 'integer';
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    return integer ? 'Enter a whole number.' : 'Enter a number.';
  }
  const { minimum: min, maximum: max } = field;
  const huge = (n: number | undefined) => n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    if (!huge(min) && !huge(max)) return `Enter a number from ${min} to ${max}.`;
    return min !== undefined && value < min ? `Enter ${min} or more.` : `Enter ${max} or less.`;
  }
  return value;
}

/**
 * Form values → the tool's input, omitting empty optional fields (the tool's defaults apply) and check boxes left
 * at their default. Returns field errors instead when something required is missing or malformed.
 */
export function buildInput(
  fields: FieldSpec[],
  values: FormValues,
): { ok: true; input: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const input: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const raw = values[field.name];
    if (field.kind === 'boolean') {
      const checked = raw === true;
      if (checked !== (field.defaultValue === true)) input[field.name] = checked;
      continue;
    }
    const text = typeof raw === 'string' ? raw : '';
    // Bodies keep their whitespace; one-line fields are trimmed.
    const value = field.kind === 'textarea' ? text : text.trim();
    if (value.trim() === '') {
      if (field.required) errors[field.name] = 'Required.';
      continue;
    }
    if (field.kind === 'integer' || field.kind === 'number') {
      const parsed = parseNumber(field, value);
      if (typeof parsed === 'string') errors[field.name] = parsed;
      else input[field.name] = parsed;
    } else if (field.kind === 'list') {
      input[field.name] = value
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    } else if (field.kind === 'json') {
      try {
        input[field.name] = JSON.parse(value) as unknown;
      } catch {
        errors[field.name] = 'Enter valid JSON.';
      }
    } else if (field.pattern !== undefined && !new RegExp(field.pattern).test(value)) {
      errors[field.name] = patternMessage(field.pattern);
    } else if (field.maxLength !== undefined && value.length > field.maxLength) {
      errors[field.name] = `At most ${field.maxLength.toLocaleString('en')} characters.`;
    } else {
      input[field.name] = value;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}
