import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export type ApiKeyPrefix = 'pnu_' | 'pnb_';

/**
 * A new key: a recognisable prefix (`pnu_` user, `pnb_` service account) and 36 base62 characters
 * from the CSPRNG (about 214 bits). Rejection sampling keeps every character uniform.
 */
export function generateApiKey(prefix: ApiKeyPrefix): string {
  let out = '';
  while (out.length < 36) {
    for (const byte of randomBytes(48)) {
      if (byte < 248 && out.length < 36) out += ALPHABET[byte % 62];
    }
  }
  return prefix + out;
}

/** Keys carry enough entropy that a fast hash is enough (reference/perf-reliability.md X4). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What may be shown of a key after creation: its prefix and first four characters. */
export function apiKeyHint(key: string): string {
  return key.slice(0, 8);
}

export function looksLikeApiKey(key: string): boolean {
  return /^pn[ub]_[0-9A-Za-z]{36}$/.test(key);
}
