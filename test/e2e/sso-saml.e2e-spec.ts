import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { b64, generateIdpKey, injectNameIdComment, responseXml, assertionXml, sign, signedResponse, XSW, ALG, type AssertionInput, type IdpKey } from '../support/saml-idp';
import { startDnsServer, type TestDnsServer } from '../support/dns-server';
import { verifyDomain } from '../support/domains';
import { startTestServer, type TestServer } from '../support/test-server';

interface Connection {
  account_id: string;
  idp_entity_id: string;
  sso_url: string;
  idp_certificates: string[];
  enabled: boolean;
  sp_entity_id: string;
  acs_url: string;
}

const IDP = 'https://idp.acme.test/entity';
const SSO_URL = 'https://idp.acme.test/sso';
const USER = 'user@acme.test';

describe('SAML 2.0 sign-in per account', () => {
  let t: TestServer;
  let key: IdpKey;
  let otherKey: IdpKey;
  let accountId: string;
  let conn: Connection;
  let base: string;

  let dns: TestDnsServer;
  before(async () => {
    dns = await startDnsServer();
    t = await startTestServer({ PRAETOR_DNS_SERVERS: dns.address });
    accountId = t.server.installation.ids.accountId;
    // SSO sign-in admits only emails of a verified domain of the account.
    await verifyDomain(t, dns, accountId, 'acme.test');
    base = t.api.replace(/\/api$/, '');
    key = generateIdpKey();
    otherKey = generateIdpKey('attacker');
    const res = await t.fetch(`/accounts/${accountId}/sso/saml`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idp_entity_id: IDP, sso_url: SSO_URL, idp_certificates: [key.certificate], enabled: true }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    conn = (await res.json()) as Connection;
  });
  after(async () => {
    await t?.stop();
    await dns?.close();
  });

  /** Starts a login as a browser would; returns the AuthnRequest's ID. */
  async function login(): Promise<string> {
    const res = await fetch(`${base}/auth/saml/${accountId}/login`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, SSO_URL);
    const request = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    assert.match(request, /<samlp:AuthnRequest\b/);
    assert.ok(request.includes(`AssertionConsumerServiceURL="${conn.acs_url}"`), request);
    return /\bID="([^"]+)"/.exec(request)![1]!;
  }

  const input = (requestId: string | null, over: Partial<AssertionInput> = {}): AssertionInput => ({
    idpEntityId: IDP,
    audience: conn.sp_entity_id,
    acsUrl: conn.acs_url,
    inResponseTo: requestId,
    nameId: USER,
    ...over,
  });

  const post = (xml: string) =>
    fetch(`${base}/auth/saml/${accountId}/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: b64(xml), RelayState: '' }).toString(),
    });

  const eventCount = async () => (await t.server.runtime.stores.events.readAll()).length;

  /** A refusal: 401 with a stable code and reason, no token, and nothing recorded (no user, no session). */
  async function assertRefused(xml: string, reasons: readonly string[]): Promise<void> {
    const before = await eventCount();
    const res = await post(xml);
    const body = (await res.json()) as { code?: string; details?: { reason?: string }; access_token?: string };
    assert.equal(res.status, 401, JSON.stringify(body));
    assert.equal(body.code, 'UNAUTHENTICATED');
    assert.ok(reasons.includes(body.details?.reason ?? ''), `reason ${body.details?.reason} not in ${reasons.join(', ')}`);
    assert.equal(body.access_token, undefined);
    assert.equal(await eventCount(), before, 'a refused response records nothing');
  }

  it('serves SP metadata and records the connection with its actor', async () => {
    const res = await fetch(`${base}/auth/saml/${accountId}/metadata`);
    assert.equal(res.status, 200);
    const xml = await res.text();
    assert.ok(xml.includes(`entityID="${conn.sp_entity_id}"`), xml);
    assert.ok(xml.includes(conn.acs_url));
    assert.match(xml, /WantAssertionsSigned="true"/);
    const events = await t.server.runtime.stores.events.readStream(`samlConnection-${accountId}`);
    assert.equal(events[0]?.type, 'SamlConnectionConfigured');
    assert.equal((events[0]?.metadata as { actor: { id: string } }).actor.id, t.server.installation.ids.userId);
  });

  it('connection: garbage certificates are 422; unknown accounts and Members are refused; GET shows it', async () => {
    const bad = await t.fetch(`/accounts/${accountId}/sso/saml`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idp_entity_id: IDP, sso_url: SSO_URL, idp_certificates: ['-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----'] }),
    });
    assert.equal(bad.status, 422);
    const got = (await (await t.fetch(`/accounts/${accountId}/sso/saml`)).json()) as Connection;
    assert.equal(got.idp_entity_id, IDP);
    assert.equal((await fetch(`${base}/auth/saml/00000000-0000-4000-8000-000000000000/login`, { redirect: 'manual' })).status, 404);
    assert.equal((await t.fetch(`/accounts/${accountId}/sso/saml`, { key: null })).status, 401);
  });

  it('login works end to end: login → IdP-signed assertion → ACS → session on /api/me/', async () => {
    const id = await login();
    const res = await post(signedResponse(input(id), key));
    const body = (await res.json()) as { access_token: string; user_id: string };
    assert.equal(res.status, 200, JSON.stringify(body));
    const me = await t.fetch('/me/', { key: body.access_token });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { email: string }).email, USER);
  });

  it('refuses an unsigned assertion', async () => {
    const id = await login();
    await assertRefused(responseXml(input(id), assertionXml(input(id))), ['assertion_unsigned']);
  });

  it('refuses a signed response around an unsigned assertion', async () => {
    const id = await login();
    await assertRefused(sign(responseXml(input(id), assertionXml(input(id))), key, { target: 'Response' }), ['assertion_unsigned']);
  });

  it('refuses an assertion signed by another key', async () => {
    const id = await login();
    await assertRefused(signedResponse(input(id), otherKey), ['invalid_signature']);
  });

  for (const [name, wrap] of Object.entries(XSW)) {
    it(`refuses signature wrapping: ${name}`, async () => {
      const id = await login();
      const signed = signedResponse(input(id, { nameId: 'attacker@acme.test' }), key);
      await assertRefused(wrap(signed, 'admin@acme.test'), [
        'assertion_count',
        'assertion_misplaced',
        'duplicate_id',
        'unexpected_signature',
        'signature_reference',
        'assertion_unsigned',
      ]);
    });
  }

  it('refuses a comment injected into the NameID (no session for user@acme.test)', async () => {
    const id = await login();
    const signed = signedResponse(input(id, { nameId: `${USER}.evil.example` }), key);
    await assertRefused(injectNameIdComment(signed, USER), ['comment_in_document']);
  });

  it('refuses a wrong audience', async () => {
    const id = await login();
    await assertRefused(signedResponse(input(id, { audience: 'https://other-sp.example/metadata' }), key), ['audience_mismatch']);
  });

  it('refuses a wrong recipient', async () => {
    const id = await login();
    await assertRefused(signedResponse(input(id, { recipient: 'https://other-sp.example/acs' }), key), ['recipient_mismatch']);
  });

  it('refuses a wrong Destination', async () => {
    const id = await login();
    await assertRefused(signedResponse(input(id, { destination: 'https://other-sp.example/acs' }), key), ['destination_mismatch']);
  });

  it('refuses an unknown InResponseTo', async () => {
    await login();
    await assertRefused(signedResponse(input('_never-requested'), key), ['in_response_to_invalid']);
  });

  it('refuses a response without InResponseTo (unsolicited)', async () => {
    await assertRefused(signedResponse(input(null), key), ['in_response_to_missing']);
  });

  it('refuses an expired assertion', async () => {
    const id = await login();
    await assertRefused(signedResponse(input(id, { notOnOrAfter: new Date(Date.now() - 10 * 60_000) }), key), ['expired', 'subject_confirmation_invalid']);
  });

  it('refuses an RSA-SHA1 / SHA-1 downgrade', async () => {
    const id = await login();
    await assertRefused(signedResponse(input(id), key, { signatureAlgorithm: ALG.rsaSha1, digestAlgorithm: ALG.sha1 }), ['weak_algorithm']);
  });

  it('refuses an HMAC-SHA1 signature (key confusion)', async () => {
    const id = await login();
    const signed = signedResponse(input(id), key).replace(ALG.rsaSha256, ALG.hmacSha1);
    await assertRefused(signed, ['weak_algorithm']);
  });

  it('refuses a replayed assertion: the same response twice, the second is 401', async () => {
    const id = await login();
    const signed = signedResponse(input(id), key);
    const first = await post(signed);
    const firstBody = (await first.json()) as { details?: { reason?: string } };
    assert.notEqual(first.status, 401, JSON.stringify(firstBody));
    await assertRefused(signed, ['replayed', 'in_response_to_invalid']);
  });

  it('malformed input is refused without a 500', async () => {
    await assertRefused('<samlp:Response', ['malformed']);
    const res = await fetch(`${base}/auth/saml/${accountId}/acs`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'RelayState=x' });
    assert.equal(res.status, 422);
  });

  it('a disabled or deleted connection is 404 on the sign-in routes', async () => {
    const put = await t.fetch(`/accounts/${accountId}/sso/saml`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idp_entity_id: IDP, sso_url: SSO_URL, idp_certificates: [key.certificate], enabled: false }),
    });
    assert.equal(put.status, 200);
    assert.equal((await fetch(`${base}/auth/saml/${accountId}/login`, { redirect: 'manual' })).status, 404);
    assert.equal((await t.fetch(`/accounts/${accountId}/sso/saml`, { method: 'DELETE' })).status, 204);
    assert.equal((await t.fetch(`/accounts/${accountId}/sso/saml`)).status, 404);
    assert.equal((await fetch(`${base}/auth/saml/${accountId}/metadata`)).status, 404);
  });
});
