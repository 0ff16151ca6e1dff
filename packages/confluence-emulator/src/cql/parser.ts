import type { ClauseOperator, FieldName } from './fields.js';
import { FIELD_OPERATORS, functionAllowed, ORDERABLE, resolveField } from './fields.js';
import type { CqlErrorCategory, Token } from './lexer.js';
import { CqlSyntaxError, tokenize } from './lexer.js';

export type Value = { kind: 'literal'; value: string } | { kind: 'function'; name: string; args: string[] };

export interface Clause {
  kind: 'clause';
  field: FieldName;
  op: ClauseOperator;
  values: Value[];
}

export type Expr = Clause | { kind: 'and' | 'or'; left: Expr; right: Expr } | { kind: 'not'; expr: Expr };

export interface OrderBy {
  field: FieldName;
  descending: boolean;
}

export interface CqlQuery {
  where: Expr;
  orderBy: OrderBy[];
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'order', 'by', 'asc', 'desc']);

/**
 * Recursive descent over: query := or [ORDER BY field [ASC|DESC] {, …}]; or := and {OR and};
 * and := unary {AND unary}; unary := NOT unary | '(' or ')' | clause. Throws CqlSyntaxError.
 */
export function parseCql(input: string): CqlQuery {
  const parser = new Parser(tokenize(input));
  const query = parser.query();
  return query;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  query(): CqlQuery {
    if (this.peek().kind === 'eof') throw new CqlSyntaxError('The query is empty', 0);
    const where = this.or();
    const orderBy = this.isWord('order') ? this.orderBy() : [];
    const rest = this.peek();
    if (rest.kind !== 'eof') throw this.error(rest, 'Expected AND, OR or ORDER BY');
    return { where, orderBy };
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord('or')) {
      this.index++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.unary();
    while (this.isWord('and')) {
      this.index++;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isWord('not')) {
      this.index++;
      return { kind: 'not', expr: this.unary() };
    }
    if (this.peek().kind === 'lparen') {
      this.index++;
      const inner = this.or();
      this.expect('rparen', "Expected ')'");
      return inner;
    }
    return this.clause();
  }

  private clause(): Clause {
    const token = this.next();
    if (token.kind !== 'word' || KEYWORDS.has(token.value.toLowerCase()))
      throw this.error(token, 'Expected a field name');
    const field = resolveField(token.value);
    if (field === undefined) throw this.error(token, `Unknown field '${token.value}'`, 'field');
    const op = this.operator();
    if (!FIELD_OPERATORS[field].includes(op)) {
      throw this.error(
        token,
        `The operator '${op.toUpperCase()}' is not supported by the '${token.value}' field`,
        'value',
      );
    }
    const values = op === 'in' || op === 'not in' ? this.valueList(field) : [this.value(field)];
    return { kind: 'clause', field, op, values };
  }

  private operator(): ClauseOperator {
    const token = this.next();
    if (token.kind === 'op') return token.value;
    if (token.kind === 'word' && token.value.toLowerCase() === 'in') return 'in';
    if (token.kind === 'word' && token.value.toLowerCase() === 'not' && this.isWord('in')) {
      this.index++;
      return 'not in';
    }
    throw this.error(token, 'Expected an operator');
  }

  private valueList(field: FieldName): Value[] {
    this.expect('lparen', "Expected '(' after IN");
    const values = [this.value(field)];
    while (this.peek().kind === 'comma') {
      this.index++;
      values.push(this.value(field));
    }
    this.expect('rparen', "Expected ')' to close the IN list");
    return values;
  }

  private value(field: FieldName): Value {
    const token = this.next();
    if (token.kind === 'string') return { kind: 'literal', value: token.value };
    if (token.kind !== 'word' || KEYWORDS.has(token.value.toLowerCase())) {
      throw this.error(token, 'Expected a value (quote values with spaces or special characters)');
    }
    if (this.peek().kind !== 'lparen') return { kind: 'literal', value: token.value };
    const name = token.value.toLowerCase();
    if (!functionAllowed(field, name))
      throw this.error(token, `Function '${token.value}' cannot be used here`);
    this.index++;
    const args: string[] = [];
    while (this.peek().kind !== 'rparen') {
      const arg = this.next();
      if (arg.kind !== 'string' && arg.kind !== 'word') throw this.error(arg, 'Expected a function argument');
      args.push(arg.value);
      if (this.peek().kind === 'comma') this.index++;
    }
    this.index++;
    return { kind: 'function', name, args };
  }

  private orderBy(): OrderBy[] {
    this.index++;
    if (!this.isWord('by')) throw this.error(this.peek(), "Expected 'BY' after ORDER");
    this.index++;
    const order: OrderBy[] = [];
    do {
      if (order.length > 0) this.index++;
      const token = this.next();
      const field = token.kind === 'word' ? resolveField(token.value) : undefined;
      if (field === undefined || !ORDERABLE.has(field))
        throw this.error(token, 'Expected a field to order by');
      const descending = this.isWord('desc');
      if (descending || this.isWord('asc')) this.index++;
      order.push({ field, descending });
    } while (this.peek().kind === 'comma');
    return order;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'eof', pos: 0 };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private isWord(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.value.toLowerCase() === keyword;
  }

  private expect(kind: Token['kind'], message: string): void {
    const token = this.next();
    if (token.kind !== kind) throw this.error(token, message);
  }

  private error(token: Token, message: string, category: CqlErrorCategory = 'syntax'): CqlSyntaxError {
    const found = token.kind === 'eof' ? 'the end of the query' : `'${describe(token)}'`;
    return new CqlSyntaxError(`${message} at position ${token.pos}, found ${found}`, token.pos, category);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'word':
    case 'string':
    case 'op':
      return token.value;
    case 'lparen':
      return '(';
    case 'rparen':
      return ')';
    default:
      return ',';
  }
}
