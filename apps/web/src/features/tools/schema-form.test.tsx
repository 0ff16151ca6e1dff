import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { fieldsFromSchema, initialValues, type FieldErrors, type FormValues } from './json-schema';
import { SchemaForm } from './schema-form';

/** Shaped like the tools' manifests (zod → JSON Schema draft-07), trimmed to what the form must handle. */
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    pageId: { type: 'string', pattern: '^\\d+$', description: 'Numeric id of the page.' },
    version: {
      type: 'integer',
      minimum: 1,
      maximum: 9007199254740991,
      description: "The page's current version number.",
    },
    body: { description: 'New content, replacing the whole body.', type: 'string', maxLength: 5000000 },
    bodyFormat: {
      default: 'markdown',
      description: 'Format of `body`.',
      type: 'string',
      enum: ['markdown', 'storage'],
    },
    limit: {
      default: 25,
      description: 'Maximum results (1-250).',
      type: 'integer',
      minimum: 1,
      maximum: 250,
    },
    spaceKeys: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'Only in these spaces.',
    },
    rootLevel: { default: false, type: 'boolean', description: 'Create the page at the top level.' },
    parentId: { type: ['string', 'null'], description: 'Parent page.' },
  },
  required: ['pageId', 'version'],
};

function Harness({
  onSubmit,
  serverErrors,
}: {
  onSubmit: (input: Record<string, unknown>) => void;
  serverErrors?: FieldErrors;
}) {
  const fields = fieldsFromSchema(schema);
  const [values, setValues] = useState<FormValues>(initialValues(fields));
  return (
    <SchemaForm
      idPrefix="t"
      fields={fields}
      values={values}
      onChange={(name, value) => setValues((v) => ({ ...v, [name]: value }))}
      onSubmit={onSubmit}
      serverErrors={serverErrors}
      actions={<button type="submit">Run</button>}
    />
  );
}

describe('SchemaForm', () => {
  it('renders one labelled control per property, with the right kind of control and help text', () => {
    render(<Harness onSubmit={vi.fn()} />);
    const pageId = screen.getByRole('textbox', { name: /Page ID/ });
    expect(pageId).toHaveAttribute('aria-required', 'true');
    expect(pageId).toHaveAccessibleDescription('Numeric id of the page.');
    expect(pageId).toHaveAccessibleName(/^Page ID\s*\*\s*\(required\)$/);
    expect(screen.getByRole('textbox', { name: 'Body' })).not.toHaveAccessibleName(/required/);

    const version = screen.getByRole('spinbutton', { name: /Version/ });
    expect(version).toHaveAttribute('type', 'number');
    expect(version).toHaveAttribute('min', '1');
    // The schema's "max safe integer" is not a useful bound to show a person.
    expect(version).not.toHaveAttribute('max');

    const body = screen.getByRole('textbox', { name: 'Body' });
    expect(body.tagName).toBe('TEXTAREA');
    expect(body).toHaveAccessibleDescription('New content, replacing the whole body.');

    const format = screen.getByRole('combobox', { name: 'Body format' });
    expect([...(format as HTMLSelectElement).options].map((o) => o.textContent)).toEqual([
      'Default (markdown)',
      'markdown',
      'storage',
    ]);
    expect(screen.getByRole('checkbox', { name: 'Root level' })).not.toBeChecked();
    expect(screen.getByRole('textbox', { name: 'Space keys' })).toHaveAttribute(
      'placeholder',
      expect.stringContaining('Comma'),
    );
    expect(screen.getByRole('textbox', { name: 'Parent ID' })).toBeInTheDocument();
  });

  it('refuses to submit without the required fields and says which, focusing the first', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} />);
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(onSubmit).not.toHaveBeenCalled();
    const pageId = screen.getByRole('textbox', { name: /Page ID/ });
    expect(pageId).toHaveAttribute('aria-invalid', 'true');
    expect(pageId).toHaveAccessibleDescription('Required. Numeric id of the page.');
    expect(pageId).toHaveFocus();
    expect(screen.getByRole('spinbutton', { name: /Version/ })).toHaveAccessibleDescription(/^Required\./);

    // Typing clears the field's error.
    await user.type(pageId, '12');
    expect(pageId).toHaveAttribute('aria-invalid', 'false');
  });

  it('checks patterns and number bounds before calling the tool', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} />);
    await user.type(screen.getByRole('textbox', { name: /Page ID/ }), 'abc');
    await user.type(screen.getByRole('spinbutton', { name: /Version/ }), '3');
    await user.click(screen.getByText('Paging'));
    await user.type(screen.getByRole('spinbutton', { name: 'Limit' }), '900');
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Enter a numeric ID, digits only (e.g. 2490369).')).toBeInTheDocument();
    expect(screen.getByText('Enter a number from 1 to 250.')).toBeInTheDocument();
  });

  it('builds the tool input: typed numbers, lists, chosen enums and changed check boxes; empty optionals left out', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} />);
    await user.type(screen.getByRole('textbox', { name: /Page ID/ }), ' 2490369 ');
    await user.type(screen.getByRole('spinbutton', { name: /Version/ }), '4');
    await user.type(screen.getByRole('textbox', { name: 'Body' }), '# Title{enter}{enter}Text  ');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Body format' }), 'storage');
    await user.type(screen.getByRole('textbox', { name: 'Space keys' }), 'ENG, HR,,');
    await user.click(screen.getByRole('checkbox', { name: 'Root level' }));
    await user.click(screen.getByRole('button', { name: 'Run' }));
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith({
      pageId: '2490369',
      version: 4,
      body: '# Title\n\nText  ',
      bodyFormat: 'storage',
      spaceKeys: ['ENG', 'HR'],
      rootLevel: true,
    });
  });

  it('shows field errors the server reported', () => {
    render(<Harness onSubmit={vi.fn()} serverErrors={{ body: 'Too long for Confluence.' }} />);
    expect(screen.getByRole('textbox', { name: 'Body' })).toHaveAccessibleDescription(
      /^Too long for Confluence\./,
    );
  });
});
