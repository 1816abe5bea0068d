/** A service account ("bot"): an account-level actor that holds only the Member account role. */
export type ServiceAccountEvent =
  | {
      readonly type: 'ServiceAccountCreated';
      readonly data: { readonly botId: string; readonly accountId: string; readonly name: string; readonly apiKeyId: string; readonly createdAt: string };
    }
  | { readonly type: 'ServiceAccountRenamed'; readonly data: { readonly botId: string; readonly accountId: string; readonly name: string; readonly renamedAt: string } }
  | {
      /** A new key replaces the current one; the old key stays valid until `oldKeyExpiresAt` (revoked at once when null). */
      readonly type: 'ServiceAccountKeyRotated';
      readonly data: {
        readonly botId: string;
        readonly accountId: string;
        readonly apiKeyId: string;
        readonly oldApiKeyId: string;
        readonly oldKeyExpiresAt: string | null;
        readonly rotatedAt: string;
      };
    }
  | {
      readonly type: 'ServiceAccountDeleted';
      readonly data: { readonly botId: string; readonly accountId: string; readonly name: string; readonly apiKeyIds: readonly string[]; readonly deletedAt: string };
    }
  | {
      /** Names are unique in an account: the name's own stream (id derived from account and name) decides. */
      readonly type: 'ServiceAccountNameClaimed';
      readonly data: { readonly accountId: string; readonly name: string; readonly botId: string };
    }
  | { readonly type: 'ServiceAccountNameReleased'; readonly data: { readonly accountId: string; readonly name: string; readonly botId: string } };
