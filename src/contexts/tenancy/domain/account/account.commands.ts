import type { AccountProfileChanges, AccountRole, AccountSettings } from './account.events';

export type AccountCommand =
  | { readonly type: 'CreateAccount'; readonly data: { readonly accountId: string; readonly name: string; readonly handle: string; readonly ownerUserId: string | null; readonly now: string } }
  /** `ifAbsent`: a user who is already a member keeps their role (just-in-time provisioning); no event then. */
  | { readonly type: 'AddAccountMember'; readonly data: { readonly userId: string; readonly role: AccountRole; readonly now: string; readonly ifAbsent?: boolean } }
  | { readonly type: 'ChangeAccountMemberRole'; readonly data: { readonly userId: string; readonly role: AccountRole; readonly now: string } }
  /** Removing an actor that is not a member decides nothing (a reactor may repeat it). */
  | { readonly type: 'RemoveAccountMember'; readonly data: { readonly userId: string; readonly now: string } }
  | { readonly type: 'ReserveWorkspaceHandle'; readonly data: { readonly workspaceId: string; readonly handle: string } }
  | { readonly type: 'UpdateAccount'; readonly data: { readonly changes: AccountProfileChanges; readonly now: string } }
  | { readonly type: 'UpdateAccountSettings'; readonly data: { readonly changes: AccountSettings; readonly now: string } }
  /**
   * Replaces the domain list. `verificationTokens` (normalised name → random token) must hold a token for every
   * name the account does not have yet; the others are ignored. A removed domain loses its verification.
   */
  | { readonly type: 'SetAccountDomains'; readonly data: { readonly domainNames: readonly string[]; readonly verificationTokens: Readonly<Record<string, string>>; readonly now: string } }
  /** The TXT record was found with `token` (the token the domain had when the lookup started). */
  | { readonly type: 'VerifyAccountDomain'; readonly data: { readonly domain: string; readonly token: string; readonly now: string } };
