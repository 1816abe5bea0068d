export type AccountRole = 'owner' | 'admin' | 'member';
export const ACCOUNT_ROLES: readonly AccountRole[] = ['owner', 'admin', 'member'];

/** Editable account profile fields (Prefect Cloud's account object). */
export interface AccountProfileChanges {
  readonly name?: string;
  readonly handle?: string;
  readonly location?: string | null;
  readonly link?: string | null;
  readonly image_location?: string | null;
  /** Session length, in seconds; null means the default. */
  readonly auth_expiration_seconds?: number | null;
  /** How long audit entries stay readable, in days (1..3650); null means the default (365). */
  readonly audit_log_retention_days?: number | null;
}

/** Account-wide switches (Cloud's `GET/PATCH /accounts/{id}/settings`); values are booleans. */
export type AccountSettings = Readonly<Record<string, boolean>>;

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
      readonly type: 'AccountMemberRoleChanged';
      readonly data: { readonly accountId: string; readonly userId: string; readonly role: AccountRole; readonly previousRole: AccountRole; readonly changedAt: string };
    }
  | {
      /** The actor leaves the account; its workspace access in the account is revoked in reaction. */
      readonly type: 'AccountMemberRemoved';
      readonly data: { readonly accountId: string; readonly userId: string; readonly role: AccountRole; readonly removedAt: string };
    }
  | {
      /** Workspace handles are unique in an account; the account stream is where that is decided. */
      readonly type: 'AccountWorkspaceHandleReserved';
      readonly data: { readonly accountId: string; readonly workspaceId: string; readonly handle: string };
    }
  | {
      /** Only the changed fields, with their new values. */
      readonly type: 'AccountUpdated';
      readonly data: { readonly accountId: string; readonly changes: AccountProfileChanges; readonly updatedAt: string };
    }
  | {
      /** Only the changed settings, with their new values. */
      readonly type: 'AccountSettingsUpdated';
      readonly data: { readonly accountId: string; readonly changes: AccountSettings; readonly updatedAt: string };
    }
  | {
      /**
       * The full new list of the account's domain names. `verificationTokens` holds the token of each newly
       * added name (absent in events recorded before domain verification existed). A name left out loses its
       * verification.
       */
      readonly type: 'AccountDomainsSet';
      readonly data: { readonly accountId: string; readonly domainNames: readonly string[]; readonly verificationTokens?: Readonly<Record<string, string>>; readonly updatedAt: string };
    }
  | {
      /** The domain's TXT record (`_praetor-verification.<domain>`) carried the account's token. */
      readonly type: 'AccountDomainVerified';
      readonly data: { readonly accountId: string; readonly domain: string; readonly verifiedAt: string };
    };
