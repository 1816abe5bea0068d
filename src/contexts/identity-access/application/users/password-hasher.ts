import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ValidationError } from '../../../../shared/errors';

const N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 256 * 1024 * 1024;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions & { N: number; r: number; p: number }, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/**
 * Passwords are stored as `scrypt$N$r$p$salt$hash` (base64), N=2^17, r=8, p=1, 16-byte salt, and
 * compared in constant time. Verifying against no stored hash still does the full scrypt work, so a
 * sign-in for an unknown email costs what a wrong password costs.
 */
@Injectable()
export class PasswordHasher {
  /** A hash in the stored format, computed once at start-up, to burn the same work when there is nothing to compare. */
  private dummy: Promise<string> | undefined;

  static check(password: unknown, field: string): string {
    if (typeof password !== 'string') throw new ValidationError(`${field} is required and must be a string`);
    if (password.length < MIN_PASSWORD_LENGTH) throw new ValidationError(`${field} must be at least ${MIN_PASSWORD_LENGTH} characters`);
    if (password.length > MAX_PASSWORD_LENGTH) throw new ValidationError(`${field} must be at most ${MAX_PASSWORD_LENGTH} characters`);
    return password;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, { N, r: R, p: P, maxmem: MAX_MEM }, KEY_LENGTH);
    return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  /** Whether `password` matches `stored`; with no stored hash, false after the same amount of work. */
  async verify(password: string, stored: string | null): Promise<boolean> {
    const parsed = stored === null ? undefined : parse(stored);
    if (!parsed) {
      this.dummy ??= this.hash('praetor: no password to compare with');
      const dummy = parse(await this.dummy)!;
      await derive(password, dummy.salt, dummy.options, dummy.key.length);
      return false;
    }
    const key = await derive(password, parsed.salt, parsed.options, parsed.key.length);
    return timingSafeEqual(key, parsed.key);
  }
}

function parse(stored: string) {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return undefined;
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: MAX_MEM };
  if (![options.N, options.r, options.p].every((x) => Number.isInteger(x) && x > 0)) return undefined;
  return { options, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}
