import { expect, test } from 'vitest';
import { toolManifests } from './registry.js';

const manifests = new Map(toolManifests().map((m) => [m.name, m]));

test('exports the tools by their contract names: the first seven first, each name once', () => {
  const names = [...manifests.keys()];
  // Other tools join the registry over time; the seven original contract names keep their place.
  expect(names.slice(0, 7)).toEqual([
    'get_confluence_spaces',
    'get_confluence_space_pages',
    'get_confluence_page',
    'search_confluence_pages',
    'create_confluence_page',
    'update_confluence_page',
    'add_confluence_comment',
  ]);
  expect(names).toEqual(expect.arrayContaining(['add_confluence_labels', 'remove_confluence_label']));
  expect(new Set(names).size).toBe(names.length);
  for (const name of names) expect(name).toMatch(/^[a-z]+(_[a-z]+)*$/);
  expect(names.every((n) => n.includes('confluence'))).toBe(true);
});

test('only the write tools are marked as writes: reads and searches are read-only, the rest change content', () => {
  const writes = [...manifests.values()].filter((m) => !m.readOnly).map((m) => m.name);
  expect(writes).toEqual(
    expect.arrayContaining([
      'create_confluence_page',
      'update_confluence_page',
      'add_confluence_comment',
      'add_confluence_labels',
      'remove_confluence_label',
    ]),
  );
  for (const m of manifests.values()) {
    expect(m.readOnly, m.name).toBe(m.capability === 'read' || m.capability === 'search');
  }
});

test('input schemas are JSON Schema objects an LLM can fill: required fields and described properties', () => {
  const update = manifests.get('update_confluence_page')?.inputSchema as {
    type: string;
    required: string[];
    properties: Record<string, { description?: string; default?: unknown }>;
  };
  expect(update.type).toBe('object');
  expect(update.required).toEqual(expect.arrayContaining(['pageId', 'version']));
  // Defaulted fields are optional for the caller.
  expect(update.required).not.toContain('bodyFormat');
  expect(update.properties.bodyFormat?.default).toBe('markdown');
  expect(update.properties.version?.description).toContain('get_confluence_page');
  for (const m of manifests.values()) {
    expect(m.description.length).toBeGreaterThan(80);
    expect(m.inputSchema).toMatchObject({ type: 'object' });
    expect(m.outputSchema).toMatchObject({ type: 'object' });
  }
});

test('every tool has a capability and MCP annotations that follow from what it does', () => {
  const of = (name: string) => manifests.get(name as never);
  expect(of('search_confluence_pages')?.capability).toBe('search');
  expect(of('add_confluence_comment')?.capability).toBe('comment');
  expect(of('update_confluence_page')?.annotations).toEqual({
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  });
  expect(of('create_confluence_page')?.annotations).toMatchObject({
    destructiveHint: false,
    idempotentHint: false,
  });
  for (const m of manifests.values()) {
    expect(m.annotations.readOnlyHint).toBe(m.readOnly);
    if (m.readOnly) expect(m.annotations).toMatchObject({ destructiveHint: false, idempotentHint: true });
    expect(['read', 'search'].includes(m.capability)).toBe(m.readOnly);
  }
});

test('an unknown input field is refused by name, never silently dropped', async () => {
  const { runTool } = await import('./call-tool.js');
  const ctx = { client: {} as never };
  await expect(
    runTool(ctx, 'update_confluence_page', { pageId: '1', versoin: 2, body: 'x' }),
  ).rejects.toMatchObject({ kind: 'BAD_REQUEST', message: /"versoin"/ });
  await expect(
    runTool(ctx, 'create_confluence_page', { spaceKey: 'ENG', title: 't', body: '', dryRun: true }),
  ).rejects.toMatchObject({ message: /Unknown field "dryRun"/ });
  for (const m of manifests.values()) expect(m.inputSchema).toMatchObject({ additionalProperties: false });
});
