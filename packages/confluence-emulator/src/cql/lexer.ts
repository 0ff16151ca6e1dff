/** CQL tokens. Keywords (AND, OR, NOT, IN, ORDER, BY, ASC, DESC) are words; the parser decides. */
export type Operator = '=' | '!=' | '~' | '!~' | '>' | '>=' | '<' | '<=';

export type Token =
  | { kind: 'word'; value: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'op'; value: Operator; pos: number }
  | { kind: 'lparen' | 'rparen' | 'comma' | 'eof'; pos: number };

/** What was wrong: the grammar, a field Confluence does not know, or a value or operator a field does not take. */
export type CqlErrorCategory = 'syntax' | 'field' | 'value';

export class CqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly category: CqlErrorCategory = 'syntax',
  ) {
    super(message);
    this.name = 'CqlSyntaxError';
  }
}

/** Characters that end an unquoted word. A `~` can never start one, so `space = ~abc` needs quotes. */
const DELIMITERS = new Set(['(', ')', ',', '=', '!', '~', '<', '>', '"', "'"]);

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input.charAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', pos: i });
      i++;
    } else if (c === '"' || c === "'") {
      i = readString(input, i, tokens);
    } else if ('=!~<>'.includes(c)) {
      i = readOperator(input, i, tokens);
    } else {
      const start = i;
      while (i < input.length && !isSpace(input.charAt(i)) && !DELIMITERS.has(input.charAt(i))) i++;
      tokens.push({ kind: 'word', value: input.slice(start, i), pos: start });
    }
  }
  tokens.push({ kind: 'eof', pos: input.length });
  return tokens;
}

/** Quoted strings: either quote character; a backslash escapes the next character. */
function readString(input: string, start: number, tokens: Token[]): number {
  const quote = input.charAt(start);
  let value = '';
  let i = start + 1;
  while (i < input.length) {
    const c = input.charAt(i);
    if (c === '\\') {
      if (i + 1 >= input.length) break;
      value += input.charAt(i + 1);
      i += 2;
    } else if (c === quote) {
      tokens.push({ kind: 'string', value, pos: start });
      return i + 1;
    } else {
      value += c;
      i++;
    }
  }
  throw new CqlSyntaxError(`Unterminated string starting at position ${start}`, start);
}

function readOperator(input: string, start: number, tokens: Token[]): number {
  const c = input.charAt(start);
  const next = input.charAt(start + 1);
  if (c === '!' && (next === '=' || next === '~')) {
    tokens.push({ kind: 'op', value: next === '=' ? '!=' : '!~', pos: start });
    return start + 2;
  }
  if ((c === '<' || c === '>') && next === '=') {
    tokens.push({ kind: 'op', value: c === '<' ? '<=' : '>=', pos: start });
    return start + 2;
  }
  if (c === '!') throw new CqlSyntaxError(`Unexpected character '!' at position ${start}`, start);
  tokens.push({ kind: 'op', value: c as Operator, pos: start });
  return start + 1;
}
