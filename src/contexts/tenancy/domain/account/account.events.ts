export type AccountRole = 'owner' | 'admin' | 'member';

export type AccountEvent =
  | {
      readonly type: 'AccountCreated';
      readonly data: { readonly accountId: string; readonly name: string; readonly handle: string; readonly createdAt: string };
    }
  | {
      readonly type: 'AccountMemberAdded';
      readonly data: { readonly accountId: string; readonly userId: string; readonly role: AccountRole; readonly addedAt: string };
    }
  | {
      /** Workspace handles are unique in an account; the account stream is where that is decided. */
      readonly type: 'AccountWorkspaceHandleReserved';
      readonly data: { readonly accountId: string; readonly workspaceId: string; readonly handle: string };
    };
