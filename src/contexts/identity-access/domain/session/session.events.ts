import type { SessionMethod, SessionRevocationReason } from './session.commands';

/** A UI session (one stream per session). Only SHA-256 hashes of its tokens are recorded. */
export type SessionEvent =
  | {
      readonly type: 'SessionStarted';
      readonly data: {
        readonly sessionId: string;
        readonly userId: string;
        readonly method: SessionMethod;
        readonly accountId: string | null;
        readonly accessTokenHash: string;
        readonly accessExpiresAt: string;
        readonly refreshTokenHash: string;
        readonly expiresAt: string;
        readonly startedAt: string;
      };
    }
  | {
      readonly type: 'SessionRefreshed';
      readonly data: {
        readonly sessionId: string;
        readonly userId: string;
        /** The refresh token just used up: presenting it again revokes the session. */
        readonly previousRefreshTokenHash: string;
        readonly accessTokenHash: string;
        readonly accessExpiresAt: string;
        readonly refreshTokenHash: string;
        readonly refreshedAt: string;
      };
    }
  | {
      readonly type: 'SessionRevoked';
      readonly data: { readonly sessionId: string; readonly userId: string; readonly reason: SessionRevocationReason; readonly revokedAt: string };
    };
