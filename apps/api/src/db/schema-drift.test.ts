import { getAuthTables } from '@better-auth/core/db';
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { describe, expect, it } from 'vitest';

import { createAuth } from '../auth/auth.js';
import * as schema from './schema/index.js';

describe('auth schema', () => {
  it('has every table and field better-auth and its plugins expect (regenerate after upgrades)', () => {
    // Only the options are read here: a database without a connection will do.
    const db = drizzle.mock({ schema });
    const auth = createAuth({ db, secret: 'x'.repeat(32), baseURL: 'http://localhost:3000' });
    const tables = schema as unknown as Record<string, Table | undefined>;
    const missing: string[] = [];
    const checked = new Set<string>();
    for (const [model, definition] of Object.entries(getAuthTables(auth.options))) {
      const table = tables[definition.modelName] ?? tables[model];
      if (table === undefined) {
        missing.push(`table ${definition.modelName}`);
        continue;
      }
      const columns = getTableColumns(table);
      for (const [field, attribute] of Object.entries(definition.fields)) {
        const name = attribute.fieldName ?? field;
        checked.add(`${definition.modelName}.${name}`);
        if (!(name in columns)) missing.push(`${getTableName(table)}.${name}`);
      }
    }
    expect(missing).toEqual([]);
    // Guards the guard: the organization and api-key plugins' tables were really among those checked.
    expect(checked).toContain('member.organizationId');
    expect(checked).toContain('apikey.referenceId');
    expect(checked).toContain('rateLimit.lastRequest');
  });
});
