import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashApiKey } from '../../src/contexts/identity-access/application/create-api-key/api-key-secret';
import { streamName, type EventMetadata, type RecordedEvent } from '../../src/shared/ddd';
import { apiClient, json } from '../support/http';
import { addAccountMember, createOtherTenant, type OtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

interface GraphqlResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
}
type Json = Record<string, unknown>;

/** A REST body in GraphQL's field names: snake_case → camelCase, `created`/`updated` → `createdAt`/`updatedAt`. */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k === 'created' ? 'createdAt' : k === 'updated' ? 'updatedAt' : k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), camel(v)]),
  );
}

const USER = 'id actorId handle firstName lastName email imageLocation createdAt updatedAt';
const ACCOUNT = 'id name handle location link imageLocation authExpirationSeconds auditLogRetentionDays domainNames createdAt updatedAt';
const WORKSPACE = 'id accountId name handle description defaultWorkspaceRoleId isPublic createdAt updatedAt';
const MEMBER = 'id actorId userId firstName lastName handle email accountRoleName accountRoleId lastLogin';
const API_KEY = 'id name createdAt expiration';
const BOT = `id actorId accountId name accountRoleName createdAt updatedAt apiKey { ${API_KEY} }`;
const INVITATION = 'id accountId email accountRoleName workspaceAccess { workspaceId workspaceRoleId } status expiresAt createdAt invitedBy { id type displayValue }';
const ROLE = 'id name description scopes accountId inheritedRoleId createdAt updatedAt';

