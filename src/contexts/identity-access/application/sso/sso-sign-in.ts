import type { RequestContext } from '../../../../shared/application';
import type { IssuedSession } from '../sessions/session-issuer';

/** Who an account's identity provider says signed in, after the protocol checks passed. */
export interface SsoIdentity {
  readonly accountId: string;
  readonly protocol: 'oidc' | 'saml';
  /** The IdP's stable id for the user (OIDC `sub`, SAML NameID), from the verified token or assertion only. */
  readonly subject: string;
  readonly email: string;
  /** OIDC `email_verified`; SAML assertions from a verified IdP count as verified. */
  readonly emailVerified: boolean;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

/**
 * Completes an SSO sign-in: the email's domain must be a verified domain of the account; the user is found or
 * provisioned just in time (account Member, so the workspaces' default role applies) and a session starts.
 */
export interface SsoSignIn {
  complete(identity: SsoIdentity, request: RequestContext): Promise<IssuedSession>;
}

export const SSO_SIGN_IN = Symbol('SSO_SIGN_IN');
