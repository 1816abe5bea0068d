import { DomainError } from '../../../../shared/errors';

/** Why an OIDC sign-in was refused: stable strings clients and tests may match on. */
export type OidcRefusalReason =
  | 'state_missing'
  | 'state_unknown'
  | 'state_reused'
  | 'state_expired'
  | 'code_missing'
  | 'account_mismatch'
  | 'redirect_uri_mismatch'
  | 'connection_changed'
  | 'idp_error'
  | 'idp_unreachable'
  | 'issuer_mismatch'
  | 'token_request_refused'
  | 'id_token_missing'
  | 'id_token_expired'
  | 'id_token_timestamp'
  | 'id_token_audience'
  | 'id_token_issuer'
  | 'id_token_alg'
  | 'id_token_signature'
  | 'id_token_claims'
  | 'nonce_mismatch'
  | 'email_missing'
  | 'invalid_idp_response';

/**
 * A refused OIDC sign-in: 401 UNAUTHENTICATED with `details: {reason}` (the reason names the failed check, never a
 * token or secret). The code is the common one; the error mapping passes the details through.
 */
export class OidcRefusal extends DomainError {
  constructor(
    readonly reason: OidcRefusalReason,
    message: string,
    readonly idpError?: string,
  ) {
    super('UNAUTHENTICATED', message, idpError === undefined ? { reason } : { reason, idp_error: idpError });
  }
}

/** What is in an error's cause chain (openid-client wraps oauth4webapi's errors, which carry the compared claim). */
function causes(err: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    out.push(e as Record<string, unknown>);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

/**
 * Maps what openid-client throws while completing the code grant to a refusal. Everything becomes a 401 with a reason:
 * the IdP's or an attacker's answer must never turn into a 500.
 */
export function refusalFromClientError(err: unknown): OidcRefusal {
  if (err instanceof OidcRefusal) return err;
  const chain = causes(err);
  const code = chain.map((c) => c.code).find((c): c is string => typeof c === 'string' && c.startsWith('OAUTH_')) ?? '';
  const name = String(chain[0]?.name ?? '');
  const message = chain.map((c) => (typeof c.message === 'string' ? c.message : '')).join(' | ');
  const claim = chain.map((c) => c.claim).find((c): c is string => typeof c === 'string');
  const attribute = chain.map((c) => c.attribute).find((c): c is string => typeof c === 'string');
  const idpError = typeof chain[0]?.error === 'string' ? String(chain[0].error).slice(0, 100) : undefined;

  if (name === 'AuthorizationResponseError') return new OidcRefusal('idp_error', 'The identity provider refused the sign-in', idpError);
  if (name === 'ResponseBodyError') return new OidcRefusal('token_request_refused', 'The identity provider refused to exchange the authorization code', idpError);
  if (/"alg"|JWS algorithm/.test(message)) return new OidcRefusal('id_token_alg', 'The ID token is not signed with an accepted algorithm');
  switch (code) {
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return /"exp"/.test(message) ? new OidcRefusal('id_token_expired', 'The ID token has expired') : new OidcRefusal('id_token_timestamp', 'The ID token is not valid at this time');
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      if (claim === 'aud' || claim === 'azp') return new OidcRefusal('id_token_audience', 'The ID token was issued for another client');
      if (claim === 'iss') return new OidcRefusal('id_token_issuer', 'The ID token comes from another issuer');
      if (claim === 'nonce') return new OidcRefusal('nonce_mismatch', 'The ID token nonce does not match this sign-in');
      return new OidcRefusal('id_token_claims', 'The ID token claims are not acceptable');
    case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      if (attribute === 'iss') return new OidcRefusal('issuer_mismatch', 'The authorization response comes from another issuer');
      if (attribute === 'state') return new OidcRefusal('state_unknown', 'The state does not match this sign-in');
      return new OidcRefusal('invalid_idp_response', 'The identity provider answered something unexpected');
    case 'OAUTH_KEY_SELECTION_FAILED':
      return new OidcRefusal('id_token_signature', 'No key of the identity provider verifies the ID token');
    case 'OAUTH_INVALID_RESPONSE':
      // RFC 9207: the authorization response names another issuer than the account's (or none though the IdP promises one).
      if (/"iss" \(issuer\) (response parameter|missing)|response parameter "iss"/.test(message)) return new OidcRefusal('issuer_mismatch', 'The authorization response comes from another issuer');
      if (/signature/i.test(message)) return new OidcRefusal('id_token_signature', 'The ID token signature is invalid');
      if (/id_token/i.test(message) && /missing|expected/i.test(message)) return new OidcRefusal('id_token_missing', 'The identity provider returned no ID token');
      return new OidcRefusal('invalid_idp_response', 'The identity provider answered something unexpected');
    case '':
      if (name === 'TypeError' || /fetch|ECONNREFUSED|timeout|abort/i.test(message)) return new OidcRefusal('idp_unreachable', 'The identity provider cannot be reached');
      return new OidcRefusal('invalid_idp_response', 'The identity provider answered something unexpected');
    default:
      if (/signature/i.test(message)) return new OidcRefusal('id_token_signature', 'The ID token signature is invalid');
      return new OidcRefusal('invalid_idp_response', 'The identity provider answered something unexpected');
  }
}
