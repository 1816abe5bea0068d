import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT_MEMBERSHIPS, membershipId, type AccountRole } from '../../src/contexts/tenancy';
import { streamName, type EventMetadata, type RecordedEvent } from '../../src/shared/ddd';
import { apiClient, json } from '../support/http';
import { addAccountMember, createOtherTenant, type OtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitFor } from '../support/ws-client';

interface Member {
  id: string;
  actor_id: string;
  user_id: string;
  first_name: string | null;
  last_name: string | null;
  handle: string;
  email: string;
  account_role_name: string;
  account_role_id: string;
  last_login: string | null;
}
interface AccountRoleView {
  id: string;
  name: string;
  permissions: string[];
  account_id: string | null;
  is_system_role: boolean;
}

const SECONDS = 1000;

describe('account memberships and account routes', () => {
  let t: TestServer;
  let eve: OtherTenant;
  let accountId: string;
  let account: string;
  let ownerId: string;

  const { send } = apiClient(() => t);
  const members = (key?: string) => json<Member[]>(send('POST', `${account}/account_memberships/filter`, {}, key), 200);
  const streamEvents = (stream: string): Promise<RecordedEvent[]> => t.server.runtime.stores.events.readStream(stream) as Promise<RecordedEvent[]>;
  const lastOf = async (stream: string, type: string) => (await streamEvents(stream)).filter((e) => e.type === type).at(-1);

  /** A member of the installation's account with `role` (and `workspaceRole` in its workspace), first name the handle in capitals. */
  const addMember = (handle: string, role: AccountRole, workspaceRole: string | null = null) => addAccountMember(t, handle, role, { workspaceRole, firstName: handle.toUpperCase() });

  before(async () => {
    t = await startTestServer();
    accountId = t.server.installation.ids.accountId;
    ownerId = t.server.installation.ids.userId;
    account = `${t.api}/accounts/${accountId}`;
    eve = await createOtherTenant(t, 'eve');
  });
  after(async () => {
    await t?.stop();
  });

  it('lists the account members in Cloud shape (users only, not bots)', async () => {
    const { userId } = await addMember('lina', 'member');
    const bot = await json<{ id: string }>(send('POST', `${account}/bots/`, { name: 'listing-bot' }), 201);
    const list = await members();
    const owner = list.find((m) => m.user_id === ownerId);
    assert.ok(owner);
    assert.equal(owner.account_role_name, 'Owner');
    assert.equal(owner.actor_id, ownerId);
    assert.equal(owner.handle, 'admin');
    const lina = list.find((m) => m.user_id === userId);
    assert.deepEqual(Object.keys(lina ?? {}).sort(), ['account_role_id', 'account_role_name', 'actor_id', 'email', 'first_name', 'handle', 'id', 'last_login', 'last_name', 'user_id']);
    assert.equal(lina?.email, 'lina@example.com');
    assert.equal(lina?.first_name, 'LINA');
    assert.equal(lina?.account_role_name, 'Member');
    assert.ok(!list.some((m) => m.actor_id === bot.id), 'bots are listed under /bots, not here');
    assert.equal((await json<Member>(send('GET', `${account}/account_memberships/${lina!.id}`), 200)).user_id, userId);
    assert.equal((await json<Member[]>(send('POST', `${account}/account_memberships/filter`, { limit: 1 }), 200)).length, 1);
  });

  it('changes a role by name or id; the change is an event with its actor; the new role takes effect', async () => {
    const { userId, key } = await addMember('max', 'member');
    const max = (await members()).find((m) => m.user_id === userId)!;
    assert.equal((await send('PATCH', `${account}/`, { name: 'Nope' }, key)).status, 403, 'a Member cannot edit the account');

    assert.equal((await send('PATCH', `${account}/account_memberships/${max.id}`, { account_role_name: 'admin' })).status, 204);
    assert.equal((await members()).find((m) => m.user_id === userId)?.account_role_name, 'Admin');
    const changed = await lastOf(streamName('account', accountId), 'AccountMemberRoleChanged');
    assert.deepEqual(changed?.data, { accountId, userId, role: 'admin', previousRole: 'member', changedAt: (changed?.data as { changedAt: string }).changedAt });
    assert.equal((changed?.metadata as EventMetadata).actor.id, ownerId);
    // As an Admin, max now reaches the account's workspace (implicit owner) and may edit the account.
    assert.equal((await send('POST', `${t.workspaceApi}/flows/filter`, {}, key)).status, 200);

    const roles = await json<AccountRoleView[]>(send('POST', `${account}/account_roles/filter`, {}), 200);
    const memberRole = roles.find((r) => r.name === 'Member')!;
    assert.equal((await send('PATCH', `${account}/account_memberships/${userId}`, { account_role_id: memberRole.id })).status, 204);
    assert.equal((await members()).find((m) => m.user_id === userId)?.account_role_id, memberRole.id);
    assert.equal((await send('POST', `${t.workspaceApi}/flows/filter`, {}, key)).status, 404, 'a plain Member without workspace access');

    assert.equal((await send('PATCH', `${account}/account_memberships/${max.id}`, { account_role_name: 'emperor' })).status, 422);
    assert.equal((await send('PATCH', `${account}/account_memberships/${max.id}`, {})).status, 422);
    assert.equal((await send('PATCH', `${account}/account_memberships/00000000-0000-4000-8000-000000000000`, { account_role_name: 'admin' })).status, 404);
  });

  it('the last Owner can be neither demoted nor removed (409); with a second Owner it can', async () => {
    const owner = (await members()).find((m) => m.user_id === ownerId)!;
    assert.equal((await send('PATCH', `${account}/account_memberships/${owner.id}`, { account_role_name: 'admin' })).status, 409);
    assert.equal((await send('DELETE', `${account}/account_memberships/${owner.id}`)).status, 409);
    const { userId, key } = await addMember('olga', 'owner');
    assert.equal((await send('PATCH', `${account}/account_memberships/${owner.id}`, { account_role_name: 'admin' }, key)).status, 204);
    assert.equal((await members()).find((m) => m.user_id === ownerId)?.account_role_name, 'Admin');
    const olga = (await members()).find((m) => m.user_id === userId)!;
    assert.equal((await send('PATCH', `${account}/account_memberships/${olga.id}`, { account_role_name: 'member' }, key)).status, 409, 'olga is now the last owner');
    assert.equal((await send('PATCH', `${account}/account_memberships/${owner.id}`, { account_role_name: 'owner' }, key)).status, 204);
    assert.equal((await members()).find((m) => m.user_id === ownerId)?.account_role_name, 'Owner');
  });

  it('removing a member revokes its workspace access: the account and its workspaces are 404 on the next request', async () => {
    const { userId, key } = await addMember('rita', 'member', 'developer');
    assert.equal((await send('POST', `${t.workspaceApi}/flows/filter`, {}, key)).status, 200);
    assert.equal((await send('GET', `${account}/`, undefined, key)).status, 200);
    const rita = (await members()).find((m) => m.user_id === userId)!;

    assert.equal((await send('DELETE', `${account}/account_memberships/${rita.id}`)).status, 204);
    assert.equal((await send('POST', `${t.workspaceApi}/flows/filter`, {}, key)).status, 404);
    assert.equal((await send('GET', `${account}/`, undefined, key)).status, 404);
    assert.equal((await send('POST', `${account}/account_memberships/filter`, {}, key)).status, 404);
    assert.deepEqual(await json(send('GET', `${t.api}/me/workspaces`, undefined, key), 200), [], 'their key sees nothing');
    assert.deepEqual(await json(send('GET', `${t.api}/me/accounts`, undefined, key), 200), []);
    assert.ok(!(await members()).some((m) => m.user_id === userId));

    const removed = await lastOf(streamName('account', accountId), 'AccountMemberRemoved');
    assert.equal((removed?.data as { userId: string }).userId, userId);
    assert.equal((removed?.metadata as EventMetadata).actor.id, ownerId);
    const revoked = await lastOf(streamName('workspace', t.server.installation.ids.workspaceId), 'WorkspaceAccessRevoked');
    assert.equal((revoked?.data as { actorId: string }).actorId, userId);
    assert.equal((revoked?.metadata as EventMetadata).actor.id, ownerId);

    assert.equal((await send('DELETE', `${account}/account_memberships/${rita.id}`)).status, 404, 'removed already');
  });

  it('a Member gets 403 on writes; a stranger gets 404 on every account route', async () => {
    const { key } = await addMember('mona', 'member');
    const other = (await members()).find((m) => m.user_id === ownerId)!;
    assert.equal((await members(key)).length > 0, true, 'a Member reads the members');
    assert.equal((await send('PATCH', `${account}/account_memberships/${other.id}`, { account_role_name: 'member' }, key)).status, 403);
    assert.equal((await send('DELETE', `${account}/account_memberships/${other.id}`, undefined, key)).status, 403);
    assert.equal((await send('PATCH', `${account}/settings`, { ai_log_summaries: true }, key)).status, 403);
    assert.equal((await send('PATCH', `${account}/domains`, { domain_names: ['x.test'] }, key)).status, 403);

    for (const [method, path, body] of [
      ['POST', 'account_memberships/filter', {}],
      ['PATCH', `account_memberships/${other.id}`, { account_role_name: 'member' }],
      ['DELETE', `account_memberships/${other.id}`, undefined],
      ['GET', '', undefined],
      ['PATCH', '', { name: 'x' }],
      ['GET', 'settings', undefined],
      ['GET', 'domains', undefined],
      ['POST', 'account_roles/filter', {}],
    ] as const) {
      assert.equal((await send(method, `${account}/${path}`, body, eve.key)).status, 404, `${method} ${path}`);
    }
  });

  it('deleting a bot removes its account membership (in reaction, by the actor who deleted it)', async () => {
    const bot = await json<{ id: string }>(send('POST', `${account}/bots/`, { name: 'doomed-bot' }), 201);
    const store = t.server.runtime.stores.readStore;
    assert.ok(await store.get(ACCOUNT_MEMBERSHIPS, membershipId(accountId, bot.id)));
    assert.equal((await send('DELETE', `${account}/bots/${bot.id}`)).status, 204);
    await waitFor(async () => !(await store.get(ACCOUNT_MEMBERSHIPS, membershipId(accountId, bot.id))) || undefined, 'the bot membership to be removed', 20 * SECONDS, 100);
    const removed = (await streamEvents(streamName('account', accountId))).filter((e) => e.type === 'AccountMemberRemoved' && (e.data as { userId: string }).userId === bot.id);
    assert.equal(removed.length, 1);
    assert.equal((removed[0]!.metadata as EventMetadata).actor.id, ownerId);
  });

  it('reads and edits the account; the edit is an event with its actor', async () => {
    const read = await json<Record<string, unknown>>(send('GET', `${account}/`), 200);
    assert.equal(read.id, accountId);
    assert.equal(read.handle, 'default');
    assert.equal(read.name, 'Default');
    assert.equal((await send('PATCH', `${account}/`, { name: 'Acme', link: 'https://acme.test', auth_expiration_seconds: 3600 })).status, 204);
    const edited = await json<Record<string, unknown>>(send('GET', `${account}`), 200);
    assert.equal(edited.name, 'Acme');
    assert.equal(edited.link, 'https://acme.test');
    assert.equal(edited.auth_expiration_seconds, 3600);
    const updated = await lastOf(streamName('account', accountId), 'AccountUpdated');
    assert.deepEqual((updated?.data as { changes: unknown }).changes, { name: 'Acme', link: 'https://acme.test', auth_expiration_seconds: 3600 });
    assert.equal((updated?.metadata as EventMetadata).actor.id, ownerId);
    assert.equal((await send('PATCH', `${account}/`, { handle: 'Not A Handle' })).status, 422);
    assert.equal((await send('PATCH', `${account}/`, { handle: 'eve' })).status, 409, "eve's account holds that handle");
    assert.equal((await send('PATCH', `${account}/`, { plan_type: 'ENTERPRISE' })).status, 422);
    const mine = await json<{ account_id: string; account_name: string }[]>(send('GET', `${t.api}/me/accounts`), 200);
    assert.equal(mine.find((a) => a.account_id === accountId)?.account_name, 'Acme');
  });

  it('reads and updates the account settings as the Prefect CLI does', async () => {
    const before = await json<Record<string, boolean>>(send('GET', `${account}/settings`), 200);
    assert.equal(before.enforce_ip_allowlist, false);
    assert.equal((await send('PATCH', `${account}/settings`, { enforce_ip_allowlist: true })).status, 204);
    assert.equal((await json<Record<string, boolean>>(send('GET', `${account}/settings`), 200)).enforce_ip_allowlist, true);
    const set = await lastOf(streamName('account', accountId), 'AccountSettingsUpdated');
    assert.deepEqual((set?.data as { changes: unknown }).changes, { enforce_ip_allowlist: true });
    assert.equal((set?.metadata as EventMetadata).actor.id, ownerId);
    assert.equal((await send('PATCH', `${account}/settings`, { enforce_ip_allowlist: 'yes' })).status, 422);
    assert.equal((await send('PATCH', `${account}/settings`, { no_such_setting: true })).status, 422);
  });

  it('reads and sets the domain names', async () => {
    const names = async (res: Promise<Response>) => (await json<{ domain_names: string[] }>(res, 200)).domain_names;
    assert.deepEqual(await names(send('GET', `${account}/domains`)), []);
    assert.deepEqual(await names(send('PATCH', `${account}/domains`, { domain_names: ['Acme.test', 'eu.acme.test'] })), ['acme.test', 'eu.acme.test']);
    assert.deepEqual(await names(send('GET', `${account}/domains`)), ['acme.test', 'eu.acme.test']);
    const set = await lastOf(streamName('account', accountId), 'AccountDomainsSet');
    assert.equal((set?.metadata as EventMetadata).actor.id, ownerId);
    assert.equal((await send('PATCH', `${account}/domains`, { domain_names: ['not a domain'] })).status, 422);
    assert.equal((await send('PATCH', `${account}/domains`, { domain_names: 'acme.test' })).status, 422);
  });

  it('serves the three built-in account roles with their permissions and fixed ids', async () => {
    const roles = await json<AccountRoleView[]>(send('POST', `${account}/account_roles/filter`, {}), 200);
    assert.deepEqual(roles.map((r) => r.name), ['Owner', 'Admin', 'Member']);
    const [owner, admin, member] = roles;
    assert.ok(owner!.permissions.includes('bypass:sso') && !admin!.permissions.includes('bypass:sso'));
    assert.ok(admin!.permissions.includes('update:account_membership'));
    assert.deepEqual([...member!.permissions].sort(), ['read:account', 'read:account_membership', 'read:account_role', 'read:bot', 'read:team', 'read:workspace', 'read:workspace_role']);
    assert.ok(roles.every((r) => r.is_system_role));
    assert.deepEqual(await json(send('GET', `${account}/account_roles/${admin!.id}`), 200), admin);
    const again = await json<AccountRoleView[]>(send('POST', `${t.api}/accounts/${eve.accountId}/account_roles/filter`, {}, eve.key), 200);
    assert.deepEqual(again.map((r) => r.id), roles.map((r) => r.id), 'the ids are the same in every account');
    assert.equal((await send('GET', `${account}/account_roles/00000000-0000-4000-8000-000000000000`)).status, 404);
  });
});
