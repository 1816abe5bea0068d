export type OidcConnectionCommand =
  | {
      readonly type: 'ConfigureOidcConnection';
      readonly data: {
        readonly accountId: string;
        readonly issuer: string;
        readonly clientId: string;
        /**
         * Sealed already; null keeps the secret the connection has (a PUT without `client_secret`).
         * The use case passes the stored sealed value when the secret given is the same one, so a repeated
         * PUT decides nothing even though sealing is randomised.
         */
        readonly sealedClientSecret: string | null;
        /** Absent: the connection's scopes, or the default for a new connection. */
        readonly scopes: readonly string[] | null;
        readonly enabled: boolean;
        readonly now: string;
      };
    }
  | { readonly type: 'RemoveOidcConnection'; readonly data: { readonly accountId: string; readonly now: string } };
