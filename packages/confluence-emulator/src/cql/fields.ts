import type { Operator } from './lexer.js';

export type ClauseOperator = Operator | 'in' | 'not in';

export type FieldName =
  | 'type'
  | 'space'
  | 'title'
  | 'text'
  | 'label'
  | 'ancestor'
  | 'parent'
  | 'id'
  | 'creator'
  | 'lastmodified'
  | 'created';

const EQUALITY: ClauseOperator[] = ['=', '!=', 'in', 'not in'];
const TEXT: ClauseOperator[] = ['~', '!~'];
const RANGE: ClauseOperator[] = ['=', '!=', '>', '>=', '<', '<='];

/** Which operators each field takes. `text` is `~`/`!~` only: `text = x` is a parse error upstream too. */
export const FIELD_OPERATORS: Record<FieldName, ClauseOperator[]> = {
  type: EQUALITY,
  space: EQUALITY,
  title: [...EQUALITY, ...TEXT],
  text: TEXT,
  label: EQUALITY,
  ancestor: EQUALITY,
  parent: EQUALITY,
  id: EQUALITY,
  creator: EQUALITY,
  lastmodified: RANGE,
  created: RANGE,
};

const ALIASES: Record<string, FieldName> = {
  'space.key': 'space',
  content: 'id',
  sitesearch: 'text',
};

/** Field names are case-insensitive (`lastModified`, `lastmodified`). */
export function resolveField(name: string): FieldName | undefined {
  const lower = name.toLowerCase();
  if (lower in FIELD_OPERATORS) return lower as FieldName;
  return ALIASES[lower];
}

export const ORDERABLE: ReadonlySet<FieldName> = new Set([
  'title',
  'created',
  'lastmodified',
  'id',
  'type',
  'space',
]);

export const DATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'now',
  'startofday',
  'startofweek',
  'startofmonth',
  'startofyear',
  'endofday',
  'endofweek',
  'endofmonth',
  'endofyear',
]);

/** The functions each kind of field accepts as a value. */
export function functionAllowed(field: FieldName, fn: string): boolean {
  if (field === 'creator') return fn === 'currentuser';
  if (field === 'lastmodified' || field === 'created') return DATE_FUNCTIONS.has(fn);
  return false;
}
