import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUILT_IN_ROLE_IDS } from '../../src/contexts/identity-access';
import { streamName, type EventMetadata, type RecordedEvent } from '../../src/shared/ddd';
import { apiClient, json } from '../support/http';
import { addAccountMember } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

interface Workspace {
  id: string;
  account_id: string;
  name: string;
  handle: string;
  description: string | null;
  default_workspace_role_id: string | null;
  is_public: boolean;
  created: string;
  updated: string;
}
interface MyWorkspace {
  workspace_id: string;
}

describe('workspaces: create, filter, get, update, delete, and the default workspace role', () => {
  let t: TestServer;
  let accountId: string;
  let account: string;
  let ownerId: string;

  const { send } = apiClient(() => t);
  const streamEvents = (stream: string): Promise<RecordedEvent[]> => t.server.runtime.stores.events.readStream(stream) as Promise<RecordedEvent[]>;
  const lastOf = async (stream: string, type: string) => (await streamEvents(stream)).filter((e) => e.type === type).at(-1);
  const actorOf = (e: RecordedEvent | undefined) => (e?.metadata as EventMetadata | undefined)?.actor.id;
  const wsApi = (id: string) => `${account}/workspaces/${id}`;
  const create = (body: Record<string, unknown>, key?: string) => send('POST', `${account}/workspaces/`, body, key);
  const myWorkspaces = async (key: string) => (await json<MyWorkspace[]>(send('GET', `${t.api}/me/workspaces`, undefined, key), 200)).map((w) => w.workspace_id);
  const filter = async (key?: string) => (await json<Workspace[]>(send('POST', `${account}/workspaces/filter`, {}, key), 200)).map((w) => w.id);

  before(async () => {
    t = await startTestServer();
    accountId = t.server.installation.ids.accountId;
    ownerId = t.server.installation.ids.userId;
    account = `${t.api}/accounts/${accountId}`;
  });
  after(async () => {
    await t?.stop();
  });

  it('creates a workspace (201, Cloud shape); its creator becomes its Owner; get, filter and patch it; each change is an event with its actor', async () => {
    const ws = await json<Workspace>(create({ name: 'Staging', handle: 'staging', description: 'pre-prod' }), 201);
    assert.deepEqual(Object.keys(ws).sort(), ['account_id', 'created', 'default_workspace_role_id', 'description', 'handle', 'id', 'is_public', 'name', 'updated']);
    assert.equal(ws.account_id, accountId);
    assert.equal(ws.handle, 'staging');
    assert.equal(ws.default_workspace_role_id, null);
    assert.equal(ws.is_public, false);
    const events = await streamEvents(streamName('workspace', ws.id));
    assert.deepEqual(events.map((e) => e.type), ['WorkspaceCreated', 'WorkspaceAccessGranted']);
    assert.deepEqual((events[1]!.data as { actorId: string; role: string }).actorId, ownerId);
    assert.equal((events[1]!.data as { role: string }).role, 'owner');
    assert.equal(actorOf(events[0]), ownerId);

    assert.deepEqual(await json<Workspace>(send('GET', wsApi(ws.id)), 200), ws);
    assert.ok((await filter()).includes(ws.id));
    assert.ok((await filter()).includes(t.server.installation.ids.workspaceId));

    const patched = await json<Workspace>(send('PATCH', wsApi(ws.id), { name: 'Stage', description: null, is_public: true, default_workspace_role_id: 'runner' }), 200);
    assert.equal(patched.name, 'Stage');
    assert.equal(patched.description, null);
    assert.equal(patched.is_public, true);
    assert.equal(patched.default_workspace_role_id, BUILT_IN_ROLE_IDS.runner);
    const updated = await lastOf(streamName('workspace', ws.id), 'WorkspaceUpdated');
    assert.deepEqual((updated?.data as { changes: unknown }).changes, { name: 'Stage', description: null, isPublic: true, defaultWorkspaceRole: 'runner' });
    assert.equal(actorOf(updated), ownerId);
    // The same patch again changes nothing and records nothing.
    await json<Workspace>(send('PATCH', wsApi(ws.id), { name: 'Stage' }), 200);
    assert.equal((await streamEvents(streamName('workspace', ws.id))).filter((e) => e.type === 'WorkspaceUpdated').length, 1);

    assert.equal((await send('POST', `${account}/workspaces/`, { name: 'x' })).status, 422, 'a handle is required');
    assert.equal((await send('PATCH', wsApi(ws.id), { default_workspace_role_id: 'no-such-role' })).status, 422);
    assert.equal((await send('GET', wsApi('00000000-0000-4000-8000-000000000000'))).status, 404);
    assert.equal((await send('GET', wsApi('not-a-uuid'))).status, 404);
  });

  it('handles are unique in the account (409); a renamed handle is released and can be taken again', async () => {
    const a = await json<Workspace>(create({ name: 'A', handle: 'alpha' }), 201);
    const b = await json<Workspace>(create({ name: 'B', handle: 'beta' }), 201);
    assert.equal((await create({ name: 'A again', handle: 'alpha' })).status, 409);
    assert.equal((await create({ name: 'Default again', handle: 'default' })).status, 409, 'the bootstrap workspace holds its handle too');
    assert.equal((await send('PATCH', wsApi(b.id), { handle: 'alpha' })).status, 409);
    assert.equal((await json<Workspace>(send('PATCH', wsApi(a.id), { handle: 'alpha-2' }), 200)).handle, 'alpha-2');
    const again = await json<Workspace>(create({ name: 'A new', handle: 'alpha' }), 201);
    assert.notEqual(again.id, a.id);
    const registry = await streamEvents(streamName('workspaceHandles', accountId));
    assert.ok(registry.some((e) => e.type === 'WorkspaceHandleReleased' && (e.data as { handle: string }).handle === 'alpha'));
  });

  it('default role: a Member without access reads with the default Viewer role, gets 403 writing; explicit access wins; unset → 404', async () => {
    const { userId: moId, key: mo } = await addAccountMember(t, 'mo', 'member');
    const ws = await json<Workspace>(create({ name: 'Shared', handle: 'shared' }), 201);
    const flows = `${wsApi(ws.id)}/flows`;
    assert.equal((await send('POST', `${flows}/filter`, {}, mo)).status, 404, 'no access and no default role');
    assert.ok(!(await myWorkspaces(mo)).includes(ws.id));
    assert.ok(!(await filter(mo)).includes(ws.id));
    assert.equal((await send('GET', wsApi(ws.id), undefined, mo)).status, 404);

    await json<Workspace>(send('PATCH', wsApi(ws.id), { default_workspace_role_id: BUILT_IN_ROLE_IDS.viewer }), 200);
    assert.equal((await send('POST', `${flows}/filter`, {}, mo)).status, 200, 'the default Viewer role reads flows');
    assert.equal((await send('POST', `${flows}/`, { name: 'etl' }, mo)).status, 403, 'Viewer cannot write');
    assert.ok((await myWorkspaces(mo)).includes(ws.id), 'reachable through the default role');
    assert.ok((await filter(mo)).includes(ws.id));
    assert.equal((await json<Workspace>(send('GET', wsApi(ws.id), undefined, mo), 200)).default_workspace_role_id, BUILT_IN_ROLE_IDS.viewer);
    assert.equal((await send('PATCH', wsApi(ws.id), { name: 'Mine' }, mo)).status, 403, 'a Viewer cannot edit the workspace');
    assert.equal((await send('DELETE', wsApi(ws.id), undefined, mo)).status, 403);
    assert.equal((await create({ name: 'Mo', handle: 'mo' }, mo)).status, 403, 'a Member cannot create workspaces');

    // Explicit access wins over the default role.
    await json(send('POST', `${wsApi(ws.id)}/user_access/`, { user_id: moId, workspace_role_id: BUILT_IN_ROLE_IDS.developer }), 201);
    assert.ok([200, 201].includes((await send('POST', `${flows}/`, { name: 'etl' }, mo)).status), 'Developer writes');
    await json(send('POST', `${wsApi(ws.id)}/user_access/`, { user_id: moId, workspace_role_id: BUILT_IN_ROLE_IDS.owner }), 201);
    assert.equal((await json<Workspace>(send('PATCH', wsApi(ws.id), { description: 'by its owner' }, mo), 200)).description, 'by its owner', "the workspace's Owner may edit it");
    assert.equal(actorOf(await lastOf(streamName('workspace', ws.id), 'WorkspaceUpdated')), moId);

    // Default unset: a Member without explicit access no longer reaches it; explicit access still does.
    const { key: mia } = await addAccountMember(t, 'mia', 'member');
    await json<Workspace>(send('PATCH', wsApi(ws.id), { default_workspace_role_id: null }), 200);
    assert.equal((await send('POST', `${flows}/filter`, {}, mia)).status, 404);
    assert.ok(!(await myWorkspaces(mia)).includes(ws.id));
    assert.equal((await send('POST', `${flows}/filter`, {}, mo)).status, 200);
  });

  it('deletes a workspace: 404 on its routes afterwards, gone from /me/workspaces, read models purged; its events remain', async () => {
    const { key: ann } = await addAccountMember(t, 'ann', 'member');
    const ws = await json<Workspace>(create({ name: 'Doomed', handle: 'doomed', default_workspace_role_id: 'viewer' }), 201);
    const api = wsApi(ws.id);
    assert.ok([200, 201].includes((await send('POST', `${api}/flows/`, { name: 'etl' })).status));
    assert.ok([200, 201].includes((await send('POST', `${api}/variables/`, { name: 'region', value: 'eu' })).status));
    assert.ok((await myWorkspaces(ann)).includes(ws.id));
    const store = t.server.runtime.stores.readStore;
    assert.ok((await store.count('flows', { _workspace: ws.id })) > 0);

    assert.equal((await send('DELETE', api, undefined, ann)).status, 403, 'a Member cannot delete');
    assert.equal((await send('DELETE', api)).status, 204);
    assert.equal((await send('GET', api)).status, 404);
    assert.equal((await send('POST', `${api}/flows/filter`, {})).status, 404, 'even the account Owner gets 404 on its routes');
    assert.equal((await send('POST', `${api}/flows/filter`, {}, ann)).status, 404);
    assert.ok(!(await myWorkspaces(ann)).includes(ws.id));
    assert.ok(!(await filter()).includes(ws.id));
    assert.equal((await send('DELETE', api)).status, 404, 'deleting again: it is gone');

    for (const collection of ['flows', 'variables', 'workspace_access', 'workspaces']) {
      assert.equal(await store.count(collection, { _workspace: ws.id }), 0, `${collection} purged`);
    }
    const events = await streamEvents(streamName('workspace', ws.id));
    assert.equal(events[0]?.type, 'WorkspaceCreated', 'events remain');
    const deleted = events.at(-1);
    assert.equal(deleted?.type, 'WorkspaceDeleted');
    assert.equal(actorOf(deleted), ownerId);
    // Its handle is free again.
    assert.equal((await create({ name: 'Reborn', handle: 'doomed' })).status, 201);
  });
});
