/**
 * Text that no field of ours can hold: NUL (PostgreSQL text refuses it: a 500 deep in a query) and lone UTF-16
 * surrogates (not Unicode at all: `encodeURIComponent` throws on them, and they cannot be stored or sent as
 * UTF-8). Found at the boundary, they become a 400 naming the field instead.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface UnsafeText {
  /** Where it is: `['input', 'spaceKeys', 0]`; an object key is reported at the object holding it. */
  path: (string | number)[];
  message: string;
}

export function describeUnsafe(text: string): string | null {
  const match = UNSAFE.exec(text);
  if (match === null) return null;
  return match[0] === '\u0000'
    ? 'must not contain a NUL character (U+0000)'
    : 'must be valid Unicode text (it contains a lone UTF-16 surrogate)';
}

/**
 * The first string (value or object key) in a JSON-like value that holds unsafe text, or null. Iterative, so a
 * deeply nested value cannot overflow the stack; bodies are depth-limited before parsing anyway.
 */
export function findUnsafeText(value: unknown): UnsafeText | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value: current, path } = item;
    if (typeof current === 'string') {
      const message = describeUnsafe(current);
      if (message !== null) return { path, message };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) stack.push({ value: current[i], path: [...path, i] });
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i] as [string, unknown];
        const message = describeUnsafe(key);
        if (message !== null) return { path, message: `has a field name that ${message}` };
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return null;
}
