export type ApiKeyOwner = { readonly type: 'user' | 'service_account'; readonly id: string };

export type ApiKeyEvent =
  | {
      readonly type: 'ApiKeyCreated';
      readonly data: {
        readonly keyId: string;
        readonly owner: ApiKeyOwner;
        readonly name: string;
        /** SHA-256 of the whole key, hex. The key itself is never stored. */
        readonly keyHash: string;
        /** First characters of the key (prefix and a few more), so a user can recognise it. */
        readonly keyHint: string;
        readonly expiresAt: string | null;
        readonly createdAt: string;
      };
    }
  | { readonly type: 'ApiKeyRevoked'; readonly data: { readonly keyId: string; readonly revokedAt: string } }
  | { readonly type: 'ApiKeyExpirationShortened'; readonly data: { readonly keyId: string; readonly expiresAt: string; readonly shortenedAt: string } };
