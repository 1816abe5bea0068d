/*
 * SAML 2.0 sign-in (SP side) with the `SAML` class of @node-saml/passport-saml (node-saml's, which
 * passport-saml re-exports and its strategies wrap), used directly: our routes are plain public Nest
 * routes that end in SsoSignIn with a bearer session, so the passport strategy layer would add nothing.
 *
 * Versions (perf-reliability.md X1): node-saml 5.1.0 with xml-crypto 6.3.2.
 *  - GHSA-4mxg-3p6v-xgq3 / CVE-2025-54419 (node-saml read the assertion from the unsigned original
 *    response rather than from what the signature covered): fixed in node-saml 5.1.0, commit 31ead94
 *    "Use new .signedReferences interface in xml-crypto"; affected < 5.1.0.
 *  - GHSA-m837-g268-mmv7 / CVE-2025-54369 (authentication bypass, same root cause, published later
 *    with CWE-87/347): the advisory lists @node-saml/node-saml >= 0, < 5.1.0 as affected, fixed by
 *    the same commit in 5.1.0 (the legacy `node-saml` package is affected in every version).
 *    Audits that flag 5.1.0 match the advisory publication date, not the range: 5.1.0 is enough.
 *  - xml-crypto CVE-2025-29774 / 29775 (several SignedInfo references, comment in DigestValue):
 *    fixed in xml-crypto 6.0.1 (node-saml 5.0.1); HMAC key confusion (GHSA-c27r-x354-4m68) fixed in
 *    2.0.0, HMAC is off by default since.
 * We still add defence in depth (saml-response-guard.ts) and the checks node-saml does not do:
 *  node-saml checks: signatures (wantAssertionsSigned), one assertion, InResponseTo against the
 *   cache ('always'), Conditions NotBefore/NotOnOrAfter, SubjectConfirmationData NotBefore/
 *   NotOnOrAfter (to pick a confirmation), Audience, Issuer (idpIssuer).
 *  node-saml does NOT check: Recipient, Destination, the confirmation Method, that the
 *   SubjectConfirmationData InResponseTo is present, algorithm strength (accepts RSA-SHA1/SHA-1),
 *   replay of an assertion, comments in NameID. Those are checked here, on the verified assertion.
 */
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { SAML, type SamlConfig } from '@node-saml/passport-saml';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';
import { CLOCK, type Clock, type RequestContext } from '../../../../shared/application';
import { DomainError, ValidationError } from '../../../../shared/errors';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import type { SamlConnectionDoc } from '../../read-models/saml';
import type { IssuedSession } from '../sessions/session-issuer';
import { SSO_SIGN_IN, type SsoIdentity, type SsoSignIn } from '../sso/sso-sign-in';
import { SamlConnectionUseCases, spUrls } from './saml-connections.use-cases';
import { reasonFromNodeSaml, refuse, SamlRefusedError } from './saml-refusal';
import { markAssertionUsed, pruneExpired, ReadStoreSamlRequestCache, SAML_EPHEMERAL_INDEXES, SAML_PENDING_REQUESTS, SAML_USED_ASSERTIONS } from './saml-request-cache';
import { inspectSamlResponse, readVerifiedAssertion, type VerifiedAssertion } from './saml-response-guard';

