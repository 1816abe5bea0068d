import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT_MEMBERSHIPS, membershipId, WORKSPACE_ACCESS, workspaceAccessId, type AccountMembershipDoc } from '../../src/contexts/tenancy';
import { serviceAccountDecider } from '../../src/contexts/identity-access/domain/service-account/service-account.decide';
import { DeciderCommandHandler, eventMetadata, NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { streamName, type EventMetadata } from '../../src/shared/ddd';
import { assertInNoFile, dataFiles } from '../support/data-files';
import { apiClient, json } from '../support/http';
import { addAccountMember, createOtherTenant, type OtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitFor } from '../support/ws-client';

interface BotApiKey {
  id: string;
  created: string;
  name: string;
  expiration: string | null;
  key?: string;
}
interface Bot {
  id: string;
  actor_id: string;
  account_id: string;
  name: string;
  account_role_name: string;
  api_key: BotApiKey;
}

const SECONDS = 1000;

describe('service accounts (bots) with pnb_ keys', () => {
  let t: TestServer;
  let eve: OtherTenant;
  let bots: string;
  const plainKeys: string[] = [];

  const { send } = apiClient(() => t);
  const createBot = async (name: string, extra: Record<string, unknown> = {}): Promise<Bot & { api_key: BotApiKey & { key: string } }> => {
    const bot = await json<Bot & { api_key: BotApiKey & { key: string } }>(send('POST', `${bots}/`, { name, ...extra }), 201);
    plainKeys.push(bot.api_key.key);
    return bot;
  };
  const grant = (botId: string, role: string) => json(send('POST', `${t.workspaceApi}/bot_access/`, { bot_id: botId, workspace_role_id: role }), 201);
  /** A read on the workspace with `key`: 200 with access, 404 without, 401 for a dead key. */
  const readFlows = async (key: string) => (await send('POST', `${t.workspaceApi}/flows/filter`, {}, key)).status;

  before(async () => {
    t = await startTestServer();
    bots = `${t.api}/accounts/${t.server.installation.ids.accountId}/bots`;
    eve = await createOtherTenant(t, 'eve');
  });
  after(async () => {
    await t?.stop();
  });

  it('creates a bot: 201 with a pnb_ key shown once, Member of the account; reads never show the key', async () => {
    const bot = await createBot('ci-bot');
    assert.match(bot.api_key.key, /^pnb_[0-9A-Za-z]{36}$/);
    assert.equal(bot.name, 'ci-bot');
    assert.equal(bot.actor_id, bot.id);
    assert.equal(bot.account_id, t.server.installation.ids.accountId);
    assert.equal(bot.account_role_name, 'Member');
    assert.equal(bot.api_key.expiration, null);
    assert.equal(bot.api_key.name, 'ci-bot');
    assert.ok(bot.api_key.id && bot.api_key.created);

    const read = await json<Bot>(send('GET', `${bots}/${bot.id}`), 200);
    assert.deepEqual(read.api_key, { id: bot.api_key.id, created: bot.api_key.created, name: 'ci-bot', expiration: null });
    const listed = await json<Bot[]>(send('POST', `${bots}/filter`, {}), 200);
    const mine = listed.find((b) => b.id === bot.id);
    assert.ok(mine);
    assert.equal(mine.api_key.key, undefined);
    assert.ok(!JSON.stringify(listed).includes(bot.api_key.key));

    const membership = await t.server.runtime.stores.readStore.get<AccountMembershipDoc>(ACCOUNT_MEMBERSHIPS, membershipId(bot.account_id, bot.id));
    assert.equal(membership?.account_role_name, 'member');
  });

  it('names are unique in the account (409); renaming frees the old name; empty names are refused', async () => {
    const bot = await createBot('unique-bot');
    assert.equal((await send('POST', `${bots}/`, { name: 'unique-bot' })).status, 409);
    assert.equal((await send('POST', `${bots}/`, { name: '  ' })).status, 422);
    assert.equal((await send('PATCH', `${bots}/${bot.id}`, { name: 'renamed-bot' })).status, 204);
    assert.equal((await json<Bot>(send('GET', `${bots}/${bot.id}`), 200)).name, 'renamed-bot');
    await createBot('unique-bot');
    assert.equal((await send('PATCH', `${bots}/${bot.id}`, { name: 'unique-bot' })).status, 409);

    const racing = await Promise.all(Array.from({ length: 5 }, () => send('POST', `${bots}/`, { name: 'racing-bot' })));
    const created = racing.filter((r) => r.status === 201);
    assert.deepEqual(racing.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
    plainKeys.push(((await created[0]!.json()) as Bot).api_key.key!);
    const listed = await json<Bot[]>(send('POST', `${bots}/filter`, { bots: { name: { any_: ['racing-bot'] } } }), 200);
    assert.equal(listed.length, 1);
  });

  it('the key works on a workspace only after bot_access, with exactly the role granted', async () => {
    const bot = await createBot('viewer-bot');
    const key = bot.api_key.key;
    assert.equal(await readFlows(key), 404, 'no access yet: the workspace is not found');
    const access = await grant(bot.id, 'viewer');
    assert.equal((access as { bot_id: string }).bot_id, bot.id);
    assert.equal(await readFlows(key), 200);
    const denied = await send('POST', `${t.workspaceApi}/flows/`, { name: 'nope' }, key);
    assert.equal(denied.status, 403);
    assert.match(((await denied.json()) as { detail: string }).detail, /run_flows/);
    const read = await json<{ bot_id: string; workspace_role_id: string }>(send('GET', `${t.workspaceApi}/bot_access/${bot.id}`), 200);
    assert.equal(read.bot_id, bot.id);

    await grant(bot.id, 'developer');
    assert.equal((await send('POST', `${t.workspaceApi}/flows/`, { name: 'by-a-bot' }, key)).status, 201);

    assert.equal((await send('DELETE', `${t.workspaceApi}/bot_access/${bot.id}`)).status, 204);
    assert.equal(await readFlows(key), 404);
    assert.equal((await send('GET', `${t.workspaceApi}/bot_access/${bot.id}`)).status, 404);
    assert.equal((await send('POST', `${t.workspaceApi}/bot_access/`, { bot_id: bot.id, workspace_role_id: 'no-such-role' })).status, 422);
  });

  it('GET /api/me/ with a bot key is 403 (only users have a profile)', async () => {
    const bot = await createBot('me-bot');
    assert.equal((await send('GET', `${t.api}/me/`, undefined, bot.api_key.key)).status, 403);
  });

  it('rotation: the old key works inside its grace period and fails with 401 after it', async () => {
    const bot = await createBot('rotating-bot');
    await grant(bot.id, 'viewer');
    const first = bot.api_key.key;
    const second = await json<Bot & { api_key: { key: string } }>(
      send('POST', `${bots}/${bot.id}/rotate_api_key`, { api_key_expiration: null, old_key_expires_in_seconds: 3600 }),
      201,
    );
    plainKeys.push(second.api_key.key);
    assert.match(second.api_key.key, /^pnb_/);
    assert.notEqual(second.api_key.id, bot.api_key.id);
    assert.equal(await readFlows(second.api_key.key), 200);
    assert.equal(await readFlows(first), 200, 'inside the grace period the old key still works');
    assert.equal((await json<Bot>(send('GET', `${bots}/${bot.id}`), 200)).api_key.id, second.api_key.id);

    const third = await json<Bot & { api_key: { key: string } }>(send('POST', `${bots}/${bot.id}/rotate_api_key`, { old_key_expires_in_seconds: 1 }), 201);
    plainKeys.push(third.api_key.key);
    await waitFor(async () => (await readFlows(second.api_key.key)) === 401 || undefined, 'the second key to expire after its 1 s grace', 20 * SECONDS, 100);
    assert.equal(await readFlows(third.api_key.key), 200);

    const fourth = await json<Bot & { api_key: { key: string } }>(send('POST', `${bots}/${bot.id}/rotate_api_key`, { old_key_expires_in_seconds: 0 }), 201);
    plainKeys.push(fourth.api_key.key);
    assert.equal(await readFlows(third.api_key.key), 401, 'no grace: revoked at once');
    assert.equal(await readFlows(fourth.api_key.key), 200);
  });

  it('a key past its expiration answers 401; an expiration in the past is refused', async () => {
    const bot = await createBot('expiring-bot', { api_key_expiration: new Date(Date.now() + 5 * SECONDS).toISOString() });
    assert.ok(bot.api_key.expiration);
    await grant(bot.id, 'viewer');
    await waitFor(async () => (await readFlows(bot.api_key.key)) === 401 || undefined, 'the key to expire', 20 * SECONDS, 100);
    assert.equal((await send('POST', `${bots}/`, { name: 'late-bot', api_key_expiration: '2020-01-01T00:00:00Z' })).status, 422);
  });

  it('deleting a bot revokes its keys and its workspace access, and frees its name', async () => {
    const bot = await createBot('doomed-bot');
    await grant(bot.id, 'viewer');
    assert.equal(await readFlows(bot.api_key.key), 200);
    assert.equal((await send('DELETE', `${bots}/${bot.id}`)).status, 204);
    assert.equal(await readFlows(bot.api_key.key), 401);
    assert.equal((await send('GET', `${bots}/${bot.id}`)).status, 404);
    assert.equal((await send('DELETE', `${bots}/${bot.id}`)).status, 404);
    const events = await t.server.runtime.stores.events.readStream(streamName('apiKey', bot.api_key.id));
    assert.deepEqual(events.map((e) => e.type), ['ApiKeyCreated', 'ApiKeyRevoked']);
    const { workspaceId } = t.server.installation.ids;
    assert.equal(await t.server.runtime.stores.readStore.get(WORKSPACE_ACCESS, workspaceAccessId(workspaceId, bot.id)), undefined);
    const revoked = (await t.server.runtime.stores.events.readStream(streamName('workspace', workspaceId))).filter(
      (e) => e.type === 'WorkspaceAccessRevoked' && (e.data as { actorId: string }).actorId === bot.id,
    );
    assert.equal(revoked.length, 1);
    await createBot('doomed-bot');
  });

  it('another account sees none of it: 404', async () => {
    const bot = await createBot('private-bot');
    assert.equal((await send('GET', `${bots}/${bot.id}`, undefined, eve.key)).status, 404);
    assert.equal((await send('POST', `${bots}/filter`, {}, eve.key)).status, 404);
    assert.equal((await send('POST', `${bots}/`, { name: 'intruder' }, eve.key)).status, 404);
    assert.equal((await send('DELETE', `${bots}/${bot.id}`, undefined, eve.key)).status, 404);
    assert.equal((await send('POST', `${bots}/${bot.id}/rotate_api_key`, { old_key_expires_in_seconds: 0 }, eve.key)).status, 404);
    // Eve's own account does not know our bot either, nor can she grant it her workspace.
    const hers = `${t.api}/accounts/${eve.accountId}/bots`;
    assert.equal((await send('GET', `${hers}/${bot.id}`, undefined, eve.key)).status, 404);
    assert.equal((await send('POST', `${eve.api}/bot_access/`, { bot_id: bot.id, workspace_role_id: 'owner' }, eve.key)).status, 404);
    assert.equal(await readFlows(bot.api_key.key), 404);
    assert.equal((await send('POST', `${eve.api}/flows/filter`, {}, bot.api_key.key)).status, 404);
  });

  it('an account Member cannot manage bots (403) but may read them', async () => {
    const { key } = await addAccountMember(t, 'mia', 'member');
    const bot = await createBot('admins-bot');
    assert.equal((await send('POST', `${bots}/`, { name: 'members-bot' }, key)).status, 403);
    assert.equal((await send('PATCH', `${bots}/${bot.id}`, { name: 'x' }, key)).status, 403);
    assert.equal((await send('DELETE', `${bots}/${bot.id}`, undefined, key)).status, 403);
    assert.equal((await send('POST', `${bots}/${bot.id}/rotate_api_key`, {}, key)).status, 403);
    assert.equal((await send('GET', `${bots}/${bot.id}`, undefined, key)).status, 200);
  });

  it('a bot whose membership was never written (the process stopped in between) becomes a Member in reaction', async () => {
    const { accountId } = t.server.installation.ids;
    const botId = crypto.randomUUID();
    // Only the bot's own event, as if the process had died before the membership command.
    await t.server.app.get(DeciderCommandHandler).handle({
      decider: serviceAccountDecider,
      stream: streamName('serviceAccount', botId),
      command: { type: 'CreateServiceAccount', data: { botId, accountId, name: 'half-made', apiKeyId: crypto.randomUUID(), now: new Date().toISOString() } },
      metadata: eventMetadata(SYSTEM_PRINCIPAL, { kind: 'account', accountId }, NO_REQUEST, new Date()),
    });
    await waitFor(
      async () => (await t.server.runtime.stores.readStore.get<AccountMembershipDoc>(ACCOUNT_MEMBERSHIPS, membershipId(accountId, botId)))?.account_role_name === 'member' || undefined,
      'the reactor to make the bot a Member',
      20 * SECONDS,
      100,
    );
    const added = (await t.server.runtime.stores.events.readAll()).filter((e) => e.type === 'AccountMemberAdded' && (e.data as { userId: string }).userId === botId);
    assert.equal(added.length, 1, 'exactly one membership event');
  });

  it('every change is an event with its actor', async () => {
    const bot = await createBot('audited-bot');
    await grant(bot.id, 'viewer');
    assert.equal((await send('PATCH', `${bots}/${bot.id}`, { name: 'audited-bot-2' })).status, 204);
    await json(send('POST', `${bots}/${bot.id}/rotate_api_key`, { old_key_expires_in_seconds: 60 }), 201).then((b) => plainKeys.push((b as Bot).api_key.key!));
    assert.equal((await send('DELETE', `${bots}/${bot.id}`)).status, 204);
    const { userId, accountId, workspaceId } = t.server.installation.ids;
    const store = t.server.runtime.stores.events;
    const botEvents = await store.readStream(streamName('serviceAccount', bot.id));
    assert.deepEqual(botEvents.map((e) => e.type), ['ServiceAccountCreated', 'ServiceAccountRenamed', 'ServiceAccountKeyRotated', 'ServiceAccountDeleted']);
    const keyEvents = await store.readStream(streamName('apiKey', bot.api_key.id));
    assert.deepEqual(keyEvents.map((e) => e.type), ['ApiKeyCreated', 'ApiKeyExpirationShortened', 'ApiKeyRevoked']);
    const all = await store.readAll();
    const granted = all.find((e) => e.type === 'WorkspaceAccessGranted' && (e.data as { actorId: string }).actorId === bot.id);
    const member = all.find((e) => e.type === 'AccountMemberAdded' && (e.data as { userId: string }).userId === bot.id);
    assert.ok(granted && member);
    const meta = (e: { metadata: unknown }) => e.metadata as EventMetadata;
    for (const e of [...botEvents, ...keyEvents, granted, member]) {
      assert.equal(meta(e).actor.type, 'user', e.type);
      assert.equal(meta(e).actor.id, userId, e.type);
      assert.equal(meta(e).accountId, accountId, e.type);
    }
    assert.equal(meta(granted).workspaceId, workspaceId);
  });

  it('no plain bot key appears in any file of the data dir (events, read models, WAL files)', async () => {
    assert.ok(plainKeys.length >= 10);
    const files = dataFiles(t.dataDir);
    assert.ok(files.length > 0);
    assertInNoFile(files, [...plainKeys, ...plainKeys.map((k) => k.slice(8))]);
    const all = JSON.stringify(await t.server.runtime.stores.events.readAll());
    for (const k of plainKeys) assert.ok(!all.includes(k.slice(8)));
  });
});
