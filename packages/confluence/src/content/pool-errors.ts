import * as errors from '../errors.js';
import { ConfluenceError } from '../errors.js';

/**
 * An error as it crosses the thread boundary. Structured cloning keeps only an Error's name, message and stack, and
 * makes every class a plain Error; the tools map errors by class and by fields (`kind`, `editIndex`, …), so the
 * worker sends this instead and the caller's side builds the same class again.
 */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  /** The error's own enumerable fields (`kind`, `retryable`, `editIndex`, …). */
  fields: Record<string, unknown>;
  cause: SerializedError | undefined;
}

type Subclass = new (message: string, init: object) => ConfluenceError;

// Every ConfluenceError subclass the package exports, by the name its constructor gives its instances (the class
// name), so a new error class travels without being listed here.
const CONFLUENCE_CLASSES = new Map<string, Subclass>(
  (Object.values(errors) as unknown[])
    .filter(
      (value): value is Subclass =>
        typeof value === 'function' && (value as Subclass).prototype instanceof ConfluenceError,
    )
    .map((Class) => [Class.name, Class]),
);

const STANDARD: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: String(error), stack: undefined, fields: {}, cause: undefined };
  }
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    fields: plainFields(error),
    cause: error.cause === undefined ? undefined : serializeError(error.cause),
  };
}

/** The own fields as plain data: what cannot cross as JSON (a function, a cycle) is not part of an error's meaning. */
function plainFields(error: Error): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The error the worker threw, rebuilt through its own constructor (so brand, redaction and `instanceof` hold). */
export function reviveError(serialized: SerializedError): Error {
  const { name, message, fields } = serialized;
  const cause = serialized.cause === undefined ? undefined : reviveError(serialized.cause);
  const init = cause === undefined ? { ...fields } : { ...fields, cause };
  const Class = CONFLUENCE_CLASSES.get(name);
  let error: Error;
  if (Class !== undefined) {
    error = new Class(message, init);
  } else if (name === 'ConfluenceError' && typeof fields.kind === 'string') {
    error = new ConfluenceError(fields.kind as ConfluenceError['kind'], message, init);
  } else {
    error = new (STANDARD[name] ?? Error)(message, cause === undefined ? undefined : { cause });
    Object.assign(error, fields);
    // An unknown class (say, a library's own error) keeps its name, as its text shows it.
    if (error.name !== name) error.name = name;
  }
  if (serialized.stack !== undefined) error.stack = serialized.stack;
  return error;
}
