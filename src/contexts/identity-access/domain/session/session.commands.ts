export type SessionMethod = 'password' | 'oidc' | 'saml';

/** Why a session ended. */
export type SessionRevocationReason = 'signed_out' | 'password_changed' | 'refresh_token_reused' | 'user_removed';

/** Token hashes (SHA-256, hex) and times arrive on the commands: the tokens themselves never reach the domain. */
export type SessionCommand =
  | {
      readonly type: 'StartSession';
      readonly data: {
        readonly sessionId: string;
        readonly userId: string;
        readonly method: SessionMethod;
        readonly accountId: string | null;
        readonly accessTokenHash: string;
        readonly accessExpiresAt: string;
        readonly refreshTokenHash: string;
        /** The session's absolute end: refreshing never moves it. */
        readonly expiresAt: string;
        readonly now: string;
      };
    }
  | {
      /** Rotation: the presented refresh token must be the current one; it is replaced by `refreshTokenHash`. */
      readonly type: 'RefreshSession';
      readonly data: {
        readonly sessionId: string;
        readonly presentedRefreshTokenHash: string;
        readonly accessTokenHash: string;
        readonly accessExpiresAt: string;
        readonly refreshTokenHash: string;
        readonly now: string;
      };
    }
  | { readonly type: 'RevokeSession'; readonly data: { readonly sessionId: string; readonly reason: SessionRevocationReason; readonly now: string } };
