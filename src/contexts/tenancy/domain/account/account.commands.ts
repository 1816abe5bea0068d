import type { AccountProfileChanges, AccountRole, AccountSettings } from './account.events';

export type AccountCommand =
  | { readonly type: 'CreateAccount'; readonly data: { readonly accountId: string; readonly name: string; readonly handle: string; readonly ownerUserId: string | null; readonly now: string } }
  | { readonly type: 'AddAccountMember'; readonly data: { readonly userId: string; readonly role: AccountRole; readonly now: string } }
  | { readonly type: 'ChangeAccountMemberRole'; readonly data: { readonly userId: string; readonly role: AccountRole; readonly now: string } }
  /** Removing an actor that is not a member decides nothing (a reactor may repeat it). */
  | { readonly type: 'RemoveAccountMember'; readonly data: { readonly userId: string; readonly now: string } }
  | { readonly type: 'ReserveWorkspaceHandle'; readonly data: { readonly workspaceId: string; readonly handle: string } }
  | { readonly type: 'UpdateAccount'; readonly data: { readonly changes: AccountProfileChanges; readonly now: string } }
  | { readonly type: 'UpdateAccountSettings'; readonly data: { readonly changes: AccountSettings; readonly now: string } }
  | { readonly type: 'SetAccountDomains'; readonly data: { readonly domainNames: readonly string[]; readonly now: string } };
