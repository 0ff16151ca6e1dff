import type { ReactNode } from 'react';

import { describedBy, Field, inputClass, selectClass, textareaClass } from '../../ui/field';
import type { FieldSpec } from './json-schema';

const WIDE: FieldSpec['kind'][] = ['textarea', 'json', 'list'];

/** One property's control, chosen by its schema kind, with label, help text and error. */
export function SchemaField({
  id,
  field,
  value,
  error,
  onChange,
}: {
  id: string;
  field: FieldSpec;
  value: string | boolean | undefined;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const common = {
    id,
    name: field.name,
    'aria-invalid': error !== undefined,
    'aria-describedby': describedBy(id, field.description !== undefined, error !== undefined),
    'aria-required': field.required || undefined,
  };
  const text = typeof value === 'string' ? value : '';
  const wide = WIDE.includes(field.kind) || field.name === 'bodyFormat';

  if (field.kind === 'boolean') {
    return (
      <div className={wide ? 'sm:col-span-2' : undefined}>
        <div className="flex items-start gap-2.5 pt-1">
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
            className="mt-0.5 size-4 rounded accent-indigo-600"
          />
          <div>
            <label htmlFor={id} className="text-sm font-medium text-slate-800">
              {field.label}
            </label>
            {field.description !== undefined && (
              <p id={`${id}-help`} className="text-[13px] text-slate-500">
                {field.description}
              </p>
            )}
          </div>
        </div>
      </div>
    );
  }

  let control: ReactNode;
  if (field.kind === 'enum') {
    const fallback =
      field.defaultValue === undefined
        ? field.required
          ? 'Choose…'
          : '—'
        : `Default (${formatDefault(field.defaultValue)})`;
    control = (
      <select
        {...common}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        className={selectClass}
      >
        <option value="">{fallback}</option>
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'textarea' || field.kind === 'json') {
    control = (
      <textarea
        {...common}
        value={text}
        rows={field.name === 'body' ? 10 : 3}
        spellCheck={field.name === 'body'}
        onChange={(event) => onChange(event.target.value)}
        className={textareaClass}
      />
    );
  } else {
    const numeric = field.kind === 'integer' || field.kind === 'number';
    control = (
      <input
        {...common}
        type={numeric ? 'number' : 'text'}
        inputMode={field.kind === 'integer' || field.pattern === '^\\d+$' ? 'numeric' : undefined}
        min={
          field.minimum !== undefined && Math.abs(field.minimum) < Number.MAX_SAFE_INTEGER
            ? field.minimum
            : undefined
        }
        max={
          field.maximum !== undefined && Math.abs(field.maximum) < Number.MAX_SAFE_INTEGER
            ? field.maximum
            : undefined
        }
        step={field.kind === 'integer' ? 1 : undefined}
        placeholder={placeholderFor(field)}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        className={inputClass}
      />
    );
  }
  return (
    <Field
      id={id}
      label={field.label}
      required={field.required}
      help={field.description}
      error={error}
      className={wide ? 'sm:col-span-2' : undefined}
    >
      {control}
    </Field>
  );
}

function placeholderFor(field: FieldSpec): string | undefined {
  if (field.kind === 'list')
    return /key/i.test(field.name) ? 'Comma-separated, e.g. ENG, HR' : 'Comma-separated';
  if (field.defaultValue !== undefined) return `Default: ${formatDefault(field.defaultValue)}`;
  return undefined;
}

function formatDefault(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}
