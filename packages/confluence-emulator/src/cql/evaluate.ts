import type { DateBound } from './dates.js';
import { resolveDate } from './dates.js';
import type { FieldName } from './fields.js';
import type { Clause, CqlQuery, Expr, OrderBy } from './parser.js';
import type { TextQuery } from './text-match.js';
import { parseTextQuery, textScore } from './text-match.js';

/** What CQL sees of a page or comment. Word lists are lower-cased. */
export interface SearchDoc {
  type: 'page' | 'comment';
  id: string;
  spaceKey: string;
  title: string;
  titleWords: readonly string[];
  bodyWords: readonly string[];
  labels: readonly string[];
  ancestorIds: readonly string[];
  parentId: string | null;
  creatorId: string;
  created: number;
  lastModified: number;
}

export interface EvalContext {
  now: number;
  currentUser: string;
}

/** A parsed query with its values resolved (dates, text operands), ready to run over many documents. */
export interface CompiledQuery {
  matches: (doc: SearchDoc) => boolean;
  score: (doc: SearchDoc) => number;
  compare: ((a: SearchDoc, b: SearchDoc) => number) | null;
  /** Words of the positive `~` clauses, for highlighting. */
  highlightTerms: string[];
}

type Predicate = (doc: SearchDoc) => boolean;

/** Throws CqlSyntaxError for a value that cannot be resolved (a malformed date). */
export function compileQuery(query: CqlQuery, ctx: EvalContext): CompiledQuery {
  const textClauses: { field: 'title' | 'text'; query: TextQuery }[] = [];
  const highlightTerms: string[] = [];
  const compile = (expr: Expr, negated: boolean): Predicate => {
    switch (expr.kind) {
      case 'and': {
        const [l, r] = [compile(expr.left, negated), compile(expr.right, negated)];
        return (d) => l(d) && r(d);
      }
      case 'or': {
        const [l, r] = [compile(expr.left, negated), compile(expr.right, negated)];
        return (d) => l(d) || r(d);
      }
      case 'not': {
        const inner = compile(expr.expr, !negated);
        return (d) => !inner(d);
      }
      case 'clause': {
        const predicate = compileClause(expr, ctx);
        if ((expr.op === '~') !== negated && (expr.field === 'text' || expr.field === 'title')) {
          const text = parseTextQuery(literal(expr));
          textClauses.push({ field: expr.field, query: text });
          highlightTerms.push(...text.terms);
        }
        return predicate;
      }
    }
  };
  const matches = compile(query.where, false);
  const score = (doc: SearchDoc): number =>
    textClauses.reduce(
      (sum, c) =>
        sum +
        3 * textScore(c.query, doc.titleWords) +
        (c.field === 'text' ? textScore(c.query, doc.bodyWords) : 0),
      0,
    );
  return { matches, score, compare: comparator(query.orderBy), highlightTerms };
}

function literal(clause: Clause): string {
  const value = clause.values[0];
  return value?.kind === 'literal' ? value.value : '';
}

function compileClause(clause: Clause, ctx: EvalContext): Predicate {
  const { field, op } = clause;
  if (op === '~' || op === '!~') {
    const text = parseTextQuery(literal(clause));
    const hit = (d: SearchDoc): boolean =>
      textScore(text, d.titleWords) > 0 ||
      (field === 'text' && (textScore(text, d.bodyWords) > 0 || textScore(text, d.labels) > 0));
    return op === '~' ? hit : (d) => !hit(d);
  }
  if (field === 'lastmodified' || field === 'created') {
    const bound = resolveDate(clause.values[0] ?? { kind: 'literal', value: '' }, ctx.now);
    return (d) => compareDate(field === 'created' ? d.created : d.lastModified, op, bound);
  }
  const wanted = clause.values.map((v) => (v.kind === 'function' ? ctx.currentUser : v.value).toLowerCase());
  const has = (d: SearchDoc): boolean => valuesOf(d, field).some((v) => wanted.includes(v.toLowerCase()));
  return op === '=' || op === 'in' ? has : (d) => !has(d);
}

function valuesOf(doc: SearchDoc, field: FieldName): readonly string[] {
  switch (field) {
    case 'type':
      return [doc.type];
    case 'space':
      return [doc.spaceKey];
    case 'title':
      return [doc.title];
    case 'label':
      return doc.labels;
    case 'ancestor':
      return doc.ancestorIds;
    case 'parent':
      return doc.parentId === null ? [] : [doc.parentId];
    case 'id':
      return [doc.id];
    case 'creator':
      return [doc.creatorId];
    default:
      return [];
  }
}

function compareDate(time: number, op: string, bound: DateBound): boolean {
  switch (op) {
    case '=':
      return time >= bound.start && time < bound.end;
    case '!=':
      return time < bound.start || time >= bound.end;
    case '>':
      return time > bound.start;
    case '>=':
      return time >= bound.start;
    case '<':
      return time < bound.start;
    default:
      return time <= bound.start;
  }
}

function comparator(orderBy: OrderBy[]): CompiledQuery['compare'] {
  if (orderBy.length === 0) return null;
  return (a, b) => {
    for (const { field, descending } of orderBy) {
      const [x, y] = [sortValue(a, field), sortValue(b, field)];
      const result =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      if (result !== 0) return descending ? -result : result;
    }
    return Number(a.id) - Number(b.id);
  };
}

function sortValue(doc: SearchDoc, field: FieldName): string | number {
  if (field === 'created') return doc.created;
  if (field === 'lastmodified') return doc.lastModified;
  if (field === 'id') return Number(doc.id);
  return valuesOf(doc, field)[0] ?? '';
}
