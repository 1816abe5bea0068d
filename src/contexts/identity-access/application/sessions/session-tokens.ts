import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LENGTH = 43;

/** `pns_` access tokens and `pnr_` refresh tokens: distinct prefixes, so neither can stand in for the other (or for an API key). */
export type SessionTokenPrefix = 'pns_' | 'pnr_';

/** A new token: the prefix and 43 base62 characters from the CSPRNG (about 256 bits), uniform by rejection sampling. */
export function generateSessionToken(prefix: SessionTokenPrefix): string {
  let out = '';
  while (out.length < LENGTH) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && out.length < LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return prefix + out;
}

/** Only this is stored: at 256 bits of entropy a fast hash is enough (reference/perf-reliability.md X4). */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeSessionToken(token: string, prefix: SessionTokenPrefix): boolean {
  return token.length === prefix.length + LENGTH && token.startsWith(prefix) && /^[0-9A-Za-z]+$/.test(token.slice(prefix.length));
}
