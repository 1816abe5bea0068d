import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nameBasedUuid } from '../../src/shared/application';
import { streamName, type EventMetadata, type RecordedEvent } from '../../src/shared/ddd';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { apiClient, json } from '../support/http';
import { addAccountMember, createOtherTenant, type OtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

interface DomainView {
  name: string;
  verified: boolean;
  verified_at: string | null;
  verification_record: { type: string; name: string; value: string } | null;
}
interface Domains {
  domain_names: string[];
  domains: DomainView[];
}

const claimStream = (domain: string) => streamName('domainClaim', nameBasedUuid('praetor:verified-domain', domain));

describe('verified domains (DNS TXT)', () => {
  let dns: TestDnsServer;
  let t: TestServer;
  let eve: OtherTenant;
  let account: string;
  let ownerId: string;

  const { send } = apiClient(() => t);
  const events = (stream: string) => t.server.runtime.stores.events.readStream(stream) as Promise<RecordedEvent[]>;
  const actorOf = (e: RecordedEvent | undefined) => (e?.metadata as EventMetadata | undefined)?.actor.id;

  before(async () => {
    dns = await startDnsServer();
    t = await startTestServer({ PRAETOR_DNS_SERVERS: dns.address });
    eve = await createOtherTenant(t, 'eve');
    account = `/accounts/${t.server.installation.ids.accountId}`;
    ownerId = t.server.installation.ids.userId;
  });
  after(async () => {
    await t?.stop();
    await dns?.close();
  });

  it('a new domain is unverified, with the TXT record that would verify it', async () => {
    const set = await json<Domains>(send('PATCH', `${account}/domains`, { domain_names: ['Acme.test'] }), 200);
    assert.deepEqual(set.domain_names, ['acme.test']);
    const [d] = set.domains;
    assert.equal(d?.name, 'acme.test');
    assert.equal(d?.verified, false);
    assert.equal(d?.verified_at, null);
    assert.equal(d?.verification_record?.type, 'TXT');
    assert.equal(d?.verification_record?.name, '_praetor-verification.acme.test');
    assert.match(d?.verification_record?.value ?? '', /^praetor-domain-verification=[0-9a-f]{32}$/);
    assert.deepEqual(await json<Domains>(send('GET', `${account}/domains`), 200), set);
  });

  it('verification fails (409) without the TXT record, and with a wrong value', async () => {
    const r = await json<{ code: string; detail: string; details: { reason: string } }>(send('POST', `${account}/domains/acme.test/verify`), 409);
    assert.equal(r.details.reason, 'txt_record_not_found');
    assert.match(r.detail, /_praetor-verification\.acme\.test/);
    assert.ok(dns.queries.includes('_praetor-verification.acme.test'), 'the lookup went to the configured DNS server');
    dns.records.set('_praetor-verification.acme.test', ['praetor-domain-verification=not-the-token', 'v=spf1 -all']);
    const wrong = await json<{ details: { reason: string } }>(send('POST', `${account}/domains/acme.test/verify`), 409);
    assert.equal(wrong.details.reason, 'txt_record_not_found');
    assert.equal((await json<Domains>(send('GET', `${account}/domains`), 200)).domains[0]?.verified, false);
  });

  it('verification succeeds with the TXT record, recorded with the caller as actor', async () => {
    const { domains } = await json<Domains>(send('GET', `${account}/domains`), 200);
    dns.records.set('_praetor-verification.acme.test', ['v=spf1 -all', domains[0]!.verification_record!.value]);
    const verified = await json<DomainView>(send('POST', `${account}/domains/ACME.test/verify`), 200);
    assert.equal(verified.verified, true);
    assert.ok(verified.verified_at);
    const after = (await json<Domains>(send('GET', `${account}/domains`), 200)).domains[0];
    assert.equal(after?.verified, true);
    assert.equal(after?.verified_at, verified.verified_at);
    const e = (await events(streamName('account', t.server.installation.ids.accountId))).filter((x) => x.type === 'AccountDomainVerified').at(-1);
    assert.deepEqual((e?.data as { domain: string }).domain, 'acme.test');
    assert.equal(actorOf(e), ownerId);
    const claim = (await events(claimStream('acme.test'))).at(-1);
    assert.equal(claim?.type, 'DomainClaimed');
    assert.equal(actorOf(claim), ownerId);
    // Verifying again changes nothing.
    await json<DomainView>(send('POST', `${account}/domains/acme.test/verify`), 200);
    assert.equal((await events(claimStream('acme.test'))).length, 1);
  });

  it('another account cannot verify a domain this account verified', async () => {
    const eveAccount = `/accounts/${eve.accountId}`;
    const set = await json<Domains>(send('PATCH', `${eveAccount}/domains`, { domain_names: ['acme.test'] }, eve.key), 200);
    const value = set.domains[0]!.verification_record!.value;
    const ours = dns.records.get('_praetor-verification.acme.test')!;
    dns.records.set('_praetor-verification.acme.test', [...ours, value]);
    const r = await json<{ details: { reason: string } }>(send('POST', `${eveAccount}/domains/acme.test/verify`, undefined, eve.key), 409);
    assert.equal(r.details.reason, 'domain_claimed');
    assert.equal((await json<Domains>(send('GET', `${eveAccount}/domains`, undefined, eve.key), 200)).domains[0]?.verified, false);
  });

  it('SSO cannot be enforced without a verified domain (409)', async () => {
    const r = await json<{ details: { reason: string } }>(send('PATCH', `/accounts/${eve.accountId}/settings`, { enforce_sso: true }, eve.key), 409);
    assert.equal(r.details.reason, 'no_verified_domain');
  });

  it('removing a domain drops its verification and releases it for other accounts', async () => {
    await json<Domains>(send('PATCH', `${account}/domains`, { domain_names: ['other.test'] }), 200);
    const releasedBy = (await events(claimStream('acme.test'))).at(-1);
    assert.equal(releasedBy?.type, 'DomainClaimReleased');
    assert.equal(actorOf(releasedBy), ownerId);
    const readded = await json<Domains>(send('PATCH', `${account}/domains`, { domain_names: ['acme.test', 'other.test'] }), 200);
    const acme = readded.domains.find((d) => d.name === 'acme.test');
    assert.equal(acme?.verified, false);
    assert.equal(acme?.verified_at, null);
    // A new token: the TXT value that verified it before no longer does.
    assert.ok(!dns.records.get('_praetor-verification.acme.test')!.slice(0, 2).includes(acme!.verification_record!.value));
    // Eve's TXT value is published: now Eve can verify it.
    const eveView = await json<DomainView>(send('POST', `/accounts/${eve.accountId}/domains/acme.test/verify`, undefined, eve.key), 200);
    assert.equal(eveView.verified, true);
    const claimed = (await events(claimStream('acme.test'))).at(-1);
    assert.equal(claimed?.type, 'DomainClaimed');
    assert.equal((claimed?.data as { accountId: string }).accountId, eve.accountId);
  });

  it('a Member may neither verify a domain nor enforce SSO (403); an unknown domain is 404', async () => {
    const { key } = await addAccountMember(t, 'mo', 'member');
    assert.equal((await send('POST', `${account}/domains/other.test/verify`, undefined, key)).status, 403);
    assert.equal((await send('PATCH', `${account}/settings`, { enforce_sso: true }, key)).status, 403);
    assert.equal((await send('POST', `${account}/domains/nowhere.test/verify`)).status, 404);
  });

  it('a DNS server that does not answer is a 409, not a crash', async () => {
    const silent = await startTestServer({ PRAETOR_DNS_SERVERS: '127.0.0.1:9' });
    try {
      const path = `/accounts/${silent.server.installation.ids.accountId}`;
      assert.equal((await silent.fetch(`${path}/domains`, { method: 'PATCH', body: JSON.stringify({ domain_names: ['x.test'] }), headers: { 'content-type': 'application/json' } })).status, 200);
      const r = await silent.fetch(`${path}/domains/x.test/verify`, { method: 'POST' });
      assert.equal(r.status, 409);
      assert.equal(((await r.json()) as { details: { reason: string } }).details.reason, 'txt_record_not_found');
      assert.equal((await silent.fetch(`${path}/domains`)).status, 200);
    } finally {
      await silent.stop();
    }
  });
});