/** Tolerated clock difference with the IdP. */
export const SAML_CLOCK_SKEW_MS = 60_000;
/** How long an AuthnRequest id waits for its Response. */
export const SAML_REQUEST_TTL_MS = 10 * 60_000;
/** Responses larger than this are refused before parsing (base64 characters). */
const MAX_RESPONSE_CHARS = 512 * 1024;

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_ATTRIBUTES = ['email', 'mail', 'emailaddress', 'urn:oid:0.9.2342.19200300.100.1.3', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'];
const FIRST_NAME_ATTRIBUTES = ['first_name', 'firstName', 'givenName', 'urn:oid:2.5.4.42', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname'];
const LAST_NAME_ATTRIBUTES = ['last_name', 'lastName', 'sn', 'surname', 'urn:oid:2.5.4.4', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname'];

@Injectable()
export class SamlSignIn implements OnModuleInit {
  constructor(
    private readonly connections: SamlConnectionUseCases,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SSO_SIGN_IN) private readonly ssoSignIn: SsoSignIn,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.store.ensureCollection(SAML_PENDING_REQUESTS, SAML_EPHEMERAL_INDEXES);
    await this.store.ensureCollection(SAML_USED_ASSERTIONS, SAML_EPHEMERAL_INDEXES);
  }

  /** The SP metadata an IdP administrator imports (entity id, ACS, signed assertions wanted). */
  async metadata(accountId: string): Promise<string> {
    const connection = await this.connections.enabled(accountId);
    return this.saml(connection).generateServiceProviderMetadata(null, null);
  }

  /** The IdP URL carrying a deflated AuthnRequest (HTTP-Redirect binding); its id is remembered for InResponseTo. */
  async loginUrl(accountId: string): Promise<string> {
    const connection = await this.connections.enabled(accountId);
    await pruneExpired(this.store, this.clock.now());
    return this.saml(connection).getAuthorizeUrlAsync('', undefined, {});
  }

  /** Verifies a posted Response (HTTP-POST binding); on success the SSO core signs the user in. */
  async acs(accountId: string, form: unknown, request: RequestContext): Promise<IssuedSession> {
    const connection = await this.connections.enabled(accountId);
    const encoded = samlResponseField(form);
    const identity = await this.verify(connection, encoded);
    return this.ssoSignIn.complete(identity, request);
  }

  private async verify(connection: SamlConnectionDoc, encoded: string): Promise<SsoIdentity> {
    const accountId = connection.account_id;
    const { acsUrl } = spUrls(this.config.publicUrl, accountId);
    const xml = Buffer.from(encoded, 'base64').toString('utf8');
    const raw = guarded(() => inspectSamlResponse(xml));

    let assertionXml: string;
    try {
      const { profile } = await this.saml(connection).validatePostResponseAsync({ SAMLResponse: encoded });
      if (!profile) return refuse('invalid_response', 'the response carries no assertion');
      assertionXml = profile.getAssertionXml?.() ?? refuse('invalid_response', 'no verified assertion');
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw new SamlRefusedError(reasonFromNodeSaml(err), err instanceof Error ? err.message : 'invalid SAML response');
    }

    const assertion = guarded(() => readVerifiedAssertion(assertionXml));
    const now = this.clock.now().getTime();
    if (assertion.id !== raw.assertionId) refuse('assertion_mismatch', 'the verified assertion is not the one in the response');
    if (assertion.issuer !== connection.idp_entity_id) refuse('issuer_mismatch', 'the assertion was issued by another entity');
    if (raw.destination !== null && raw.destination !== acsUrl) refuse('destination_mismatch', 'the response is addressed to another endpoint');
    if (raw.inResponseTo === null) refuse('in_response_to_missing', 'the response answers no request');
    const notOnOrAfter = confirm(assertion, acsUrl, raw.inResponseTo!, now);

    // Once only, until it expires anyway (plus the skew the expiry check tolerates).
    const usedUntil = new Date(notOnOrAfter + SAML_CLOCK_SKEW_MS).toISOString();
    if (!(await markAssertionUsed(this.store, accountId, assertion.id, usedUntil))) refuse('replayed', 'this assertion was already used');

    const email = emailOf(assertion);
    return {
      accountId,
      protocol: 'saml',
      subject: assertion.nameId,
      email,
      emailVerified: true,
      firstName: first(assertion, FIRST_NAME_ATTRIBUTES),
      lastName: first(assertion, LAST_NAME_ATTRIBUTES),
    };
  }

  private saml(connection: SamlConnectionDoc): SAML {
    const urls = spUrls(this.config.publicUrl, connection.account_id);
    const options: SamlConfig = {
      entryPoint: connection.sso_url,
      issuer: urls.entityId,
      callbackUrl: urls.acsUrl,
      audience: urls.entityId,
      idpCert: connection.idp_certificates,
      idpIssuer: connection.idp_entity_id,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: 'always' as SamlConfig['validateInResponseTo'],
      requestIdExpirationPeriodMs: SAML_REQUEST_TTL_MS,
      acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      cacheProvider: new ReadStoreSamlRequestCache(this.store, connection.account_id, () => this.clock.now(), SAML_REQUEST_TTL_MS),
    };
    return new SAML(options);
  }
}

/** Our own checks throw refusals; anything else they throw (a parser surprise) is malformed input, never a 500. */
function guarded<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    return refuse('malformed', 'the SAML response could not be read');
  }
}

function samlResponseField(form: unknown): string {
  const value = typeof form === 'object' && form !== null ? (form as Record<string, unknown>).SAMLResponse : undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError('SAMLResponse is required (HTML form post)');
  const compact = value.replace(/\s+/g, '');
  if (compact.length > MAX_RESPONSE_CHARS) throw new ValidationError('SAMLResponse is too large');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new SamlRefusedError('malformed', 'SAMLResponse is not base64');
  return compact;
}

/** A bearer confirmation for our ACS, answering our request, not expired; returns its NotOnOrAfter (ms). */
function confirm(assertion: VerifiedAssertion, acsUrl: string, inResponseTo: string, now: number): number {
  const bearer = assertion.confirmations.filter((c) => c.method === BEARER);
  if (bearer.length === 0) return refuse('subject_confirmation_invalid', 'no bearer subject confirmation');
  const forUs = bearer.filter((c) => c.recipient === acsUrl);
  if (forUs.length === 0) return refuse('recipient_mismatch', 'the assertion is meant for another recipient');
  const answering = forUs.filter((c) => c.inResponseTo === inResponseTo);
  if (answering.length === 0) return refuse('in_response_to_invalid', 'the subject confirmation answers another request');
  const expiries = answering.map((c) => (c.notOnOrAfter === null ? NaN : Date.parse(c.notOnOrAfter))).filter((t) => Number.isFinite(t));
  if (expiries.length === 0) return refuse('expired', 'the subject confirmation has no NotOnOrAfter');
  const latest = Math.max(...expiries);
  if (now - SAML_CLOCK_SKEW_MS >= latest) return refuse('expired', 'the assertion has expired');
  return latest;
}

function first(assertion: VerifiedAssertion, names: readonly string[]): string | null {
  for (const name of names) {
    const values = assertion.attributes.get(name) ?? [];
    const v = values.find((x) => x.trim() !== '');
    if (v !== undefined) return v.trim();
  }
  return null;
}

function emailOf(assertion: VerifiedAssertion): string {
  if (EMAIL.test(assertion.nameId)) return assertion.nameId.toLowerCase();
  const email = first(assertion, EMAIL_ATTRIBUTES);
  if (email === null || !EMAIL.test(email)) return refuse('no_email', 'the assertion names no email address');
  return email.toLowerCase();
}
