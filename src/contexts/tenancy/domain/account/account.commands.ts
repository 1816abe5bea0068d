import type { AccountRole } from './account.events';

export type AccountCommand =
  | { readonly type: 'CreateAccount'; readonly data: { readonly accountId: string; readonly name: string; readonly handle: string; readonly ownerUserId: string | null; readonly now: string } }
  | { readonly type: 'AddAccountMember'; readonly data: { readonly userId: string; readonly role: AccountRole; readonly now: string } }
  | { readonly type: 'ReserveWorkspaceHandle'; readonly data: { readonly workspaceId: string; readonly handle: string } };
