export type SamlConnectionCommand =
  | {
      readonly type: 'ConfigureSamlConnection';
      readonly data: {
        readonly accountId: string;
        readonly idpEntityId: string;
        readonly ssoUrl: string;
        /** Already parsed and normalised by the caller (the domain does no X.509 parsing). */
        readonly idpCertificates: readonly string[];
        readonly enabled: boolean;
        readonly now: string;
      };
    }
  | { readonly type: 'RemoveSamlConnection'; readonly data: { readonly accountId: string; readonly now: string } };
