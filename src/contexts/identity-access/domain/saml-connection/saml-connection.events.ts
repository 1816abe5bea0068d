/** An account's SAML 2.0 identity provider (one connection per account, one stream per account). */
export type SamlConnectionEvent =
  | {
      /** Configured for the first time or changed; carries the whole configuration. */
      readonly type: 'SamlConnectionConfigured';
      readonly data: {
        readonly accountId: string;
        readonly idpEntityId: string;
        readonly ssoUrl: string;
        /** PEM certificates whose keys may sign assertions (several while the IdP rolls its key). */
        readonly idpCertificates: readonly string[];
        readonly enabled: boolean;
        readonly configuredAt: string;
      };
    }
  | { readonly type: 'SamlConnectionRemoved'; readonly data: { readonly accountId: string; readonly removedAt: string } };
