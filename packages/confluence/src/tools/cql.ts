import { decodeHTML } from 'entities/decode';

/** Quotes a value as a CQL string literal: always double-quoted, with `\` and `"` escaped. */
export function cqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface CqlFilters {
  text?: string | undefined;
  title?: string | undefined;
  spaceKeys?: string[] | undefined;
  labels?: string[] | undefined;
  type?: string | undefined;
  orderBy?: string | undefined;
}

const inList = (field: string, values: string[]) =>
  values.length === 1
    ? `${field} = ${cqlString(values[0] ?? '')}`
    : `${field} IN (${values.map(cqlString).join(', ')})`;

/** Builds CQL from structured filters; every user value is quoted, so none can change the query's shape. */
export function buildCql(filters: CqlFilters): string {
  const clauses: string[] = [];
  if (filters.type) clauses.push(`type = ${filters.type}`);
  if (filters.spaceKeys?.length) clauses.push(inList('space', filters.spaceKeys));
  if (filters.labels?.length) clauses.push(inList('label', filters.labels));
  if (filters.title) clauses.push(`title ~ ${cqlString(filters.title)}`);
  if (filters.text) clauses.push(`text ~ ${cqlString(filters.text)}`);
  const where = clauses.join(' AND ');
  return filters.orderBy ? `${where} ORDER BY ${filters.orderBy}` : where;
}

/** Search excerpts come HTML-escaped with `@@@hl@@@` markers; agents read Markdown bold more easily. */
export function readableExcerpt(excerpt: string | undefined): string {
  return (excerpt ?? '')
    .replace(/@@@hl@@@/g, '**')
    .replace(/@@@endhl@@@/g, '**')
    .replace(/&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/gi, (entity) => decodeHTML(entity))
    .trim();
}
