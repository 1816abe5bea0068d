import { DOMParser } from '@xmldom/xmldom';
import { refuse } from './saml-refusal';

/*
 * Defence in depth around node-saml (see saml-sign-in.ts for the CVE notes). node-saml 5.1.0 reads
 * the assertion from the bytes xml-crypto verified; these checks refuse, before it runs, the shapes
 * that signature-wrapping and parser-differential attacks need, so a future regression in either
 * library does not reopen them:
 *  - exactly one Assertion anywhere in the document, a direct child of the Response (XSW 1-8 put a
 *    second one beside, before, or inside Extensions / ds:Object / a wrapper element);
 *  - no two elements with the same ID (the signed reference must name exactly one element);
 *  - the Assertion itself carries exactly one ds:Signature whose one Reference is `#<its ID>`;
 *    a Signature anywhere else than on the Response or the Assertion is refused;
 *  - only RSA-SHA256/512 with SHA-256/512 digests and the enveloped + (exclusive) c14n transforms,
 *    without comments (refuses HMAC and SHA-1 downgrades and c14n#WithComments);
 *  - no comment or processing instruction anywhere, and NameID / AttributeValue are one text node
 *    (the NameID comment-injection trick: `user@acme.test<!---->.evil.example`);
 *  - no DOCTYPE (entity expansion).
 */

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

