// The public surface of sessions and user self-service, re-exported by index.ts.
export { SESSION_ISSUER, type IssuedSession, type SessionIssuer, type StartSession } from '../application/sessions/session-issuer';
export type { SessionEvent } from '../domain/session/session.events';
export type { SessionMethod, SessionRevocationReason } from '../domain/session/session.commands';
export type { UserProfileChange } from '../domain/user/user.events';
export { SetInitialPasswordCommand } from '../application/users/set-initial-password.command';
export { hashSessionToken } from '../application/sessions/session-tokens';
