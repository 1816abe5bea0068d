import type { Decider } from '../../../../shared/ddd';
import { ConflictError } from '../../../../shared/errors';

/**
 * Which user an account's IdP subject signs in as. One stream per (account, protocol, subject), its id name-based,
 * so the first sign-in decides the link and every later one finds it, whatever the email says then.
 * (A pure decider; it lives beside the SSO use case because that is the only code that writes it.)
 */
export interface SsoIdentityKey {
  readonly accountId: string;
  readonly protocol: 'oidc' | 'saml';
  readonly subject: string;
}

export type SsoIdentityCommand = { readonly type: 'LinkSsoIdentity'; readonly data: SsoIdentityKey & { readonly userId: string; readonly now: string } };

export type SsoIdentityEvent = { readonly type: 'SsoIdentityLinked'; readonly data: SsoIdentityKey & { readonly userId: string; readonly linkedAt: string } };

export interface SsoIdentityState {
  /** The linked user; null before the first sign-in. */
  readonly userId: string | null;
}

export const SSO_IDENTITY_NAMESPACE = 'praetor:sso-identity';

/** Linking the linked user again decides nothing; another user is a conflict (the first link stands). */
export function decideSsoIdentity(command: SsoIdentityCommand, state: SsoIdentityState): SsoIdentityEvent[] {
  switch (command.type) {
    case 'LinkSsoIdentity': {
      const c = command.data;
      if (state.userId === c.userId) return [];
      if (state.userId !== null) throw new ConflictError('This identity is linked to another user', { reason: 'identity_linked' });
      return [{ type: 'SsoIdentityLinked', data: { accountId: c.accountId, protocol: c.protocol, subject: c.subject, userId: c.userId, linkedAt: c.now } }];
    }
    default: {
      const never: never = command.type;
      return never;
    }
  }
}

export function evolveSsoIdentity(state: SsoIdentityState, event: SsoIdentityEvent): SsoIdentityState {
  switch (event.type) {
    case 'SsoIdentityLinked':
      return state.userId === null ? { userId: event.data.userId } : state;
    default: {
      const never: never = event.type;
      return never;
    }
  }
}

export const ssoIdentityDecider: Decider<SsoIdentityState, SsoIdentityCommand, SsoIdentityEvent> = {
  initialState: () => ({ userId: null }),
  evolve: evolveSsoIdentity,
  decide: decideSsoIdentity,
};
