import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserApiKeyCommand, RegisterUserCommand, SESSION_ISSUER, SSO_SIGN_IN, type SessionIssuer, type SsoIdentity, type SsoSignIn } from '../../src/contexts/identity-access';
import { ACCOUNT_MEMBERSHIPS, membershipId, type AccountMembershipDoc } from '../../src/contexts/tenancy';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../src/infrastructure/read-store/read-store.port';
import { NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { type EventMetadata, type RecordedEvent } from '../../src/shared/ddd';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { apiClient } from '../support/http';
import { addAccountMember } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

interface DomainView {
  name: string;
  verified: boolean;
  verification_record: { value: string } | null;
}

describe('SSO sign-in (just-in-time provisioning) and SSO enforcement', () => {
  let dns: TestDnsServer;
  let t: TestServer;
  let sso: SsoSignIn;
  let sessions: SessionIssuer;
  let accountId: string;
  let account: string;

  const { send } = apiClient(() => t);
  const allEvents = (): Promise<RecordedEvent[]> => t.server.runtime.stores.events.readAll({ maxCount: 1_000_000 }) as Promise<RecordedEvent[]>;
  const actorOf = (e: RecordedEvent) => (e.metadata as EventMetadata).actor.id;
  const identity = (over: Partial<SsoIdentity> = {}): SsoIdentity => ({
    accountId,
    protocol: 'oidc',
    subject: 'sub-ada',
    email: 'Ada.Lovelace@acme.test',
    emailVerified: true,
    firstName: 'Ada',
    lastName: 'Lovelace',
    ...over,
  });
  const refusal = (reason: string) => (err: unknown) => {
    assert.equal((err as { code?: string }).code, 'FORBIDDEN');
    assert.deepEqual((err as { details?: unknown }).details, { reason });
    return true;
  };

  const passwordSession = async (userId: string) => (await sessions.start({ userId, method: 'password', accountId: null, sessionSeconds: null }, NO_REQUEST)).access_token;

  before(async () => {
    dns = await startDnsServer();
    t = await startTestServer({ PRAETOR_DNS_SERVERS: dns.address });
    sso = t.server.app.get<SsoSignIn>(SSO_SIGN_IN);
    sessions = t.server.app.get<SessionIssuer>(SESSION_ISSUER);
    accountId = t.server.installation.ids.accountId;
    account = `/accounts/${accountId}`;
    // acme.test is verified; pending.test is a domain of the account, not verified.
    const set = await send('PATCH', `${account}/domains`, { domain_names: ['acme.test', 'pending.test'] });
    const { domains } = (await set.json()) as { domains: DomainView[] };
    dns.records.set('_praetor-verification.acme.test', [domains.find((d) => d.name === 'acme.test')!.verification_record!.value]);
    assert.equal((await send('POST', `${account}/domains/acme.test/verify`)).status, 200);
  });
  after(async () => {
    await t?.stop();
    await dns?.close();
  });

  it('refuses an email outside the verified domains, an unverified email, and an unknown account', async () => {
    await assert.rejects(sso.complete(identity({ email: 'ada@pending.test' }), NO_REQUEST), refusal('domain_not_verified'));
    await assert.rejects(sso.complete(identity({ email: 'ada@elsewhere.test' }), NO_REQUEST), refusal('domain_not_verified'));
    await assert.rejects(sso.complete(identity({ emailVerified: false }), NO_REQUEST), refusal('email_not_verified'));
    await assert.rejects(sso.complete(identity({ accountId: randomUUID() }), NO_REQUEST), refusal('unknown_account'));
    const users = (await allEvents()).filter((e) => e.type === 'UserRegistered' && (e.data as { email: string }).email.endsWith('acme.test'));
    assert.equal(users.length, 0, 'a refused sign-in provisions nobody');
  });

  let adaId: string;
  it('provisions a new user just in time as an account Member, with the user as the actor of every event', async () => {
    const before = (await allEvents()).length;
    const session = await sso.complete(identity(), NO_REQUEST);
    adaId = session.user_id;
    const me = await send('GET', '/me/', undefined, session.access_token);
    assert.equal(me.status, 200);
    const body = (await me.json()) as { id: string; email: string; handle: string; first_name: string };
    assert.equal(body.id, adaId);
    assert.equal(body.email, 'ada.lovelace@acme.test');
    assert.equal(body.handle, 'ada.lovelace');
    assert.equal(body.first_name, 'Ada');
    const readStore = t.server.app.get<ReadStore>(READ_STORE);
    const membership = await readStore.get<AccountMembershipDoc>(ACCOUNT_MEMBERSHIPS, membershipId(accountId, adaId));
    assert.equal(membership?.account_role_name, 'member');
    // The new Member reads the account with the SSO session.
    assert.equal((await send('GET', account, undefined, session.access_token)).status, 200);

    const fresh = (await allEvents()).slice(before);
    const types = fresh.map((e) => e.type);
    for (const type of ['UserRegistered', 'SsoIdentityLinked', 'AccountMemberAdded', 'SessionStarted']) assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
    for (const e of fresh) assert.equal(actorOf(e), adaId, `${e.type} is recorded with the signing-in user as actor`);
    const started = fresh.find((e) => e.type === 'SessionStarted')!;
    assert.equal((started.data as { method: string }).method, 'oidc');
    assert.equal((started.data as { accountId: string }).accountId, accountId);
  });

  it('the same subject signs in as the same user again, with no new membership', async () => {
    const before = (await allEvents()).length;
    // The IdP changed the email: the subject, not the email, says who it is.
    const again = await sso.complete(identity({ email: 'ada@acme.test', firstName: 'A.' }), NO_REQUEST);
    assert.equal(again.user_id, adaId);
    const types = (await allEvents()).slice(before).map((e) => e.type);
    assert.deepEqual(types, ['SessionStarted']);
  });

  it('an existing user with the email is linked rather than provisioned', async () => {
    const bus = t.server.app.get(CommandBus);
    const { userId } = await bus.execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle: 'bob', email: 'bob@acme.test', firstName: null, lastName: null }));
    const { position } = await bus.execute(new CreateUserApiKeyCommand(SYSTEM_PRINCIPAL, NO_REQUEST, userId, { name: 'b', expiration: null }));
    await t.server.app.get(ProjectionRunner).wait(position!);
    const session = await sso.complete(identity({ protocol: 'saml', subject: 'bob-name-id', email: 'BOB@acme.test' }), NO_REQUEST);
    assert.equal(session.user_id, userId);
    const linked = (await allEvents()).filter((e) => e.type === 'SsoIdentityLinked').at(-1)!;
    assert.equal((linked.data as { userId: string }).userId, userId);
    assert.equal(actorOf(linked), userId);
  });

  it('a provisioned handle is made unique', async () => {
    await addAccountMember(t, 'carol', 'member');
    const session = await sso.complete(identity({ subject: 'sub-carol', email: 'carol@acme.test' }), NO_REQUEST);
    const me = (await (await send('GET', '/me/', undefined, session.access_token)).json()) as { handle: string };
    assert.equal(me.handle, 'carol-2');
  });

  describe('with enforce_sso on', () => {
    let member: { userId: string; key: string };
    let admin: { userId: string; key: string };
    const workspaceRoute = () => `${t.workspaceApi}/flows/filter`;

    before(async () => {
      member = await addAccountMember(t, 'mia', 'member', { workspaceRole: 'developer' });
      admin = await addAccountMember(t, 'abe', 'admin');
      assert.equal((await send('PATCH', `${account}/settings`, { enforce_sso: true }, member.key)).status, 403, 'a Member cannot turn it on');
      assert.equal((await send('PATCH', `${account}/settings`, { enforce_sso: true })).status, 204);
      const settings = (await (await send('GET', `${account}/settings`)).json()) as Record<string, boolean>;
      assert.equal(settings.enforce_sso, true);
      const e = (await allEvents()).filter((x) => x.type === 'AccountSettingsUpdated').at(-1)!;
      assert.equal(actorOf(e), t.server.installation.ids.userId);
    });

    it('a password session of a Member or an Admin is refused on account and workspace routes', async () => {
      const memberToken = await passwordSession(member.userId);
      for (const [method, url] of [['GET', account], ['POST', workspaceRoute()]] as const) {
        const r = await send(method, url, method === 'POST' ? {} : undefined, memberToken);
        assert.equal(r.status, 403, url);
        const body = (await r.json()) as { detail: string; details: { reason: string } };
        assert.equal(body.detail, 'This account requires single sign-on');
        assert.equal(body.details.reason, 'sso_required');
      }
      const adminToken = await passwordSession(admin.userId);
      assert.equal((await send('GET', account, undefined, adminToken)).status, 403);
      assert.equal((await send('POST', workspaceRoute(), {}, adminToken)).status, 403);
      // Routes of the user themselves are not the account's.
      assert.equal((await send('GET', '/me/', undefined, memberToken)).status, 200);
    });

    it('an SSO session of another account is refused too', async () => {
      const other = await sessions.start({ userId: member.userId, method: 'oidc', accountId: randomUUID(), sessionSeconds: null }, NO_REQUEST);
      assert.equal((await send('GET', account, undefined, other.access_token)).status, 403);
    });

    it('an Owner with a password session bypasses it', async () => {
      const ownerToken = await passwordSession(t.server.installation.ids.userId);
      assert.equal((await send('GET', account, undefined, ownerToken)).status, 200);
      assert.equal((await send('POST', workspaceRoute(), {}, ownerToken)).status, 200);
    });

    it("an SSO session of the account passes", async () => {
      const session = await sso.complete(identity({ subject: 'sub-ada' }), NO_REQUEST);
      assert.equal((await send('GET', account, undefined, session.access_token)).status, 200);
      const viaSso = await sessions.start({ userId: member.userId, method: 'saml', accountId, sessionSeconds: null }, NO_REQUEST);
      assert.equal((await send('POST', workspaceRoute(), {}, viaSso.access_token)).status, 200);
    });

    it('API keys are not affected', async () => {
      assert.equal((await send('GET', account, undefined, member.key)).status, 200);
      assert.equal((await send('POST', workspaceRoute(), {}, member.key)).status, 200);
      assert.equal((await send('GET', account, undefined, admin.key)).status, 200);
    });
  });
});
