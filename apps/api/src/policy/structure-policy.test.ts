import { DEFAULT_CAPABILITIES, written } from '@hub/confluence';
import { SANDBOX_CLOUD_ID } from '@hub/confluence-emulator';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';

import { confluenceConnections } from '../db/schema/index.js';
import { insertConnection } from '../test-support/fixtures.js';
import { useTestDatabase } from '../test-support/database.js';
import {
  apiClient,
  connect,
  newWorkspace,
  rejection,
  useApiHarness,
  type TestWorkspace,
} from '../test-support/api-harness.js';

const t = useTestDatabase();
const harness = useApiHarness(t);
let ws: TestWorkspace;
let acme: string;
let sandbox: string;

beforeAll(async () => {
  ws = await newWorkspace(harness());
  acme = (await connect(harness(), ws.workspaceId)).id;
  sandbox = (await connect(harness(), ws.workspaceId, { cloudId: SANDBOX_CLOUD_ID, siteName: 'Sandbox' })).id;
});

const admin = () => apiClient(harness(), { apiKey: ws.adminKey });
const member = () => apiClient(harness(), { apiKey: ws.memberKey });
const stamp = () => `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;

/** A new page on the connection's site: ENG on Acme, SBX on the sandbox site. */
async function engPage(connectionId: string, parentId?: string) {
  return written(
    await member().confluence.createPage.mutate({
      spaceKey: connectionId === sandbox ? 'SBX' : 'ENG',
      title: `Policy probe ${stamp()}`,
      body: 'x',
      connectionId,
      ...(parentId === undefined ? {} : { parentId }),
    }),
  );
}

describe('the delete capability', () => {
  it('is off for a new connection and for rows stored before it existed: deleting is POLICY_DENIED', async () => {
    const view = (await admin().integrations.list.query()).find((c) => c.id === acme);
    expect(view?.policy.capabilities).toEqual([...DEFAULT_CAPABILITIES]);
    expect(view?.policy.capabilities).not.toContain('delete');
    // A row written with only the database default (as every connection made before `delete` was).
    const legacy = await insertConnection(t.db, { workspaceId: ws.workspaceId });
    const [row] = await t.db
      .select({ capabilities: confluenceConnections.capabilities })
      .from(confluenceConnections)
      .where(eq(confluenceConnections.id, legacy));
    expect(row?.capabilities).toEqual(['read', 'search', 'write', 'comment']);
    await t.db.delete(confluenceConnections).where(eq(confluenceConnections.id, legacy));

    const made = await engPage(acme);
    const denied = await member().tools.invoke.mutate({
      name: 'delete_confluence_page',
      input: { pageId: made.id, connectionId: acme },
    });
    expect(denied).toMatchObject({ ok: false, error: { kind: 'POLICY_DENIED' } });
    expect(await member().confluence.getPage.query({ pageId: made.id, connectionId: acme })).toMatchObject({
      status: 'current',
    });
    expect((await member().tools.list.query()).map((tool) => tool.name)).not.toContain(
      'delete_confluence_page',
    );
  });

  it('allowed after an admin turns it on (listed then), for that connection only; off again refuses again', async () => {
    await admin().integrations.setPolicy.mutate({
      connectionId: acme,
      capabilities: ['read', 'search', 'write', 'comment', 'delete'],
    });
    try {
      expect((await member().tools.list.query()).map((tool) => tool.name)).toContain(
        'delete_confluence_page',
      );
      const made = await engPage(acme);
      expect(
        await member().confluence.deletePage.mutate({ pageId: made.id, connectionId: acme }),
      ).toMatchObject({
        status: 'trashed',
      });
      const other = await engPage(sandbox);
      const elsewhere = await rejection(
        member().confluence.deletePage.mutate({ pageId: other.id, connectionId: sandbox }),
      );
      expect(elsewhere.data).toMatchObject({ kind: 'POLICY_DENIED' });
    } finally {
      await admin().integrations.setPolicy.mutate({
        connectionId: acme,
        capabilities: ['read', 'search', 'write', 'comment'],
      });
    }
    const again = await engPage(acme);
    const refused = await rejection(
      member().confluence.deletePage.mutate({ pageId: again.id, connectionId: acme }),
    );
    expect(refused.data).toMatchObject({ kind: 'POLICY_DENIED' });
  });

  it('members cannot turn it on', async () => {
    const refused = await rejection(
      member().integrations.setPolicy.mutate({
        connectionId: acme,
        capabilities: ['read', 'search', 'write', 'comment', 'delete'],
      }),
    );
    expect(refused.data?.httpStatus).toBe(403);
  });
});

describe('a read-only connection and the structure tools', () => {
  it('reads children, but cannot move, copy, archive or delete', async () => {
    const parent = await engPage(sandbox);
    const child = await engPage(sandbox, parent.id);
    await admin().integrations.setPolicy.mutate({
      connectionId: sandbox,
      capabilities: ['read', 'search', 'delete'],
    });
    try {
      const hub = member();
      const kids = await hub.confluence.getPageChildren.query({ pageId: parent.id, connectionId: sandbox });
      expect(kids.items.map((i) => i.id)).toEqual([child.id]);
      const writes = [
        { name: 'move_confluence_page', input: { pageId: child.id, spaceKey: 'HR' } },
        { name: 'copy_confluence_page', input: { pageId: child.id, spaceKey: 'HR' } },
        { name: 'archive_confluence_page', input: { pageId: child.id } },
      ];
      for (const { name, input } of writes) {
        const outcome = await hub.tools.invoke.mutate({ name, input: { ...input, connectionId: sandbox } });
        expect(outcome, name).toMatchObject({ ok: false, error: { kind: 'POLICY_DENIED' } });
      }
      await admin().integrations.setPolicy.mutate({
        connectionId: sandbox,
        capabilities: ['read', 'search'],
      });
      const deleted = await hub.tools.invoke.mutate({
        name: 'delete_confluence_page',
        input: { pageId: child.id, connectionId: sandbox },
      });
      expect(deleted).toMatchObject({ ok: false, error: { kind: 'POLICY_DENIED' } });
      expect(await hub.confluence.getPage.query({ pageId: child.id, connectionId: sandbox })).toMatchObject({
        parentId: parent.id,
        status: 'current',
      });
    } finally {
      await admin().integrations.setPolicy.mutate({
        connectionId: sandbox,
        capabilities: ['read', 'search', 'write', 'comment'],
      });
    }
  });
});

describe('a space allow-list and the structure tools', () => {
  it('pages outside answer NOT_FOUND to every structure tool, and nothing there changes', async () => {
    const hr = written(
      await member().confluence.createPage.mutate({
        spaceKey: 'HR',
        title: `Outside ${stamp()}`,
        body: 'x',
        connectionId: acme,
      }),
    );
    const inside = await engPage(acme);
    await admin().integrations.setPolicy.mutate({
      connectionId: acme,
      allowedSpaceKeys: ['ENG'],
      capabilities: ['read', 'search', 'write', 'comment', 'delete'],
    });
    try {
      const hub = member();
      const calls = [
        { name: 'get_confluence_page_children', input: { pageId: hr.id } },
        { name: 'move_confluence_page', input: { pageId: hr.id, targetPageId: inside.id } },
        { name: 'move_confluence_page', input: { pageId: inside.id, targetPageId: hr.id } },
        { name: 'move_confluence_page', input: { pageId: inside.id, spaceKey: 'HR' } },
        {
          name: 'copy_confluence_page',
          input: { pageId: hr.id, parentId: inside.id, title: `c ${stamp()}` },
        },
        {
          name: 'copy_confluence_page',
          input: { pageId: inside.id, parentId: hr.id, title: `d ${stamp()}` },
        },
        { name: 'archive_confluence_page', input: { pageId: hr.id } },
        { name: 'delete_confluence_page', input: { pageId: hr.id } },
      ];
      for (const { name, input } of calls) {
        const outcome = await hub.tools.invoke.mutate({ name, input: { ...input, connectionId: acme } });
        expect(outcome, `${name} ${JSON.stringify(input)}`).toMatchObject({
          ok: false,
          error: { kind: 'NOT_FOUND' },
        });
      }
      const kids = await hub.confluence.getPageChildren.query({ pageId: inside.id, connectionId: acme });
      expect(kids.items).toEqual([]);
    } finally {
      await admin().integrations.setPolicy.mutate({
        connectionId: acme,
        allowedSpaceKeys: null,
        capabilities: ['read', 'search', 'write', 'comment'],
      });
    }
    // Nothing moved, copied, archived or deleted on either side of the line.
    const after = await member().confluence.getPage.query({ pageId: hr.id, connectionId: acme });
    expect(after).toMatchObject({ status: 'current', parentId: hr.parentId, spaceKey: 'HR' });
    const stayed = await member().confluence.getPage.query({ pageId: inside.id, connectionId: acme });
    expect(stayed).toMatchObject({ status: 'current', parentId: inside.parentId, spaceKey: 'ENG' });
    for (const id of [hr.id, inside.id]) {
      const below = await member().confluence.getPageChildren.query({ pageId: id, connectionId: acme });
      expect(below.items, id).toEqual([]);
    }
  });
});
