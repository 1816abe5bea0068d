export type ServiceAccountCommand =
  | { readonly type: 'CreateServiceAccount'; readonly data: { readonly botId: string; readonly accountId: string; readonly name: string; readonly apiKeyId: string; readonly now: string } }
  | { readonly type: 'RenameServiceAccount'; readonly data: { readonly botId: string; readonly accountId: string; readonly name: string; readonly now: string } }
  | {
      readonly type: 'RotateServiceAccountKey';
      readonly data: { readonly botId: string; readonly accountId: string; readonly apiKeyId: string; readonly oldKeyExpiresAt: string | null; readonly now: string };
    }
  | { readonly type: 'DeleteServiceAccount'; readonly data: { readonly botId: string; readonly accountId: string; readonly now: string } };

export type ServiceAccountNameCommand =
  | { readonly type: 'ClaimServiceAccountName'; readonly data: { readonly accountId: string; readonly name: string; readonly botId: string } }
  | { readonly type: 'ReleaseServiceAccountName'; readonly data: { readonly accountId: string; readonly name: string; readonly botId: string } };
