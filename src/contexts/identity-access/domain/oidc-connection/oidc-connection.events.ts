/**
 * An account's OIDC connection (one stream per account). The client secret in these events is always sealed
 * (SecretsService, AES-256-GCM) by the use case before it reaches the command: events never carry it in clear.
 */
export type OidcConnectionEvent =
  | {
      readonly type: 'OidcConnectionConfigured';
      readonly data: {
        readonly accountId: string;
        readonly issuer: string;
        readonly clientId: string;
        /** Sealed with SecretsService; never the plain secret. */
        readonly sealedClientSecret: string;
        readonly scopes: readonly string[];
        readonly enabled: boolean;
        readonly configuredAt: string;
      };
    }
  | { readonly type: 'OidcConnectionRemoved'; readonly data: { readonly accountId: string; readonly issuer: string; readonly removedAt: string } };
