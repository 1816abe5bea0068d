import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../../shared/application';
import { DomainError } from '../../../../shared/errors';

export const MAX_FAILURES = 5;
export const WINDOW_SECONDS = 15 * 60;

/** 429 with a code and the seconds until the window lets the email try again. */
export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many failed sign-in attempts; try again later', { retryAfterSeconds });
  }
}

/**
 * Failed sign-ins per email: after MAX_FAILURES within WINDOW_SECONDS, further attempts are refused
 * (before any password work) until the oldest failure leaves the window. Kept in memory: it is per
 * process and forgotten on restart — fine for the embedded single-process default; several API
 * instances would each count on their own (a shared store would be needed there).
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /** Throws TooManyAttemptsError while `key` is locked out. */
  check(key: string): void {
    const recent = this.recent(key);
    if (recent.length >= MAX_FAILURES) {
      const until = recent[recent.length - MAX_FAILURES]! + WINDOW_SECONDS * 1000;
      throw new TooManyAttemptsError(Math.max(1, Math.ceil((until - this.clock.now().getTime()) / 1000)));
    }
  }

  failed(key: string): void {
    const recent = this.recent(key);
    recent.push(this.clock.now().getTime());
    this.failures.set(key, recent);
    if (this.failures.size > 100_000) this.prune();
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - WINDOW_SECONDS * 1000;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  /** Bounds the memory an attacker spraying many emails can take. */
  private prune(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
  }
}
