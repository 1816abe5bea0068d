import type { Actor } from '../ddd';

/** The authenticated caller of a request. */
export interface Principal {
  readonly actor: Actor;
  /** How the caller proved who they are: the API key id, when it was a key. */
  readonly apiKeyId: string | null;
  /** How the caller proved who they are: the session, when it was a session access token. */
  readonly session?: PrincipalSession;
}

/** A signed-in session: by email and password, or through an account's SSO connection. */
export interface PrincipalSession {
  readonly id: string;
  readonly method: 'password' | 'oidc' | 'saml';
  /** The account whose SSO connection signed the user in; null for a password session. */
  readonly accountId: string | null;
}

/** Where an operation applies. A workspace scope always names its account too. */
export type Scope =
  | { readonly kind: 'installation' }
  | { readonly kind: 'user'; readonly userId: string }
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'workspace'; readonly accountId: string; readonly workspaceId: string };

export const SYSTEM_ACTOR: Actor = { type: 'system', id: '00000000-0000-0000-0000-000000000000', name: 'Praetor' };

export const SYSTEM_PRINCIPAL: Principal = { actor: SYSTEM_ACTOR, apiKeyId: null };
