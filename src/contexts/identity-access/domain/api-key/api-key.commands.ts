import type { ApiKeyOwner } from './api-key.events';

export type ApiKeyCommand =
  | {
      readonly type: 'CreateApiKey';
      readonly data: {
        readonly keyId: string;
        readonly owner: ApiKeyOwner;
        readonly name: string;
        readonly keyHash: string;
        readonly keyHint: string;
        readonly expiresAt: string | null;
        readonly now: string;
      };
    }
  | { readonly type: 'RevokeApiKey'; readonly data: { readonly keyId: string; readonly now: string } }
  | {
      /** Rotation's grace period: the key keeps working until `expiresAt`, never longer than it already would. */
      readonly type: 'ShortenApiKeyExpiration';
      readonly data: { readonly keyId: string; readonly expiresAt: string; readonly now: string };
    };
