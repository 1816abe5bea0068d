import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserApiKeyCommand, RegisterUserCommand, WORKSPACE_SCOPES } from '../../src/contexts/identity-access';
import { accountDecider } from '../../src/contexts/tenancy/domain/account/account.decide';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { DeciderCommandHandler, eventMetadata, NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { streamName } from '../../src/shared/ddd';
import { createOtherTenant, type OtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

interface Role {
  id: string;
  name: string;
  description: string;
  scopes: string[];
  account_id: string | null;
  inherited_role_id: string | null;
  created: string | null;
  updated: string | null;
}

describe('custom workspace roles, workspace scopes and account permissions', () => {
  let t: TestServer;
  let accountId: string;
  let eve: OtherTenant;
  const roles = () => `${t.api}/accounts/${accountId}/workspace_roles`;
  const send = (method: string, body?: unknown, key?: string): RequestInit & { key?: string } => ({
    method,
    ...(key === undefined ? {} : { key }),
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const ws = (path: string) => `${t.workspaceApi}${path}`;

  /** A registered user with an API key, not yet member of anything. */
  async function user(handle: string): Promise<{ userId: string; key: string }> {
    const bus = t.server.app.get(CommandBus);
    const { userId } = await bus.execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle, email: `${handle}@example.com`, firstName: null, lastName: null }));
    const key = await bus.execute(new CreateUserApiKeyCommand(SYSTEM_PRINCIPAL, NO_REQUEST, userId, { name: handle, expiration: null }));
    await t.server.app.get(ProjectionRunner).wait(key.position!);
    return { userId, key: key.key };
  }

  async function createRole(body: Record<string, unknown>): Promise<Role> {
    const r = await t.fetch(roles() + '/', send('POST', body));
    assert.equal(r.status, 201, await r.clone().text());
    return (await r.json()) as Role;
  }

  /** A user granted `roleRef` in the installation's workspace through the Cloud user_access route. */
  async function member(handle: string, roleRef: string): Promise<string> {
    const u = await user(handle);
    const r = await t.fetch(ws('/user_access/'), send('POST', { user_id: u.userId, workspace_role_id: roleRef }));
    assert.equal(r.status, 201, await r.clone().text());
    return u.key;
  }

  before(async () => {
    t = await startTestServer();
    accountId = t.server.installation.ids.accountId;
    eve = await createOtherTenant(t, 'eve');
  });
  after(async () => {
    await t?.stop();
  });

  it('lists every workspace scope with a description', async () => {
    const r = await t.fetch('/workspace_scopes');
    assert.equal(r.status, 200);
    const scopes = (await r.json()) as { name: string; description: string }[];
    assert.deepEqual(scopes.map((s) => s.name), [...WORKSPACE_SCOPES]);
    assert.ok(scopes.every((s) => typeof s.description === 'string' && s.description.length > 0));
    assert.equal((await t.fetch('/workspace_scopes/', { key: null })).status, 401);
  });

  it('creates, reads, lists, updates and deletes a custom role, each change an event with its actor', async () => {
    const role = await createRole({ name: 'Librarian', description: 'keeps variables', scopes: ['manage_variables'] });
    assert.match(role.id, /^[0-9a-f-]{36}$/);
    assert.equal(role.account_id, accountId);
    assert.equal(role.inherited_role_id, null);
    assert.deepEqual(role.scopes, ['see_variables', 'write_variables', 'manage_variables']);
    assert.ok(role.created && role.updated);
    assert.deepEqual(await (await t.fetch(`${roles()}/${role.id}`)).json(), role);

    const listed = (await (await t.fetch(`${roles()}/filter`, send('POST', {}))).json()) as Role[];
    const builtIns = listed.filter((r) => r.account_id === null);
    assert.deepEqual(builtIns.map((r) => r.name).sort(), ['Developer', 'Owner', 'Runner', 'Viewer', 'Worker']);
    assert.ok(listed.some((r) => r.id === role.id));
    const developer = builtIns.find((r) => r.name === 'Developer')!;
    assert.deepEqual(await (await t.fetch(`${roles()}/${developer.id}`)).json(), developer, 'a built-in role is read by its fixed id');
    assert.deepEqual(await (await t.fetch(`${roles()}/developer`)).json(), developer, 'or by its name');
    const again = (await (await t.fetch(`${roles()}/filter`, send('POST', {}))).json()) as Role[];
    assert.equal(again.find((r) => r.name === 'Developer')!.id, developer.id, 'built-in ids are stable');

    assert.equal((await t.fetch(`${roles()}/${role.id}`, send('PATCH', { description: 'keeps and reads variables', scopes: ['manage_variables', 'see_flows'] }))).status, 204);
    const updated = (await (await t.fetch(`${roles()}/${role.id}`)).json()) as Role;
    assert.equal(updated.description, 'keeps and reads variables');
    assert.deepEqual(updated.scopes.sort(), ['manage_variables', 'see_flows', 'see_variables', 'write_variables']);
    assert.equal(updated.created, role.created);

    assert.equal((await t.fetch(`${roles()}/${role.id}`, send('DELETE'))).status, 204);
    assert.equal((await t.fetch(`${roles()}/${role.id}`)).status, 404);
    assert.equal((await t.fetch(`${roles()}/${role.id}`, send('DELETE'))).status, 404);

    const events = await t.server.runtime.stores.events.readStream(streamName('workspaceRoles', accountId));
    const mine = events.filter((e) => (e.data as { roleId: string }).roleId === role.id);
    assert.deepEqual(mine.map((e) => e.type), ['WorkspaceRoleCreated', 'WorkspaceRoleUpdated', 'WorkspaceRoleDeleted']);
    for (const e of mine) assert.equal((e.metadata as { actor: { id: string } }).actor.id, t.server.installation.ids.userId);
  });

  it('refuses unknown scopes (422), a taken name (409), an unknown inherited role (422) and changes to built-in roles', async () => {
    const bad = await t.fetch(roles() + '/', send('POST', { name: 'Bad', description: '', scopes: ['see_flows', 'launch_rockets'] }));
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /launch_rockets/);
    await createRole({ name: 'Unique', description: '', scopes: ['see_flows'] });
    assert.equal((await t.fetch(roles() + '/', send('POST', { name: 'unique', description: '', scopes: [] }))).status, 409);
    assert.equal((await t.fetch(roles() + '/', send('POST', { name: 'Viewer', description: '', scopes: [] }))).status, 409);
    assert.equal((await t.fetch(roles() + '/', send('POST', { name: 'Orphan', description: '', scopes: [], inherited_role_id: '00000000-0000-4000-8000-000000000000' }))).status, 422);
    assert.equal((await t.fetch(`${roles()}/owner`, send('PATCH', { scopes: [] }))).status, 403);
    assert.equal((await t.fetch(`${roles()}/owner`, send('DELETE'))).status, 403);
  });

  it('a member with a custom role gets exactly its scopes on real workspace routes; an edit takes effect on the next request', async () => {
    const role = await createRole({ name: 'Variables only', description: '', scopes: ['write_variables'] });
    const key = await member('vera', role.id);
    assert.equal((await t.fetch(ws('/variables/filter'), send('POST', {}, key))).status, 200);
    assert.equal((await t.fetch(ws('/variables/'), send('POST', { name: 'vera_var', value: 1 }, key))).status, 201);
    const denied = await t.fetch(ws('/flows/filter'), send('POST', {}, key));
    assert.equal(denied.status, 403);
    const body = (await denied.json()) as { code: string; detail: string };
    assert.equal(body.code, 'FORBIDDEN');
    assert.match(body.detail, /see_flows/);
    const variables = (await (await t.fetch(ws('/variables/filter'), send('POST', {}, key))).json()) as { id: string }[];
    assert.equal((await t.fetch(ws(`/variables/${variables[0]!.id}`), send('DELETE', undefined, key))).status, 403, 'write does not bring manage');

    assert.equal((await t.fetch(`${roles()}/${role.id}`, send('PATCH', { scopes: ['write_variables', 'see_flows'] }))).status, 204);
    assert.equal((await t.fetch(ws('/flows/filter'), send('POST', {}, key))).status, 200, 'the edit holds on the next request');
    assert.equal((await t.fetch(`${roles()}/${role.id}`, send('PATCH', { scopes: ['see_flows'] }))).status, 204);
    assert.equal((await t.fetch(ws('/variables/filter'), send('POST', {}, key))).status, 403, 'and so does taking a scope away');

    const access = await t.fetch(ws(`/user_access/${(await (await t.fetch('/me/', { key })).json() as { id: string }).id}`));
    assert.equal(access.status, 200);
    assert.equal(((await access.json()) as { workspace_role_id: string }).workspace_role_id, role.id);
  });

  it('a role inheriting a built-in role gets the built-in scopes plus its own', async () => {
    const viewer = (await (await t.fetch(`${roles()}/viewer`)).json()) as Role;
    const role = await createRole({ name: 'Viewer plus variables', description: '', scopes: ['manage_variables'], inherited_role_id: viewer.id });
    assert.equal(role.inherited_role_id, viewer.id);
    const key = await member('ivy', role.id);
    assert.equal((await t.fetch(ws('/flows/filter'), send('POST', {}, key))).status, 200);
    assert.equal((await t.fetch(ws('/variables/'), send('POST', { name: 'ivy_var', value: 1 }, key))).status, 201);
    assert.equal((await t.fetch(ws('/flows/'), send('POST', { name: 'nope' }, key))).status, 403);
  });

  it('refuses to delete a role in use (409) until nobody holds it', async () => {
    const role = await createRole({ name: 'Short-lived', description: '', scopes: ['see_flows'] });
    const u = await user('sam');
    assert.equal((await t.fetch(ws('/user_access/'), send('POST', { user_id: u.userId, workspace_role_id: role.id }))).status, 201);
    assert.equal((await t.fetch(`${roles()}/${role.id}`, send('DELETE'))).status, 409);
    assert.equal((await t.fetch(ws(`/user_access/${u.userId}`), send('DELETE'))).status, 204);
    assert.equal((await t.fetch(ws(`/user_access/${u.userId}`))).status, 404);
    assert.equal((await t.fetch(ws(`/user_access/${u.userId}`), send('DELETE'))).status, 404, 'revoking again: nothing to revoke');
    assert.equal((await t.fetch(ws('/flows/filter'), send('POST', {}, u.key))).status, 404, 'a revoked member is a stranger again');
    const { userId: ownerId, workspaceId } = t.server.installation.ids;
    const access = (await t.server.runtime.stores.events.readStream(streamName('workspace', workspaceId))).filter((e) => (e.data as { actorId: string }).actorId === u.userId);
    assert.deepEqual(access.map((e) => [e.type, (e.data as { role?: string }).role]), [['WorkspaceAccessGranted', role.id], ['WorkspaceAccessRevoked', undefined]]);
    for (const e of access) assert.equal((e.metadata as { actor: { id: string } }).actor.id, ownerId);
    assert.equal((await t.fetch(`${roles()}/${role.id}`, send('DELETE'))).status, 204);
  });

  it('another account cannot use, read or edit this account’s roles, nor this account theirs', async () => {
    const r = await t.fetch(`${t.api}/accounts/${eve.accountId}/workspace_roles/`, send('POST', { name: 'Eve role', description: '', scopes: ['see_flows'] }, eve.key));
    assert.equal(r.status, 201);
    const eveRole = (await r.json()) as Role;
    const u = await user('otto');
    const granted = await t.fetch(ws('/user_access/'), send('POST', { user_id: u.userId, workspace_role_id: eveRole.id }));
    assert.equal(granted.status, 422);
    assert.equal((await t.fetch(`${roles()}/${eveRole.id}`)).status, 404);
    assert.equal((await t.fetch(`${roles()}/${eveRole.id}`, send('PATCH', { name: 'mine now' }))).status, 404);
    assert.equal((await t.fetch(`${roles()}/filter`, send('POST', {}, eve.key))).status, 404);
    assert.equal((await t.fetch(roles() + '/', send('POST', { name: 'x', description: '', scopes: [] }, eve.key))).status, 404);
  });

  it('account permissions: a Member reads the roles but gets 403 on a write; an admin writes', async () => {
    const handler = t.server.app.get(DeciderCommandHandler);
    const join = async (handle: string, role: 'member' | 'admin') => {
      const u = await user(handle);
      const d = await handler.handle({
        decider: accountDecider,
        stream: streamName('account', accountId),
        command: { type: 'AddAccountMember', data: { userId: u.userId, role, now: new Date().toISOString() } },
        metadata: eventMetadata(SYSTEM_PRINCIPAL, { kind: 'account', accountId }, NO_REQUEST, new Date()),
      });
      await t.server.app.get(ProjectionRunner).wait(d.position!);
      return u.key;
    };
    const memberKey = await join('mia', 'member');
    assert.equal((await t.fetch(`${roles()}/filter`, send('POST', {}, memberKey))).status, 200);
    const denied = await t.fetch(roles() + '/', send('POST', { name: 'By a member', description: '', scopes: [] }, memberKey));
    assert.equal(denied.status, 403);
    assert.match(((await denied.json()) as { detail: string }).detail, /create:workspace_role/);
    const adminKey = await join('ada', 'admin');
    assert.equal((await t.fetch(roles() + '/', send('POST', { name: 'By an admin', description: '', scopes: [] }, adminKey))).status, 201);
  });
});
