import type { Document } from '../../../shared/ddd';

/** Read-model documents of sessions. */
export const SESSIONS = 'sessions';
/** Tokens by their SHA-256 (hex), one collection per kind. */
export const SESSION_ACCESS_TOKENS = 'session_access_tokens';
export const SESSION_REFRESH_TOKENS = 'session_refresh_tokens';

/** A UI session; a revoked one keeps its document (revoked_at set). */
export interface SessionDoc extends Document {
  user_id: string;
  method: 'password' | 'oidc' | 'saml';
  account_id: string | null;
  /** The session's absolute end: refreshing never moves it. */
  expires_at: string;
  started: string;
  refreshed: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
}

/**
 * One document per token ever issued, keyed by its SHA-256 (hex): the only form a token is stored in.
 * A spent refresh token keeps its document, so presenting it again is recognised as a replay.
 */
export interface SessionTokenDoc extends Document {
  session_id: string;
  user_id: string;
  /** An access token's own expiry (never after the session's end); null for refresh tokens. */
  expires_at: string | null;
  issued: string;
}