const SIGNATURE_METHODS = new Set(['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512']);
const DIGEST_METHODS = new Set(['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512']);
const C14N = new Set(['http://www.w3.org/2001/10/xml-exc-c14n#', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315']);
const TRANSFORMS = new Set([...C14N, 'http://www.w3.org/2000/09/xmldsig#enveloped-signature']);

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const PROCESSING_INSTRUCTION = 7;
const COMMENT = 8;

type XmlNode = {
  nodeType: number;
  localName?: string | null;
  namespaceURI?: string | null;
  parentNode: XmlNode | null;
  childNodes: ArrayLike<XmlNode> | null;
  data?: string;
};
type XmlElement = XmlNode & {
  localName: string;
  attributes: ArrayLike<{ name: string; localName?: string | null; value: string }>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
};

export function parseXml(xml: string): { documentElement: XmlElement; doctype: unknown } {
  let failed: string | null = null;
  const parser = new DOMParser({
    locator: {},
    errorHandler: { warning: () => undefined, error: (m: string) => void (failed ??= m), fatalError: (m: string) => void (failed ??= m) },
  });
  let doc: { documentElement: XmlElement | null; doctype: unknown } | undefined;
  try {
    doc = parser.parseFromString(xml, 'text/xml') as unknown as typeof doc;
  } catch {
    return refuse('malformed', 'the SAML response is not well-formed XML');
  }
  if (failed !== null || !doc?.documentElement) return refuse('malformed', 'the SAML response is not well-formed XML');
  if (doc.doctype) return refuse('malformed', 'a DOCTYPE is not allowed');
  return doc as { documentElement: XmlElement; doctype: unknown };
}

const children = (node: XmlNode): XmlNode[] => Array.from(node.childNodes ?? []);
const elementChildren = (node: XmlNode, ns: string, name: string): XmlElement[] =>
  children(node).filter((c): c is XmlElement => c.nodeType === ELEMENT && c.localName === name && c.namespaceURI === ns);

function* walk(node: XmlNode): Generator<XmlNode> {
  yield node;
  for (const c of children(node)) yield* walk(c);
}

const descendants = (root: XmlNode, ns: string, name: string): XmlElement[] =>
  [...walk(root)].filter((n): n is XmlElement => n.nodeType === ELEMENT && n.localName === name && n.namespaceURI === ns);

/** The element's text when it is exactly one text (or CDATA) node, else null. */
export function singleText(el: XmlNode): string | null {
  const nodes = children(el);
  if (nodes.length !== 1) return null;
  const only = nodes[0]!;
  return only.nodeType === TEXT || only.nodeType === CDATA ? (only.data ?? '') : null;
}

function checkSignature(signature: XmlElement, owner: XmlElement): void {
  const id = owner.getAttribute('ID');
  const signedInfo = elementChildren(signature, NS.dsig, 'SignedInfo');
  if (signedInfo.length !== 1 || !id) return refuse('signature_reference', 'a signature needs exactly one SignedInfo on an element with an ID');
  const references = descendants(signature, NS.dsig, 'Reference');
  if (references.length !== 1 || references[0]!.getAttribute('URI') !== `#${id}`) {
    return refuse('signature_reference', 'a signature must have exactly one reference, to the element that carries it');
  }
  const algorithm = (parent: XmlNode, name: string) => elementChildren(parent, NS.dsig, name).map((e) => e.getAttribute('Algorithm') ?? '');
  const [method, ...moreMethods] = algorithm(signedInfo[0]!, 'SignatureMethod');
  const [c14n, ...moreC14n] = algorithm(signedInfo[0]!, 'CanonicalizationMethod');
  const [digest, ...moreDigests] = algorithm(references[0]!, 'DigestMethod');
  if (moreMethods.length || moreC14n.length || moreDigests.length) return refuse('signature_reference', 'a signature names one algorithm of each kind');
  if (!method || !SIGNATURE_METHODS.has(method)) return refuse('weak_algorithm', `signature algorithm ${method ?? 'none'} is not accepted (RSA-SHA256 or RSA-SHA512)`);
  if (!digest || !DIGEST_METHODS.has(digest)) return refuse('weak_algorithm', `digest algorithm ${digest ?? 'none'} is not accepted (SHA-256 or SHA-512)`);
  if (!c14n || !C14N.has(c14n)) return refuse('weak_algorithm', `canonicalization ${c14n ?? 'none'} is not accepted`);
  for (const transforms of elementChildren(references[0]!, NS.dsig, 'Transforms')) {
    for (const t of elementChildren(transforms, NS.dsig, 'Transform')) {
      if (!TRANSFORMS.has(t.getAttribute('Algorithm') ?? '')) return refuse('weak_algorithm', `transform ${t.getAttribute('Algorithm')} is not accepted`);
    }
  }
}

export interface InspectedResponse {
  readonly responseId: string | null;
  readonly assertionId: string;
  readonly inResponseTo: string | null;
  readonly destination: string | null;
}

/** Structural checks on the received (not yet verified) Response; refuses with a reason. */
export function inspectSamlResponse(xml: string): InspectedResponse {
  const doc = parseXml(xml);
  const root = doc.documentElement;
  if (root.localName !== 'Response' || root.namespaceURI !== NS.protocol) return refuse('not_a_response', 'the document is not a SAML 2.0 Response');

  const all = [...walk(root)];
  if (all.some((n) => n.nodeType === COMMENT || n.nodeType === PROCESSING_INSTRUCTION)) {
    return refuse('comment_in_document', 'comments and processing instructions are not allowed in a SAML response');
  }

  const ids = new Set<string>();
  for (const n of all) {
    if (n.nodeType !== ELEMENT) continue;
    for (const a of Array.from((n as XmlElement).attributes)) {
      if (!/^(ID|Id|id)$/.test(a.localName ?? a.name)) continue;
      if (ids.has(a.value)) return refuse('duplicate_id', 'two elements carry the same ID');
      ids.add(a.value);
    }
  }

  if (descendants(root, NS.assertion, 'EncryptedAssertion').length > 0) return refuse('encrypted_assertion_unsupported', 'encrypted assertions are not accepted');
  const assertions = descendants(root, NS.assertion, 'Assertion');
  if (assertions.length !== 1) return refuse('assertion_count', `a response must hold exactly one Assertion (found ${assertions.length})`);
  const assertion = assertions[0]!;
  if (assertion.parentNode !== root) return refuse('assertion_misplaced', 'the Assertion must be a direct child of the Response');
  const assertionId = assertion.getAttribute('ID');
  if (!assertionId) return refuse('signature_reference', 'the Assertion has no ID');

  for (const signature of descendants(root, NS.dsig, 'Signature')) {
    const parent = signature.parentNode;
    if (parent !== root && parent !== assertion) return refuse('unexpected_signature', 'a signature may sit only on the Response or the Assertion');
  }
  const assertionSignatures = elementChildren(assertion, NS.dsig, 'Signature');
  if (assertionSignatures.length === 0) return refuse('assertion_unsigned', 'the Assertion must be signed');
  if (assertionSignatures.length > 1) return refuse('unexpected_signature', 'the Assertion carries more than one signature');
  checkSignature(assertionSignatures[0]!, assertion);
  const responseSignatures = elementChildren(root, NS.dsig, 'Signature');
  if (responseSignatures.length > 1) return refuse('unexpected_signature', 'the Response carries more than one signature');
  if (responseSignatures.length === 1) checkSignature(responseSignatures[0]!, root);

  checkIdentityText(assertion);
  return {
    responseId: root.getAttribute('ID'),
    assertionId,
    inResponseTo: root.hasAttribute('InResponseTo') ? root.getAttribute('InResponseTo') : null,
    destination: root.hasAttribute('Destination') ? root.getAttribute('Destination') : null,
  };
}

function checkIdentityText(assertion: XmlElement): void {
  const nameIds = descendants(assertion, NS.assertion, 'NameID');
  if (nameIds.length !== 1) return refuse('nameid_missing', 'the Assertion must hold exactly one NameID');
  if (singleText(nameIds[0]!) === null) return refuse('nameid_not_single_text', 'the NameID must be a single text node');
  for (const value of descendants(assertion, NS.assertion, 'AttributeValue')) {
    const nodes = children(value);
    const onlyElements = nodes.every((n) => n.nodeType === ELEMENT);
    if (nodes.length > 0 && !onlyElements && singleText(value) === null) return refuse('attribute_not_single_text', 'an AttributeValue must be a single text node');
  }
}

export interface SubjectConfirmation {
  readonly method: string | null;
  readonly recipient: string | null;
  readonly notOnOrAfter: string | null;
  readonly inResponseTo: string | null;
}

export interface VerifiedAssertion {
  readonly id: string;
  readonly issuer: string | null;
  readonly nameId: string;
  readonly confirmations: readonly SubjectConfirmation[];
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

/** Reads the identity from the bytes the signature covered (never from the received document). */
export function readVerifiedAssertion(verifiedXml: string): VerifiedAssertion {
  const root = parseXml(verifiedXml).documentElement;
  if (root.localName !== 'Assertion' || root.namespaceURI !== NS.assertion) return refuse('assertion_mismatch', 'the verified content is not an Assertion');
  const id = root.getAttribute('ID');
  if (!id) return refuse('assertion_mismatch', 'the verified Assertion has no ID');
  const issuers = elementChildren(root, NS.assertion, 'Issuer');
  const subject = elementChildren(root, NS.assertion, 'Subject');
  if (subject.length !== 1) return refuse('nameid_missing', 'the verified Assertion must hold exactly one Subject');
  const nameIds = elementChildren(subject[0]!, NS.assertion, 'NameID');
  if (nameIds.length !== 1) return refuse('nameid_missing', 'the verified Subject must hold exactly one NameID');
  const nameId = singleText(nameIds[0]!);
  if (nameId === null || nameId.trim() === '') return refuse('nameid_not_single_text', 'the verified NameID must be one non-empty text node');
  const confirmations = elementChildren(subject[0]!, NS.assertion, 'SubjectConfirmation').map((sc) => {
    const data = elementChildren(sc, NS.assertion, 'SubjectConfirmationData');
    const d = data.length === 1 ? data[0]! : null;
    const attr = (name: string) => (d && d.hasAttribute(name) ? d.getAttribute(name) : null);
    return { method: sc.getAttribute('Method'), recipient: attr('Recipient'), notOnOrAfter: attr('NotOnOrAfter'), inResponseTo: attr('InResponseTo') };
  });
  const attributes = new Map<string, string[]>();
  for (const statement of elementChildren(root, NS.assertion, 'AttributeStatement')) {
    for (const attribute of elementChildren(statement, NS.assertion, 'Attribute')) {
      const name = attribute.getAttribute('Name');
      if (!name) continue;
      const values = elementChildren(attribute, NS.assertion, 'AttributeValue').map(singleText).filter((v): v is string => v !== null);
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }
  return { id, issuer: issuers.length === 1 ? singleText(issuers[0]!) : null, nameId: nameId.trim(), confirmations, attributes };
}
