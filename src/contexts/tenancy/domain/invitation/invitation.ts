import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, ConflictError, DomainError, NotFoundError, ValidationError } from '../../../../shared/errors';

/** The account role an invitation offers (an Owner invitation needs an Owner to send it; the use case checks). */
export type InvitedAccountRole = 'owner' | 'admin' | 'member';
export interface InvitedWorkspaceAccess {
  readonly workspaceId: string;
  /** A built-in role's name or a custom role id of the account. */
  readonly role: string;
}
export interface InvitedBy {
  readonly type: string;
  readonly id: string;
  readonly displayValue: string;
}

/** What an invitation offers, to whom, until when: as created, as recorded, as held in state. */
interface Invitation {
  readonly invitationId: string;
  readonly accountId: string;
  readonly email: string;
  readonly accountRole: InvitedAccountRole;
  readonly workspaceAccess: readonly InvitedWorkspaceAccess[];
  readonly expiresAt: string;
}

export type InvitationCommand =
  | { readonly type: 'CreateInvitation'; readonly data: Invitation & { readonly invitedBy: InvitedBy; readonly now: string } }
  /** The invitee (a signed-in user whose email is `email`) accepts; repeating it decides nothing. */
  | { readonly type: 'AcceptInvitation'; readonly data: { readonly userId: string; readonly email: string; readonly now: string } }
  | { readonly type: 'RejectInvitation'; readonly data: { readonly userId: string; readonly email: string; readonly now: string } }
  /** The account withdraws a pending invitation. */
  | { readonly type: 'RevokeInvitation'; readonly data: { readonly now: string } };

export type InvitationEvent =
  | { readonly type: 'InvitationCreated'; readonly data: Invitation & { readonly invitedBy: InvitedBy; readonly createdAt: string } }
  | {
      /** Recorded before the membership and grants it leads to; a reactor completes those after a crash. */
      readonly type: 'InvitationAccepted';
      readonly data: {
        readonly invitationId: string;
        readonly accountId: string;
        readonly userId: string;
        readonly accountRole: InvitedAccountRole;
        readonly workspaceAccess: readonly InvitedWorkspaceAccess[];
        readonly acceptedAt: string;
      };
    }
  | { readonly type: 'InvitationRejected'; readonly data: { readonly invitationId: string; readonly accountId: string; readonly userId: string; readonly rejectedAt: string } }
  | { readonly type: 'InvitationRevoked'; readonly data: { readonly invitationId: string; readonly accountId: string; readonly revokedAt: string } };

export type InvitationState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'pending' | 'rejected' | 'revoked' } & Invitation)
  | ({ readonly status: 'accepted'; readonly userId: string } & Invitation);

/** An invitation that can no longer be answered (410). */
export class InvitationExpiredError extends DomainError {
  constructor(expiresAt: string) {
    super('GONE', `This invitation expired at ${expiresAt}`, { reason: 'expired' });
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const ACCOUNT_ROLES: readonly string[] = ['owner', 'admin', 'member'];

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Pending and past its expiry: shown as expired, can be neither accepted nor rejected. */
export const isExpired = (expiresAt: string, now: string) => Date.parse(now) >= Date.parse(expiresAt);

export function evolveInvitation(state: InvitationState, event: InvitationEvent): InvitationState {
  switch (event.type) {
    case 'InvitationCreated': {
      const d = event.data;
      return { status: 'pending', invitationId: d.invitationId, accountId: d.accountId, email: d.email, accountRole: d.accountRole, workspaceAccess: d.workspaceAccess, expiresAt: d.expiresAt };
    }
    case 'InvitationAccepted':
      if (state.status === 'absent') return state;
      return { ...state, status: 'accepted', userId: event.data.userId };
    case 'InvitationRejected':
      if (state.status === 'absent') return state;
      return { ...state, status: 'rejected' };
    case 'InvitationRevoked':
      if (state.status === 'absent') return state;
      return { ...state, status: 'revoked' };
    default: {
      const never: never = event;
      return never;
    }
  }
}

/**
 * The invitation as its invitee sees it: a revoked one, or one for another email, does not exist for
 * them (404, so an id cannot be probed for whom it was sent to).
 */
function forInvitee(state: InvitationState, email: string): Exclude<InvitationState, { status: 'absent' }> {
  if (state.status === 'absent' || state.status === 'revoked' || state.email !== normalizeEmail(email)) throw new NotFoundError('Invitation not found');
  return state;
}

export function decideInvitation(command: InvitationCommand, state: InvitationState): InvitationEvent[] {
  switch (command.type) {
    case 'CreateInvitation': {
      const c = command.data;
      if (state.status !== 'absent') {
        if (state.email === normalizeEmail(c.email) && state.accountId === c.accountId) return [];
        throw new AlreadyExistsError(`invitation ${c.invitationId} already exists`);
      }
      const email = normalizeEmail(c.email);
      if (!EMAIL.test(email)) throw new ValidationError('email must be an email address');
      if (!ACCOUNT_ROLES.includes(c.accountRole)) throw new ValidationError(`unknown account role: ${String(c.accountRole)}`);
      const workspaces = c.workspaceAccess.map((w) => w.workspaceId);
      if (new Set(workspaces).size !== workspaces.length) throw new ValidationError('workspace_access names a workspace twice');
      if (!(Date.parse(c.expiresAt) > Date.parse(c.now))) throw new ValidationError('an invitation must expire after it is created');
      return [
        {
          type: 'InvitationCreated',
          data: { invitationId: c.invitationId, accountId: c.accountId, email, accountRole: c.accountRole, workspaceAccess: c.workspaceAccess, invitedBy: c.invitedBy, expiresAt: c.expiresAt, createdAt: c.now },
        },
      ];
    }
    case 'AcceptInvitation': {
      const c = command.data;
      const s = forInvitee(state, c.email);
      if (s.status === 'accepted') return [];
      if (s.status === 'rejected') throw new ConflictError('This invitation was rejected', { reason: 'rejected' });
      if (isExpired(s.expiresAt, c.now)) throw new InvitationExpiredError(s.expiresAt);
      return [
        {
          type: 'InvitationAccepted',
          data: { invitationId: s.invitationId, accountId: s.accountId, userId: c.userId, accountRole: s.accountRole, workspaceAccess: s.workspaceAccess, acceptedAt: c.now },
        },
      ];
    }
    case 'RejectInvitation': {
      const c = command.data;
      const s = forInvitee(state, c.email);
      if (s.status === 'rejected') return [];
      if (s.status === 'accepted') throw new ConflictError('This invitation was accepted', { reason: 'accepted' });
      if (isExpired(s.expiresAt, c.now)) throw new InvitationExpiredError(s.expiresAt);
      return [{ type: 'InvitationRejected', data: { invitationId: s.invitationId, accountId: s.accountId, userId: c.userId, rejectedAt: c.now } }];
    }
    case 'RevokeInvitation': {
      if (state.status === 'absent') throw new NotFoundError('Invitation not found');
      if (state.status === 'revoked') return [];
      if (state.status !== 'pending') throw new ConflictError(`This invitation was ${state.status}`, { reason: state.status });
      return [{ type: 'InvitationRevoked', data: { invitationId: state.invitationId, accountId: state.accountId, revokedAt: command.data.now } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const invitationDecider: Decider<InvitationState, InvitationCommand, InvitationEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve: evolveInvitation,
  decide: decideInvitation,
};
