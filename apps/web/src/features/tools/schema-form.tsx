import { useState, type ReactNode, type SyntheticEvent } from 'react';

import { buildInput, type FieldErrors, type FieldSpec, type FormValues } from './json-schema';
import { SchemaField } from './schema-field';

interface SchemaFormProps {
  /** Prefix of the controls' ids: unique per form on the page. */
  idPrefix: string;
  fields: FieldSpec[];
  values: FormValues;
  onChange: (name: string, value: string | boolean) => void;
  /** Called with the tool input once the values pass the schema's checks. */
  onSubmit: (input: Record<string, unknown>) => void;
  /** Errors the server reported for fields (zod field errors). */
  serverErrors?: FieldErrors | undefined;
  /** The submit button and anything beside it. */
  actions: ReactNode;
}

/** A form generated from a tool's JSON Schema: one labelled control per property, its description as help. */
export function SchemaForm({
  idPrefix,
  fields,
  values,
  onChange,
  onSubmit,
  serverErrors,
  actions,
}: SchemaFormProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pagingOpen, setPagingOpen] = useState(false);
  const paging = fields.filter((f) => PAGING.has(f.name));
  const renderField = (field: FieldSpec) => (
    <SchemaField
      key={field.name}
      id={`${idPrefix}-${field.name}`}
      field={field}
      value={values[field.name]}
      error={errors[field.name] ?? serverErrors?.[field.name]}
      onChange={(value) => {
        onChange(field.name, value);
        if (field.name in errors) setErrors(({ [field.name]: _, ...rest }) => rest);
      }}
    />
  );
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const result = buildInput(fields, values);
    if (!result.ok) {
      setErrors(result.errors);
      const first = fields.find((f) => f.name in result.errors);
      if (first !== undefined) document.getElementById(`${idPrefix}-${first.name}`)?.focus();
      return;
    }
    setErrors({});
    onSubmit(result.input);
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Tool input">
      {fields.length === 0 ? (
        <p className="text-sm text-slate-600">This tool takes no input.</p>
      ) : (
        <div className="grid grid-cols-1 gap-x-4 gap-y-4 sm:grid-cols-2">
          {fields.filter((f) => !PAGING.has(f.name)).map(renderField)}
          {paging.length > 0 && (
            <details
              className="group sm:col-span-2"
              open={pagingOpen || paging.some((f) => values[f.name] !== '' || f.name in errors)}
              onToggle={(event) => setPagingOpen(event.currentTarget.open)}
            >
              <summary className="cursor-pointer text-sm font-medium text-slate-700 select-none hover:text-slate-900">
                Paging{' '}
                <span className="font-normal text-slate-500">
                  ({paging.map((f) => f.label.toLowerCase()).join(', ')})
                </span>
              </summary>
              <div className="mt-3 grid grid-cols-1 gap-x-4 gap-y-4 sm:grid-cols-2">
                {paging.map(renderField)}
              </div>
            </details>
          )}
        </div>
      )}
      <div className="mt-5 flex flex-wrap items-center gap-3">{actions}</div>
    </form>
  );
}

/** Fields only needed to page through results: folded away until wanted (or filled in by "Next results"). */
const PAGING = new Set(['limit', 'cursor']);
