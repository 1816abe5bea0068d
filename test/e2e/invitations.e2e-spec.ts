import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUILT_IN_ROLE_IDS } from '../../src/contexts/identity-access';
import { ACCOUNT_MEMBERSHIPS, membershipId, WORKSPACE_ACCESS, workspaceAccessId } from '../../src/contexts/tenancy';
import { invitationDecider } from '../../src/contexts/tenancy/domain/invitation/invitation';
import { CLOCK, DeciderCommandHandler, eventMetadata, NO_REQUEST, type Clock } from '../../src/shared/application';
import { streamName, type EventMetadata, type RecordedEvent } from '../../src/shared/ddd';
import { apiClient, json } from '../support/http';
import { addAccountMember } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitFor } from '../support/ws-client';

interface Invitation {
  id: string;
  account_id: string;
  email: string;
  account_role_name: string;
  workspace_access: { workspace_id: string; workspace_role_id: string }[];
  status: string;
  expires_at: string;
  created: string;
  invited_by: { id: string; type: string; display_value: string };
}

const INVITATION_SECONDS = 60;

describe('account invitations: create, list, accept, reject, revoke, expire', () => {
  let t: TestServer;
  let accountId: string;
  let workspaceId: string;
  let account: string;
  let ownerId: string;

  const { send } = apiClient(() => t);
  const streamEvents = (stream: string): Promise<RecordedEvent[]> => t.server.runtime.stores.events.readStream(stream) as Promise<RecordedEvent[]>;
  const actorOf = (e: RecordedEvent | undefined) => (e?.metadata as EventMetadata | undefined)?.actor.id;
  const invite = (body: Record<string, unknown>, key?: string) => send('POST', `${account}/invitations`, body, key);
  const list = (body: Record<string, unknown> = {}, key?: string) => json<Invitation[]>(send('POST', `${account}/invitations/filter`, body, key), 200);
  const me = (path: string, key: string, method = 'POST') => send(method, `${t.api}/me/invitations${path}`, method === 'POST' ? {} : undefined, key);

  /** Runs `body` with the server's clock `seconds` ahead. */
  const later = async <T>(seconds: number, body: () => Promise<T>): Promise<T> => {
    const clock = t.server.app.get<Clock>(CLOCK);
    const real = clock.now;
    clock.now = () => new Date(real.call(clock).getTime() + seconds * 1000);
    try {
      return await body();
    } finally {
      clock.now = real;
    }
  };

  before(async () => {
    t = await startTestServer({ PRAETOR_INVITATION_SECONDS: String(INVITATION_SECONDS) });
    ({ accountId, workspaceId, userId: ownerId } = t.server.installation.ids);
    account = `${t.api}/accounts/${accountId}`;
  });
  after(async () => {
    await t?.stop();
  });

  it('creates an invitation (201, Cloud shape, pending, expiring after the configured time) and lists it', async () => {
    const inv = await json<Invitation>(invite({ email: 'Zoe@Example.com', account_role_name: 'admin', workspace_access: [{ workspace_id: workspaceId, workspace_role_id: BUILT_IN_ROLE_IDS.viewer }] }), 201);
    assert.deepEqual(Object.keys(inv).sort(), ['account_id', 'account_role_name', 'created', 'email', 'expires_at', 'id', 'invited_by', 'status', 'workspace_access']);
    assert.equal(inv.email, 'zoe@example.com');
    assert.equal(inv.status, 'pending');
    assert.equal(inv.account_role_name, 'admin');
    assert.deepEqual(inv.workspace_access, [{ workspace_id: workspaceId, workspace_role_id: BUILT_IN_ROLE_IDS.viewer }]);
    assert.equal(Date.parse(inv.expires_at) - Date.parse(inv.created), INVITATION_SECONDS * 1000);
    assert.equal(inv.invited_by.id, ownerId);
    assert.equal(inv.invited_by.type, 'user');
    const created = (await streamEvents(streamName('invitation', inv.id)))[0];
    assert.equal(created?.type, 'InvitationCreated');
    assert.equal(actorOf(created), ownerId);

    assert.ok((await list()).some((i) => i.id === inv.id));
    assert.ok((await list({ status: 'pending' })).some((i) => i.id === inv.id));
    assert.ok(!(await list({ status: 'accepted' })).some((i) => i.id === inv.id));
    assert.equal((await invite({ email: 'not-an-email' })).status, 422);
    assert.equal((await invite({ email: 'x@example.com', account_role_name: 'king' })).status, 422);
    assert.equal((await invite({ email: 'x@example.com', workspace_access: [{ workspace_id: '00000000-0000-4000-8000-000000000000', workspace_role_id: 'viewer' }] })).status, 422);
  });

  it('the invitee lists and accepts it: membership and workspace access appear, recorded with the invitee as actor; accepting twice changes nothing', async () => {
    const inv = await json<Invitation>(invite({ email: 'bob@example.com', workspace_access: [{ workspace_id: workspaceId, workspace_role_id: 'viewer' }] }), 201);
    const { userId: bobId, key: bob } = await addAccountMember(t, 'bob', null);
    const flows = `${account}/workspaces/${workspaceId}/flows`;
    assert.equal((await send('POST', `${flows}/filter`, {}, bob)).status, 404, 'no access before accepting');
    const mine = await json<Invitation[]>(me('', bob, 'GET'), 200);
    assert.deepEqual(mine.map((i) => i.id), [inv.id]);

    const accepted = await json<Invitation>(me(`/${inv.id}/accept`, bob), 200);
    assert.equal(accepted.status, 'accepted');
    const store = t.server.runtime.stores.readStore;
    assert.equal((await store.get(ACCOUNT_MEMBERSHIPS, membershipId(accountId, bobId)))?.account_role_name, 'member');
    assert.equal((await store.get(WORKSPACE_ACCESS, workspaceAccessId(workspaceId, bobId)))?.workspace_role_name, 'viewer');
    assert.equal((await send('POST', `${flows}/filter`, {}, bob)).status, 200, 'Viewer reads');
    assert.equal((await send('POST', `${flows}/`, { name: 'etl' }, bob)).status, 403, 'Viewer cannot write');
    assert.deepEqual(await json<Invitation[]>(me('', bob, 'GET'), 200), [], 'no longer pending');

    const inviteEvents = await streamEvents(streamName('invitation', inv.id));
    const added = (await streamEvents(streamName('account', accountId))).filter((e) => e.type === 'AccountMemberAdded' && (e.data as { userId: string }).userId === bobId);
    const granted = (await streamEvents(streamName('workspace', workspaceId))).filter((e) => e.type === 'WorkspaceAccessGranted' && (e.data as { actorId: string }).actorId === bobId);
    assert.equal(inviteEvents.at(-1)?.type, 'InvitationAccepted');
    assert.deepEqual([actorOf(inviteEvents.at(-1)), added.length, actorOf(added[0]), granted.length, actorOf(granted[0])], [bobId, 1, bobId, 1, bobId]);

    const head = await t.server.runtime.stores.events.headPosition();
    assert.equal((await json<Invitation>(me(`/${inv.id}/accept`, bob), 200)).status, 'accepted');
    assert.equal(await t.server.runtime.stores.events.headPosition(), head, 'accepting twice records nothing');
    assert.equal((await me(`/${inv.id}/reject`, bob)).status, 409, 'an accepted invitation cannot be rejected');

    assert.equal((await invite({ email: 'BOB@example.com' })).status, 409, 'inviting an existing member');
  });

  it('the invitee rejects one; it cannot be accepted afterwards', async () => {
    const inv = await json<Invitation>(invite({ email: 'cy@example.com' }), 201);
    const { userId: cyId, key: cy } = await addAccountMember(t, 'cy', null);
    const rejected = await json<Invitation>(me(`/${inv.id}/reject`, cy), 200);
    assert.equal(rejected.status, 'rejected');
    assert.equal(actorOf((await streamEvents(streamName('invitation', inv.id))).at(-1)), cyId);
    assert.equal((await me(`/${inv.id}/accept`, cy)).status, 409);
    assert.ok((await list({ status: 'rejected' })).some((i) => i.id === inv.id));
    assert.equal(await t.server.runtime.stores.readStore.get(ACCOUNT_MEMBERSHIPS, membershipId(accountId, cyId)), undefined);
  });

  it('the account revokes one (204): it is no longer listed and cannot be accepted', async () => {
    const inv = await json<Invitation>(invite({ email: 'dee@example.com' }), 201);
    const { key: dee } = await addAccountMember(t, 'dee', null);
    assert.equal((await send('DELETE', `${account}/invitations/${inv.id}`)).status, 204);
    assert.ok(!(await list()).some((i) => i.id === inv.id));
    assert.equal((await me(`/${inv.id}/accept`, dee)).status, 404);
    assert.equal((await send('DELETE', `${account}/invitations/${inv.id}`)).status, 404);
    const last = (await streamEvents(streamName('invitation', inv.id))).at(-1);
    assert.deepEqual([last?.type, actorOf(last)], ['InvitationRevoked', ownerId]);
  });

  it('after it expires, a filter shows it expired and accepting or rejecting it is 410 Gone', async () => {
    const inv = await json<Invitation>(invite({ email: 'eli@example.com' }), 201);
    const { key: eli } = await addAccountMember(t, 'eli', null);
    await later(INVITATION_SECONDS + 1, async () => {
      assert.equal((await list()).find((i) => i.id === inv.id)?.status, 'expired');
      assert.ok((await list({ status: 'expired' })).some((i) => i.id === inv.id));
      assert.deepEqual(await json<Invitation[]>(me('', eli, 'GET'), 200), []);
      for (const answer of ['accept', 'reject']) {
        const res = await me(`/${inv.id}/${answer}`, eli);
        const body = (await res.json()) as { code: string };
        assert.equal(res.status, 410, answer);
        assert.equal(body.code, 'GONE');
      }
    });
    assert.equal((await streamEvents(streamName('invitation', inv.id))).length, 1, 'nothing recorded');
  });

  it('another user than the invitee gets 404; a service account cannot answer invitations', async () => {
    const inv = await json<Invitation>(invite({ email: 'fay@example.com' }), 201);
    const { key: gus } = await addAccountMember(t, 'gus', null);
    assert.equal((await me(`/${inv.id}/accept`, gus)).status, 404);
    assert.equal((await me(`/${inv.id}/reject`, gus)).status, 404);
    assert.equal((await me('/00000000-0000-4000-8000-000000000000/accept', gus)).status, 404);
    const bot = await json<{ api_key: { key: string } }>(send('POST', `${account}/bots/`, { name: 'inv-bot' }), 201);
    assert.equal((await me('', bot.api_key.key, 'GET')).status, 403);
  });

  it('a Member cannot invite or list invitations (403); only an Owner can invite an Owner', async () => {
    const { key: member } = await addAccountMember(t, 'hal', 'member');
    assert.equal((await invite({ email: 'ivy@example.com' }, member)).status, 403);
    assert.equal((await send('POST', `${account}/invitations/filter`, {}, member)).status, 403);
    const { key: admin } = await addAccountMember(t, 'ida', 'admin');
    assert.equal((await invite({ email: 'ivy@example.com', account_role_name: 'owner' }, admin)).status, 403);
    assert.equal((await invite({ email: 'ivy@example.com', account_role_name: 'admin' }, admin)).status, 201);
    assert.equal((await invite({ email: 'ivy@example.com', account_role_name: 'owner' })).status, 201);
    const { key: stranger } = await addAccountMember(t, 'jon', null);
    assert.equal((await invite({ email: 'ivy@example.com' }, stranger)).status, 404, 'not a member of the account');
  });

  it('an acceptance recorded without its grants (a crash in between) is completed by the reactor, as the invitee', async () => {
    const inv = await json<Invitation>(invite({ email: 'kim@example.com', workspace_access: [{ workspace_id: workspaceId, workspace_role_id: 'runner' }] }), 201);
    const { userId: kimId } = await addAccountMember(t, 'kim', null);
    const principal = { actor: { type: 'user' as const, id: kimId, name: 'kim' }, apiKeyId: null };
    // Only InvitationAccepted, as if the process stopped right after writing it.
    await t.server.app.get(DeciderCommandHandler).handle({
      decider: invitationDecider,
      stream: streamName('invitation', inv.id),
      command: { type: 'AcceptInvitation', data: { userId: kimId, email: 'kim@example.com', now: new Date().toISOString() } },
      metadata: eventMetadata(principal, { kind: 'account', accountId }, NO_REQUEST, new Date()),
    });
    const store = t.server.runtime.stores.readStore;
    await waitFor(() => store.get(WORKSPACE_ACCESS, workspaceAccessId(workspaceId, kimId)), 'the reactor to grant the offered workspace access', 10_000, 50);
    assert.equal((await store.get(ACCOUNT_MEMBERSHIPS, membershipId(accountId, kimId)))?.account_role_name, 'member');
    assert.equal((await store.get(WORKSPACE_ACCESS, workspaceAccessId(workspaceId, kimId)))?.workspace_role_name, 'runner');
    const added = (await streamEvents(streamName('account', accountId))).find((e) => e.type === 'AccountMemberAdded' && (e.data as { userId: string }).userId === kimId);
    assert.equal(actorOf(added), kimId);
  });
});
