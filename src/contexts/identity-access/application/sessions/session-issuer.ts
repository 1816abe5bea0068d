import type { RequestContext } from '../../../../shared/application';

/** What a sign-in answers (and `POST /auth/refresh`): the tokens are shown once; only their SHA-256 is stored. */
export interface IssuedSession {
  readonly session_id: string;
  readonly user_id: string;
  readonly token_type: 'bearer';
  readonly access_token: string;
  /** Seconds until the access token expires. */
  readonly expires_in: number;
  readonly refresh_token: string;
  /** Seconds until the session ends; refreshing never extends it. */
  readonly refresh_expires_in: number;
}

export interface StartSession {
  readonly userId: string;
  readonly method: 'password' | 'oidc' | 'saml';
  /** The account whose SSO connection signed the user in; null for a password sign-in. */
  readonly accountId: string | null;
  /** The account's session length (auth_expiration_seconds), if it sets one; else PRAETOR_SESSION_SECONDS. */
  readonly sessionSeconds: number | null;
}

/** Starts a session for a user who has proved who they are (password or SSO). */
export interface SessionIssuer {
  start(input: StartSession, request: RequestContext): Promise<IssuedSession>;
}

export const SESSION_ISSUER = Symbol('SESSION_ISSUER');
