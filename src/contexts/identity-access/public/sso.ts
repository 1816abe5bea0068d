// The public surface of this feature, re-exported by index.ts.
export { SSO_SIGN_IN, type SsoIdentity, type SsoSignIn } from '../application/sso/sso-sign-in';
export { SsoSignInRefused, type SsoRefusalReason } from '../application/sso/sso-sign-in.service';
export type { SsoIdentityEvent } from '../application/sso/sso-identity-link';
