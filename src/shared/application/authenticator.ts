import type { Principal } from './principal';

/** Turns a presented API key into a principal, or undefined when it is unknown, revoked or expired. */
export interface ApiKeyAuthenticator {
  authenticate(apiKey: string): Promise<Principal | undefined>;
}

export const API_KEY_AUTHENTICATOR = Symbol('API_KEY_AUTHENTICATOR');