describe('GraphQL: accounts, members, roles, workspaces, invitations, service accounts, API keys', () => {
  let t: TestServer;
  let eve: OtherTenant;
  let accountId: string;
  let workspaceId: string;
  let ownerId: string;
  let account: string;
  let mia: { userId: string; key: string };
  const plainKeys: string[] = [];

  const { send } = apiClient(() => t);
  const gql = async (query: string, variables: Json = {}, key?: string | null): Promise<GraphqlResponse> => {
    const res = await t.fetch(`${t.server.url}/graphql`, { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    assert.equal(res.status, 200);
    return (await res.json()) as GraphqlResponse;
  };
  /** The data of an operation that must succeed. */
  const ok = async (query: string, variables: Json = {}, key?: string | null): Promise<Json> => {
    const r = await gql(query, variables, key);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!;
  };
  /** The HTTP status of an operation sent with `key`. */
  const statusOf = async (query: string, key?: string | null): Promise<number> =>
    (await t.fetch(`${t.server.url}/graphql`, { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).status;
  const codeOf = async (query: string, variables: Json = {}, key?: string | null): Promise<string | undefined> => (await gql(query, variables, key)).errors?.[0]?.extensions?.code;
  const events = (): Promise<RecordedEvent[]> => t.server.runtime.stores.events.readAll() as Promise<RecordedEvent[]>;
  const actorOf = (e: RecordedEvent | undefined) => (e?.metadata as EventMetadata | undefined)?.actor.id;
  /** The one event of `type` whose data matches `data`, recorded after `from` events. */
  const eventAfter = async (from: number, type: string, data: Json = {}): Promise<RecordedEvent> => {
    const found = (await events()).slice(from).filter((e) => e.type === type && Object.entries(data).every(([k, v]) => (e.data as Json)[k] === v));
    assert.equal(found.length, 1, `one ${type} with ${JSON.stringify(data)}`);
    return found[0]!;
  };
  const createBotRest = async (name: string) => {
    const bot = await json<Json & { id: string; api_key: { key: string } }>(send('POST', `${account}/bots/`, { name }), 201);
    plainKeys.push(bot.api_key.key);
    return bot;
  };

  before(async () => {
    t = await startTestServer();
    ({ accountId, workspaceId, userId: ownerId } = t.server.installation.ids);
    account = `${t.api}/accounts/${accountId}`;
    eve = await createOtherTenant(t, 'eve');
    mia = await addAccountMember(t, 'mia', 'member', { workspaceRole: 'viewer' });
    plainKeys.push(t.apiKey, eve.key, mia.key);
  });
  after(async () => {
    await t?.stop();
  });

  it('me answers what /api/me/, /api/me/accounts and /api/me/workspaces answer', async () => {
    const data = await ok(`{ me { user { ${USER} } accounts { accountId accountName accountHandle accountRoleName }
      workspaces { accountId accountName accountHandle workspaceId workspaceName workspaceDescription workspaceHandle } } }`);
    const me = data.me as Json;
    assert.deepEqual(me.user, camel(await json(send('GET', `${t.api}/me/`), 200)));
    assert.deepEqual(me.accounts, camel(await json(send('GET', `${t.api}/me/accounts`), 200)));
    assert.deepEqual(me.workspaces, camel(await json(send('GET', `${t.api}/me/workspaces`), 200)));
    assert.equal((me.accounts as Json[]).length, 1);
    // The member sees its own.
    const mine = (await ok('{ me { user { id } accounts { accountRoleName } } }', {}, mia.key)).me as Json;
    assert.deepEqual(mine, { user: { id: mia.userId }, accounts: [{ accountRoleName: 'member' }] });
  });

  it('account, accountRoles, workspaceRoles and workspaces answer what REST answers', async () => {
    const data = await ok(
      `query($a: ID!) { account(accountId: $a) { ${ACCOUNT} } accountRoles(accountId: $a) { id name permissions accountId isSystemRole }
        workspaceRoles(accountId: $a) { ${ROLE} } workspaces(accountId: $a) { ${WORKSPACE} } }`,
      { a: accountId },
    );
    assert.deepEqual(data.account, camel(await json(send('GET', `${account}/`), 200)));
    assert.deepEqual(data.accountRoles, camel(await json(send('POST', `${account}/account_roles/filter`, {}), 200)));
    assert.deepEqual(data.workspaceRoles, camel(await json(send('POST', `${account}/workspace_roles/filter`, {}), 200)));
    assert.deepEqual(data.workspaces, camel(await json(send('POST', `${account}/workspaces/filter`, {}), 200)));
    assert.equal((data.workspaces as Json[])[0]!.id, workspaceId);
    const builtIn = (await ok('query($a: ID!) { workspaceRoles(accountId: $a) { name isBuiltIn scopes } }', { a: accountId })).workspaceRoles as Json[];
    assert.ok(builtIn.some((r) => r.name === 'Owner' && r.isBuiltIn === true && (r.scopes as string[]).includes('manage_workspace_users')));
  });

  it('accountMembers pages through the REST members with opaque cursors', async () => {
    const rest = camel(await json(send('POST', `${account}/account_memberships/filter`, {}), 200)) as Json[];
    assert.ok(rest.length >= 2);
    const q = `query($a: ID!, $first: Int, $after: String) { accountMembers(accountId: $a, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } nodes { ${MEMBER} } } }`;
    const all = (await ok(q, { a: accountId })).accountMembers as Json;
    assert.deepEqual(all.nodes, rest);
    assert.equal(all.totalCount, rest.length);
    const first = (await ok(q, { a: accountId, first: 1 })).accountMembers as { nodes: Json[]; pageInfo: Json };
    assert.deepEqual(first.nodes, [rest[0]]);
    assert.equal(first.pageInfo.hasNextPage, true);
    const second = (await ok(q, { a: accountId, first: 1, after: first.pageInfo.endCursor })).accountMembers as { nodes: Json[]; pageInfo: Json };
    assert.deepEqual(second.nodes, [rest[1]]);
    assert.equal(second.pageInfo.hasPreviousPage, true);
    assert.equal(await codeOf(q, { a: accountId, first: 500 }), 'VALIDATION_FAILED');
  });

  it('serviceAccounts and workspaceAccess answer what bots/filter, user_access and bot_access answer', async () => {
    const bot = await createBotRest('reader-bot');
    await json(send('POST', `${account}/workspaces/${workspaceId}/bot_access/`, { bot_id: bot.id, workspace_role_id: 'viewer' }), 201);
    const data = await ok(
      `query($a: ID!, $w: ID!) { serviceAccounts(accountId: $a) { ${BOT} } workspaceAccess(accountId: $a, workspaceId: $w) {
        users { id workspaceId workspaceRoleId actorId userId createdAt } serviceAccounts { id workspaceId botId actorId workspaceRoleId createdAt } } }`,
      { a: accountId, w: workspaceId },
    );
    assert.deepEqual(data.serviceAccounts, camel(await json(send('POST', `${account}/bots/filter`, {}), 200)));
    const access = data.workspaceAccess as { users: Json[]; serviceAccounts: Json[] };
    const miaAccess = access.users.find((u) => u.userId === mia.userId);
    assert.deepEqual(miaAccess, camel(await json(send('GET', `${account}/workspaces/${workspaceId}/user_access/${mia.userId}`), 200)));
    assert.ok(access.users.some((u) => u.userId === ownerId));
    assert.deepEqual(access.serviceAccounts, [camel(await json(send('GET', `${account}/workspaces/${workspaceId}/bot_access/${bot.id}`), 200))]);
    // A Viewer sees the workspace's users too (see_workspace_users), but cannot manage them.
    const viewer = await gql('query($a: ID!, $w: ID!) { workspaceAccess(accountId: $a, workspaceId: $w) { users { userId } } }', { a: accountId, w: workspaceId }, mia.key);
    assert.equal(viewer.errors, undefined);
    assert.equal(
      await codeOf('mutation($a: ID!, $w: ID!, $u: ID!) { grantWorkspaceAccess(accountId: $a, workspaceId: $w, userId: $u, workspaceRoleId: "owner") { id } }', { a: accountId, w: workspaceId, u: mia.userId }, mia.key),
      'FORBIDDEN',
    );
    // The service accounts need their own scope: a role that sees users only gets them FORBIDDEN.
    const role = await json<{ id: string }>(send('POST', `${account}/workspace_roles/`, { name: 'user-lister', scopes: ['see_workspace_users'] }), 201);
    const lister = await addAccountMember(t, 'lister', 'member');
    plainKeys.push(lister.key);
    const custom = (await ok('mutation($a: ID!, $w: ID!, $u: ID!, $r: ID!) { grantWorkspaceAccess(accountId: $a, workspaceId: $w, userId: $u, workspaceRoleId: $r) { workspaceRoleId } }', {
      a: accountId,
      w: workspaceId,
      u: lister.userId,
      r: role.id,
    })).grantWorkspaceAccess;
    assert.deepEqual(custom, { workspaceRoleId: role.id });
    const partial = await gql('query($a: ID!, $w: ID!) { workspaceAccess(accountId: $a, workspaceId: $w) { users { userId } serviceAccounts { botId } } }', { a: accountId, w: workspaceId }, lister.key);
    assert.equal(partial.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.deepEqual(partial.errors?.[0]?.path, ['workspaceAccess', 'serviceAccounts']);
  });

  it('inviteMember, invitations, myInvitations, accept, reject and revoke go through the REST use cases, the caller as actor', async () => {
    const ivy = await addAccountMember(t, 'ivy', null);
    const ned = await addAccountMember(t, 'ned', null);
    plainKeys.push(ivy.key, ned.key);
    const from = (await events()).length;
    const invite = `mutation($a: ID!, $email: String!, $role: String, $ws: [InvitationWorkspaceAccessInput!]) {
      inviteMember(accountId: $a, email: $email, accountRoleName: $role, workspaceAccess: $ws) { ${INVITATION} } }`;
    const invitation = (await ok(invite, { a: accountId, email: 'ivy@example.com', role: 'member', ws: [{ workspaceId, workspaceRoleId: 'developer' }] })).inviteMember as Json;
    assert.equal(invitation.status, 'PENDING');
    assert.equal(invitation.email, 'ivy@example.com');
    assert.equal(actorOf(await eventAfter(from, 'InvitationCreated', { invitationId: invitation.id })), ownerId);
    const forNed = (await ok(invite, { a: accountId, email: 'ned@example.com' })).inviteMember as Json;
    const toRevoke = (await ok(invite, { a: accountId, email: 'zed@example.com', role: 'ADMIN' })).inviteMember as Json;
    assert.equal(toRevoke.accountRoleName, 'admin');

    const listed = (await ok(`query($a: ID!) { invitations(accountId: $a, status: [PENDING]) { ${INVITATION} } }`, { a: accountId })).invitations as Json[];
    const rest = (camel(await json(send('POST', `${account}/invitations/filter`, { status: 'pending' }), 200)) as Json[]).map((i) => ({ ...i, status: String(i.status).toUpperCase() }));
    assert.deepEqual(listed, rest);
    assert.equal(listed.length, 3);

    const mine = (await ok(`{ myInvitations { ${INVITATION} } }`, {}, ivy.key)).myInvitations as Json[];
    const restMine = (camel(await json(send('GET', `${t.api}/me/invitations`, undefined, ivy.key), 200)) as Json[]).map((i) => ({ ...i, status: String(i.status).toUpperCase() }));
    assert.deepEqual(mine.map((i) => i.id), [invitation.id]);
    assert.deepEqual(mine, restMine);

    const accepted = (await ok('mutation($i: ID!) { acceptInvitation(invitationId: $i) { id status } }', { i: invitation.id }, ivy.key)).acceptInvitation;
    assert.deepEqual(accepted, { id: invitation.id, status: 'ACCEPTED' });
    assert.equal(actorOf(await eventAfter(from, 'InvitationAccepted', { invitationId: invitation.id })), ivy.userId);
    assert.equal(actorOf(await eventAfter(from, 'AccountMemberAdded', { userId: ivy.userId })), ivy.userId);
    const access = await json<Json>(send('GET', `${account}/workspaces/${workspaceId}/user_access/${ivy.userId}`), 200);
    assert.equal(access.user_id, ivy.userId);

    const rejected = (await ok('mutation($i: ID!) { rejectInvitation(invitationId: $i) { status } }', { i: forNed.id }, ned.key)).rejectInvitation;
    assert.deepEqual(rejected, { status: 'REJECTED' });
    assert.equal(actorOf(await eventAfter(from, 'InvitationRejected', { invitationId: forNed.id })), ned.userId);
    // Not ivy's invitation: not found.
    assert.equal(await codeOf('mutation($i: ID!) { acceptInvitation(invitationId: $i) { id } }', { i: toRevoke.id }, ivy.key), 'NOT_FOUND');

    assert.deepEqual(await ok('mutation($a: ID!, $i: ID!) { revokeInvitation(accountId: $a, invitationId: $i) }', { a: accountId, i: toRevoke.id }), { revokeInvitation: true });
    assert.equal(actorOf(await eventAfter(from, 'InvitationRevoked', { invitationId: toRevoke.id })), ownerId);
    const pending = (await ok('query($a: ID!) { invitations(accountId: $a, status: [PENDING]) { id } }', { a: accountId })).invitations;
    assert.deepEqual(pending, []);
  });

  it("changeMemberRole and removeMember change the REST membership, the caller as actor", async () => {
    const gus = await addAccountMember(t, 'gus', 'member');
    plainKeys.push(gus.key);
    const from = (await events()).length;
    const changed = (await ok(`mutation($a: ID!, $m: ID!) { changeMemberRole(accountId: $a, memberId: $m, accountRoleName: "Admin") { ${MEMBER} } }`, { a: accountId, m: gus.userId }))
      .changeMemberRole as Json;
    assert.equal(changed.accountRoleName, 'Admin');
    assert.deepEqual(changed, camel(await json(send('GET', `${account}/account_memberships/${changed.id}`), 200)));
    assert.equal(actorOf(await eventAfter(from, 'AccountMemberRoleChanged', { userId: gus.userId })), ownerId);
    // By membership id as well; an unknown role is refused.
    assert.equal(await codeOf('mutation($a: ID!, $m: ID!) { changeMemberRole(accountId: $a, memberId: $m, accountRoleName: "king") { id } }', { a: accountId, m: changed.id }), 'VALIDATION_FAILED');
    // The last Owner stays.
    assert.equal(await codeOf('mutation($a: ID!, $m: ID!) { changeMemberRole(accountId: $a, memberId: $m, accountRoleName: "member") { id } }', { a: accountId, m: ownerId }), 'CONFLICT');

    assert.deepEqual(await ok('mutation($a: ID!, $m: ID!) { removeMember(accountId: $a, memberId: $m) }', { a: accountId, m: changed.id }), { removeMember: true });
    assert.equal(actorOf(await eventAfter(from, 'AccountMemberRemoved', { userId: gus.userId })), ownerId);
    assert.equal((await send('GET', `${account}/account_memberships/${changed.id}`)).status, 404);
  });

  it('grant and revoke workspace access for users and service accounts, as REST does, the caller as actor', async () => {
    const bot = await createBotRest('access-bot');
    const from = (await events()).length;
    const vars = { a: accountId, w: workspaceId };
    const granted = (await ok('mutation($a: ID!, $w: ID!, $u: ID!) { grantWorkspaceAccess(accountId: $a, workspaceId: $w, userId: $u, workspaceRoleId: "developer") { userId workspaceRoleId } }', {
      ...vars,
      u: mia.userId,
    })).grantWorkspaceAccess as Json;
    const rest = await json<Json>(send('GET', `${account}/workspaces/${workspaceId}/user_access/${mia.userId}`), 200);
    assert.deepEqual(granted, { userId: mia.userId, workspaceRoleId: rest.workspace_role_id });
    assert.equal(actorOf(await eventAfter(from, 'WorkspaceAccessGranted', { actorId: mia.userId })), ownerId);
    assert.deepEqual(await ok('mutation($a: ID!, $w: ID!, $u: ID!) { revokeWorkspaceAccess(accountId: $a, workspaceId: $w, userId: $u) }', { ...vars, u: mia.userId }), {
      revokeWorkspaceAccess: true,
    });
    assert.equal(actorOf(await eventAfter(from, 'WorkspaceAccessRevoked', { actorId: mia.userId })), ownerId);
    assert.equal((await send('GET', `${account}/workspaces/${workspaceId}/user_access/${mia.userId}`)).status, 404);
    assert.equal(await codeOf('mutation($a: ID!, $w: ID!, $u: ID!) { revokeWorkspaceAccess(accountId: $a, workspaceId: $w, userId: $u) }', { ...vars, u: mia.userId }), 'NOT_FOUND');

    const botAccess = (await ok('mutation($a: ID!, $w: ID!, $b: ID!) { grantServiceAccountWorkspaceAccess(accountId: $a, workspaceId: $w, botId: $b, workspaceRoleId: "runner") { id botId workspaceRoleId } }', {
      ...vars,
      b: bot.id,
    })).grantServiceAccountWorkspaceAccess as Json;
    const restBot = await json<Json>(send('GET', `${account}/workspaces/${workspaceId}/bot_access/${bot.id}`), 200);
    assert.deepEqual(botAccess, { id: restBot.id, botId: bot.id, workspaceRoleId: restBot.workspace_role_id });
    assert.equal(actorOf(await eventAfter(from, 'WorkspaceAccessGranted', { actorId: bot.id })), ownerId);
    await ok('mutation($a: ID!, $w: ID!, $b: ID!) { revokeServiceAccountWorkspaceAccess(accountId: $a, workspaceId: $w, botId: $b) }', { ...vars, b: bot.id });
    assert.equal(actorOf(await eventAfter(from, 'WorkspaceAccessRevoked', { actorId: bot.id })), ownerId);
    assert.equal((await send('GET', `${account}/workspaces/${workspaceId}/bot_access/${bot.id}`)).status, 404);
    // Another account's bot is not found here.
    const eveBot = await json<{ id: string; api_key: { key: string } }>(send('POST', `${t.api}/accounts/${eve.accountId}/bots/`, { name: 'eve-bot' }, eve.key), 201);
    plainKeys.push(eveBot.api_key.key);
    assert.equal(await codeOf('mutation($a: ID!, $w: ID!, $b: ID!) { grantServiceAccountWorkspaceAccess(accountId: $a, workspaceId: $w, botId: $b, workspaceRoleId: "viewer") { id } }', { ...vars, b: eveBot.id }), 'NOT_FOUND');
  });

  it('createApiKey shows the key once and it works on REST; myApiKeys answers REST metadata; revokeApiKey ends it', async () => {
    const from = (await events()).length;
    const created = (await ok(`mutation { createApiKey(name: "laptop", expiration: "2099-01-01T00:00:00Z") { key apiKey { ${API_KEY} } } }`, {}, mia.key)).createApiKey as { key: string; apiKey: Json };
    plainKeys.push(created.key);
    assert.match(created.key, /^pnu_/);
    assert.equal(created.apiKey.name, 'laptop');
    const me = await json<Json>(send('GET', `${t.api}/me/`, undefined, created.key), 200);
    assert.equal(me.id, mia.userId);
    assert.equal(actorOf(await eventAfter(from, 'ApiKeyCreated', { keyId: created.apiKey.id })), mia.userId);

    const keys = (await ok(`{ myApiKeys { ${API_KEY} } }`, {}, mia.key)).myApiKeys as Json[];
    assert.deepEqual(keys, camel(await json(send('GET', `${t.api}/users/${mia.userId}/api_keys`, undefined, mia.key), 200)));
    assert.ok(keys.some((k) => k.id === created.apiKey.id));
    // Another user's key is not found.
    assert.equal(await codeOf('mutation($id: ID!) { revokeApiKey(id: $id) }', { id: created.apiKey.id }), 'NOT_FOUND');

    assert.deepEqual(await ok('mutation($id: ID!) { revokeApiKey(id: $id) }', { id: created.apiKey.id }, mia.key), { revokeApiKey: true });
    assert.equal(actorOf(await eventAfter(from, 'ApiKeyRevoked', { keyId: created.apiKey.id })), mia.userId);
    assert.equal((await send('GET', `${t.api}/me/`, undefined, created.key)).status, 401);
    assert.equal(await codeOf('mutation { createApiKey(name: "  ") { key } }', {}, mia.key), 'VALIDATION_FAILED');
  });

  it('createServiceAccount, rotateServiceAccountKey and deleteServiceAccount go through the bot use cases; each key works once shown', async () => {
    const from = (await events()).length;
    const created = (await ok(`mutation($a: ID!) { createServiceAccount(accountId: $a, name: "gql-bot") { key serviceAccount { ${BOT} } } }`, { a: accountId })).createServiceAccount as {
      key: string;
      serviceAccount: Json & { id: string; apiKey: Json };
    };
    plainKeys.push(created.key);
    assert.match(created.key, /^pnb_/);
    assert.deepEqual(created.serviceAccount, camel(await json(send('GET', `${account}/bots/${created.serviceAccount.id}`), 200)));
    const viewer = await ok('{ viewer { id type } }', {}, created.key);
    assert.deepEqual(viewer.viewer, { id: created.serviceAccount.id, type: 'service_account' });
    assert.equal(actorOf(await eventAfter(from, 'ServiceAccountCreated', { botId: created.serviceAccount.id })), ownerId);
    // A service account has no profile and no user keys.
    const me = await gql('{ me { user { id } accounts { accountId } } }', {}, created.key);
    assert.equal(me.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal(await codeOf('{ myApiKeys { id } }', {}, created.key), 'FORBIDDEN');

    const rotated = (await ok(`mutation($a: ID!, $id: ID!) { rotateServiceAccountKey(accountId: $a, id: $id) { key serviceAccount { apiKey { id } } } }`, { a: accountId, id: created.serviceAccount.id }))
      .rotateServiceAccountKey as { key: string; serviceAccount: { apiKey: Json } };
    plainKeys.push(rotated.key);
    assert.notEqual(rotated.key, created.key);
    assert.deepEqual((await ok('{ viewer { id } }', {}, rotated.key)).viewer, { id: created.serviceAccount.id });
    assert.equal(await statusOf('{ viewer { id } }', created.key), 401, 'the old key (no grace period) no longer works');
    assert.equal(actorOf(await eventAfter(from, 'ServiceAccountKeyRotated', { botId: created.serviceAccount.id })), ownerId);

    assert.deepEqual(await ok('mutation($a: ID!, $id: ID!) { deleteServiceAccount(accountId: $a, id: $id) }', { a: accountId, id: created.serviceAccount.id }), { deleteServiceAccount: true });
    assert.equal(actorOf(await eventAfter(from, 'ServiceAccountDeleted', { botId: created.serviceAccount.id })), ownerId);
    assert.equal((await send('GET', `${account}/bots/${created.serviceAccount.id}`)).status, 404);
    const stream = await t.server.runtime.stores.events.readStream(streamName('serviceAccount', created.serviceAccount.id));
    assert.deepEqual(stream.map((e) => e.type), ['ServiceAccountCreated', 'ServiceAccountKeyRotated', 'ServiceAccountDeleted']);
  });

  it("a Member's inviteMember is FORBIDDEN; another account's fields are NOT_FOUND", async () => {
    assert.equal(await codeOf('mutation($a: ID!) { inviteMember(accountId: $a, email: "x@example.com") { id } }', { a: accountId }, mia.key), 'FORBIDDEN');
    assert.equal(await codeOf('mutation($a: ID!) { createServiceAccount(accountId: $a, name: "nope") { key } }', { a: accountId }, mia.key), 'FORBIDDEN');
    assert.equal(await codeOf('query($a: ID!) { invitations(accountId: $a) { id } }', { a: accountId }, mia.key), 'FORBIDDEN');
    // A Member reads members, roles and bots, as on REST.
    assert.equal((await gql('query($a: ID!) { accountMembers(accountId: $a) { totalCount } serviceAccounts(accountId: $a) { id } }', { a: accountId }, mia.key)).errors, undefined);

    const other = { a: eve.accountId, w: eve.workspaceId };
    for (const [query, vars] of [
      ['query($a: ID!) { account(accountId: $a) { id } }', other],
      ['query($a: ID!) { accountMembers(accountId: $a) { totalCount } }', other],
      ['query($a: ID!) { serviceAccounts(accountId: $a) { id } }', other],
      ['query($a: ID!) { workspaceRoles(accountId: $a) { id } }', other],
      ['query($a: ID!, $w: ID!) { workspaceAccess(accountId: $a, workspaceId: $w) { users { id } } }', other],
      ['mutation($a: ID!) { inviteMember(accountId: $a, email: "x@example.com") { id } }', other],
      ['mutation($a: ID!, $w: ID!) { grantWorkspaceAccess(accountId: $a, workspaceId: $w, userId: $a, workspaceRoleId: "owner") { id } }', other],
      ['query($a: ID!) { account(accountId: $a) { id } }', { a: 'not-a-uuid' }],
    ] as const) {
      assert.equal(await codeOf(query, vars), 'NOT_FOUND', query);
    }
    assert.equal(await codeOf('query($a: ID!) { account(accountId: $a) { id } }', { a: accountId }, eve.key), 'NOT_FOUND');
    assert.equal(await statusOf(`{ account(accountId: "${accountId}") { id } }`, null), 401);
  });

  it('no query can read a key or a key hash', async () => {
    // The schema: no type these queries reach has a field that could hold a key or its hash.
    const schema = (await ok('{ __schema { queryType { name } types { name kind fields { name type { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } }')).__schema as {
      types: { name: string; kind: string; fields: { name: string; type: Json }[] | null }[];
    };
    const byName = new Map(schema.types.map((ty) => [ty.name, ty]));
    const named = (ty: Json): string => ((ty.ofType ? named(ty.ofType as Json) : ty.name) as string);
    const seen = new Set<string>();
    const walk = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const f of byName.get(name)?.fields ?? []) {
        if (f.name.startsWith('__')) continue;
        assert.ok(!/^(key|keyHash|keyHint|hash)$/i.test(f.name), `${name}.${f.name}`);
        walk(named(f.type));
      }
    };
    // From this API's root fields (other contexts' `key` fields, e.g. an artifact's key, are no secrets).
    const roots = ['me', 'account', 'accountMembers', 'accountRoles', 'workspaceRoles', 'serviceAccounts', 'workspaces', 'workspaceAccess', 'invitations', 'myApiKeys', 'myInvitations'];
    const query = byName.get('Query')!.fields!;
    for (const root of roots) walk(named(query.find((f) => f.name === root)!.type));
    assert.ok(seen.has('ApiKey') && seen.has('ServiceAccount') && seen.has('User'));
    // Only a mutation's answer carries a new key.
    assert.ok(!seen.has('CreatedApiKey') && !seen.has('ServiceAccountWithKey'));
    assert.deepEqual(byName.get('ApiKey')!.fields!.map((f) => f.name).sort(), ['createdAt', 'expiration', 'id', 'name']);
    // The answers: every read of keys and bots, for every caller, names no plain key and no hash.
    const everything = `query($a: ID!, $w: ID!) { me { user { ${USER} } } myApiKeys { ${API_KEY} } serviceAccounts(accountId: $a) { ${BOT} }
      accountMembers(accountId: $a) { nodes { ${MEMBER} } } workspaceAccess(accountId: $a, workspaceId: $w) { users { id } serviceAccounts { id } } }`;
    const texts = [JSON.stringify(await ok(everything, { a: accountId, w: workspaceId })), JSON.stringify(await gql(`{ myApiKeys { ${API_KEY} } }`, {}, mia.key))];
    assert.ok(plainKeys.length >= 8);
    for (const text of texts) {
      for (const key of plainKeys) {
        assert.ok(!text.includes(key), 'a plain key is readable');
        assert.ok(!text.includes(key.slice(8)), 'part of a plain key is readable');
        assert.ok(!text.includes(hashApiKey(key)), 'a key hash is readable');
      }
    }
  });
});
