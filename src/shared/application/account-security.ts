import type { Principal } from './principal';
import type { RequestContext } from './event-metadata';

/** What sign-in needs to know about an account (tenancy owns it; identity-access asks through this port). */
export interface AccountSecurity {
  readonly accountId: string;
  /** Domains the account has proved it owns; only emails in them may sign in through its SSO. */
  readonly verifiedDomains: readonly string[];
  /** When on, members must sign in through SSO; Owners may bypass. */
  readonly ssoEnforced: boolean;
  /** The account's session length (auth_expiration_seconds); null means the installation default. */
  readonly sessionSeconds: number | null;
}

export interface AccountSecurityPort {
  get(accountId: string): Promise<AccountSecurity | undefined>;
  /** Just-in-time provisioning: makes the user a Member of the account unless already a member (no event then). */
  ensureMember(principal: Principal, request: RequestContext, accountId: string, userId: string): Promise<void>;
}

export const ACCOUNT_SECURITY = Symbol('ACCOUNT_SECURITY');
