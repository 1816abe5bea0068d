import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignedXml } from 'xml-crypto';

/**
 * A test SAML IdP: an RSA key with a self-signed certificate (openssl), Responses with one
 * Assertion signed by xml-crypto (RSA-SHA256, exclusive c14n, enveloped), and the tampered
 * variants of the SAML XSW corpus (perf-reliability.md §3).
 */
export interface IdpKey {
  readonly privateKey: string;
  readonly certificate: string;
}

export function generateIdpKey(commonName = 'praetor-test-idp'): IdpKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const dir = mkdtempSync(join(tmpdir(), 'praetor-saml-idp-'));
  try {
    writeFileSync(join(dir, 'key.pem'), privateKey, { mode: 0o600 });
    execFileSync('openssl', ['req', '-new', '-x509', '-key', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', `/CN=${commonName}`], { stdio: 'pipe' });
    return { privateKey, certificate: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface AssertionInput {
  readonly idpEntityId: string;
  readonly audience: string;
  readonly acsUrl: string;
  readonly inResponseTo: string | null;
  readonly nameId: string;
  readonly email?: string;
  /** Default: 5 minutes from now. */
  readonly notOnOrAfter?: Date;
  readonly recipient?: string;
  readonly destination?: string;
  readonly responseId?: string;
  readonly assertionId?: string;
}

export const xmlId = () => `_${randomBytes(16).toString('hex')}`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const ALG = {
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  hmacSha1: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
} as const;

/** The assertion XML (unsigned). */
export function assertionXml(input: AssertionInput): string {
  const now = new Date();
  const notOnOrAfter = (input.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
  const notBefore = new Date(now.getTime() - 60_000).toISOString();
  const irt = input.inResponseTo === null ? '' : ` InResponseTo="${esc(input.inResponseTo)}"`;
  const email = input.email ?? input.nameId;
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${input.assertionId ?? xmlId()}" Version="2.0" IssueInstant="${now.toISOString()}">` +
    `<saml:Issuer>${esc(input.idpEntityId)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(input.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData${irt} NotOnOrAfter="${notOnOrAfter}" Recipient="${esc(input.recipient ?? input.acsUrl)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${esc(input.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${xmlId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement><saml:Attribute Name="email"><saml:AttributeValue>${esc(email)}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>` +
    `</saml:Assertion>`
  );
}

/** Wraps assertion XML (signed or not) in a Response. */
export function responseXml(input: AssertionInput, assertion: string, extra = ''): string {
  const irt = input.inResponseTo === null ? '' : ` InResponseTo="${esc(input.inResponseTo)}"`;
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${input.responseId ?? xmlId()}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${esc(input.destination ?? input.acsUrl)}"${irt}>` +
    `<saml:Issuer>${esc(input.idpEntityId)}</saml:Issuer>${extra}` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`
  );
}

export interface SignOptions {
  readonly signatureAlgorithm?: string;
  readonly digestAlgorithm?: string;
  /** Which element to sign: the (first) Assertion or the Response. */
  readonly target?: 'Assertion' | 'Response';
}

/** Signs the target element in place (enveloped signature, placed after its Issuer). */
export function sign(xml: string, key: IdpKey, options: SignOptions = {}): string {
  const target = options.target ?? 'Assertion';
  const sig = new SignedXml({
    privateKey: key.privateKey,
    publicCert: key.certificate,
    signatureAlgorithm: options.signatureAlgorithm ?? ALG.rsaSha256,
    canonicalizationAlgorithm: ALG.excC14n,
  });
  const xpath = `(//*[local-name(.)='${target}'])[1]`;
  sig.addReference({ xpath, transforms: [ALG.enveloped, ALG.excC14n], digestAlgorithm: options.digestAlgorithm ?? ALG.sha256 });
  sig.computeSignature(xml, { location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

/** A valid Response: one Assertion signed by `key`. */
export function signedResponse(input: AssertionInput, key: IdpKey, options: SignOptions = {}): string {
  return sign(responseXml(input, assertionXml(input)), key, options);
}

export const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

// --- The XSW corpus: an attacker holds a validly signed response for their own NameID and
// --- tries to make the SP read another one. `signed` is a Response from signedResponse().

const ASSERTION = /<saml:Assertion\b[\s\S]*<\/saml:Assertion>/;
const SIGNATURE = /<Signature\b[\s\S]*<\/Signature>/;

function parts(signed: string) {
  const assertion = ASSERTION.exec(signed)?.[0];
  if (!assertion) throw new Error('no assertion in the signed response');
  const signature = SIGNATURE.exec(assertion)?.[0];
  if (!signature) throw new Error('the assertion is not signed');
  return { assertion, signature, unsigned: assertion.replace(signature, '') };
}

/** The signed assertion's twin naming `victim`, without a signature and with a fresh ID (or the same one). */
function evil(assertion: string, victim: string, keepId = false): string {
  let out = assertion.replace(/<saml:NameID([^>]*)>[^<]*<\/saml:NameID>/, `<saml:NameID$1>${esc(victim)}</saml:NameID>`);
  out = out.replace(/(<saml:AttributeValue>)[^<]*(<\/saml:AttributeValue>)/, `$1${esc(victim)}$2`);
  if (!keepId) out = out.replace(/^<saml:Assertion([^>]*) ID="[^"]*"/, `<saml:Assertion$1 ID="${xmlId()}"`);
  return out;
}

export type XswVariant = (signed: string, victim: string) => string;

export const XSW: Record<string, XswVariant> = {
  /** XSW1: a new unsigned Response around the evil assertion, the original signed Response tucked into its Extensions. */
  'XSW1 evil response wrapping the signed response': (signed, victim) => {
    const { unsigned } = parts(signed);
    const inner = signed.replace(/^<\?xml[^>]*>/, '');
    return signed.replace(ASSERTION, evil(unsigned, victim)).replace(/(<\/saml:Issuer>)/, `$1<samlp:Extensions>${inner}</samlp:Extensions>`);
  },
  /** XSW2: the evil assertion beside (before) the signed one, different ID. */
  'XSW2 evil assertion before the signed one': (signed, victim) => {
    const { assertion, unsigned } = parts(signed);
    return signed.replace(ASSERTION, evil(unsigned, victim) + assertion);
  },
  /** XSW3: evil assertion with the same ID as the signed one, placed before it. */
  'XSW3 evil assertion with the same ID': (signed, victim) => {
    const { assertion, unsigned } = parts(signed);
    return signed.replace(ASSERTION, evil(unsigned, victim, true) + assertion);
  },
  /** XSW4: the signed assertion moved inside the evil one. */
  'XSW4 signed assertion inside the evil one': (signed, victim) => {
    const { assertion, unsigned } = parts(signed);
    const e = evil(unsigned, victim);
    return signed.replace(ASSERTION, e.replace('</saml:Assertion>', `${assertion}</saml:Assertion>`));
  },
  /** XSW5: the signature moved onto the evil assertion (same ID), the original appended after it. */
  'XSW5 signature on the evil assertion, original appended': (signed, victim) => {
    const { assertion, signature, unsigned } = parts(signed);
    const e = evil(unsigned, victim, true).replace(/(<\/saml:Issuer>)/, `$1${signature}`);
    return signed.replace(ASSERTION, e + assertion.replace(signature, ''));
  },
  /** XSW6: the original assertion inside ds:Object of the signature carried by the evil assertion. */
  'XSW6 original inside ds:Object of the evil assertion signature': (signed, victim) => {
    const { assertion, signature, unsigned } = parts(signed);
    const wrapped = signature.replace('</Signature>', `<Object>${assertion}</Object></Signature>`);
    return signed.replace(ASSERTION, evil(unsigned, victim, true).replace(/(<\/saml:Issuer>)/, `$1${wrapped}`));
  },
  /** XSW7: the signed assertion moved into Extensions; the evil one in its place. */
  'XSW7 signed assertion moved into Extensions': (signed, victim) => {
    const { assertion, unsigned } = parts(signed);
    return signed.replace(ASSERTION, evil(unsigned, victim)).replace(/(<\/saml:Issuer>)/, `$1<samlp:Extensions>${assertion}</samlp:Extensions>`);
  },
  /** XSW8: the original (signature removed) inside ds:Object of a signature moved onto the evil assertion. */
  'XSW8 original without signature inside ds:Object': (signed, victim) => {
    const { signature, unsigned } = parts(signed);
    const wrapped = signature.replace('</Signature>', `<Object>${unsigned}</Object></Signature>`);
    return signed.replace(ASSERTION, evil(unsigned, victim).replace(/(<\/saml:Issuer>)/, `$1${wrapped}`));
  },
  /** Several References in one SignedInfo: a second reference to the evil element. */
  'two references in one SignedInfo': (signed, victim) => {
    const { assertion, unsigned } = parts(signed);
    const e = evil(unsigned, victim);
    const evilId = /ID="([^"]*)"/.exec(e)![1]!;
    const ref = /<Reference\b[\s\S]*?<\/Reference>/.exec(assertion)![0];
    const doubled = assertion.replace(ref, ref + ref.replace(/URI="[^"]*"/, `URI="#${evilId}"`));
    return signed.replace(ASSERTION, doubled.replace('</saml:Assertion>', '</saml:Assertion>') + '').replace('<samlp:Status>', `<samlp:Extensions>${e}</samlp:Extensions><samlp:Status>`);
  },
};

/** NameID comment injection: `user@acme.test<!---->.evil.example` (the signature was made over the whole value). */
export function injectNameIdComment(signed: string, splitAfter: string): string {
  return signed.replace(`>${splitAfter}`, `>${splitAfter}<!---->`);
}
