import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, DomainError, NotFoundError, ValidationError } from '../../../../shared/errors';

/**
 * A global (v2) concurrency limit. Slot holdings are events on the limit's own stream, appended with
 * an expected revision, so two acquirers can never both take the last slot. Leases expire by time:
 * an expired lease simply stops counting (the decider is given `now`).
 */
export interface LeaseHolder {
  readonly type: string;
  readonly id: string;
}

export interface Lease {
  readonly leaseId: string;
  readonly slots: number;
  readonly expiresAt: string;
  readonly holder: LeaseHolder | null;
}

export interface LimitSettings {
  readonly name: string;
  readonly limit: number;
  readonly active: boolean;
  readonly slotDecayPerSecond: number;
}

export type ConcurrencyLimitEvent =
  | { readonly type: 'ConcurrencyLimitCreated'; readonly data: { readonly limitId: string; readonly settings: LimitSettings; readonly createdAt: string } }
  | { readonly type: 'ConcurrencyLimitUpdated'; readonly data: { readonly limitId: string; readonly settings: LimitSettings; readonly updatedAt: string } }
  | { readonly type: 'ConcurrencyLimitDeleted'; readonly data: { readonly limitId: string; readonly deletedAt: string } }
  | { readonly type: 'ConcurrencySlotsLeased'; readonly data: { readonly limitId: string; readonly lease: Lease; readonly at: string } }
  | { readonly type: 'ConcurrencyLeaseRenewed'; readonly data: { readonly limitId: string; readonly leaseId: string; readonly expiresAt: string; readonly at: string } }
  | { readonly type: 'ConcurrencySlotsReleased'; readonly data: { readonly limitId: string; readonly leaseId: string; readonly slots: number; readonly at: string } }
  | { readonly type: 'ConcurrencySlotsReset'; readonly data: { readonly limitId: string; readonly at: string } }
  /** Slots held without a lease (`/increment`, `rate_limit()`): `slots` is the new total, as of `at`. */
  | { readonly type: 'ConcurrencySlotsTaken'; readonly data: { readonly limitId: string; readonly slots: number; readonly at: string } }
  | { readonly type: 'ConcurrencySlotsReturned'; readonly data: { readonly limitId: string; readonly slots: number; readonly at: string } };

export type ConcurrencyLimitCommand =
  | { readonly type: 'CreateConcurrencyLimit'; readonly data: { readonly limitId: string; readonly settings: LimitSettings; readonly upsert: boolean; readonly now: string } }
  | { readonly type: 'UpdateConcurrencyLimit'; readonly data: { readonly settings: Partial<LimitSettings>; readonly now: string } }
  | { readonly type: 'DeleteConcurrencyLimit'; readonly data: { readonly now: string } }
  | { readonly type: 'LeaseSlots'; readonly data: { readonly lease: Lease; readonly now: string } }
  | { readonly type: 'RenewLease'; readonly data: { readonly leaseId: string; readonly expiresAt: string; readonly now: string } }
  | { readonly type: 'ReleaseLease'; readonly data: { readonly leaseId: string; readonly now: string } }
  | { readonly type: 'ResetSlots'; readonly data: { readonly now: string } }
  | { readonly type: 'TakeSlots'; readonly data: { readonly slots: number; readonly mode: 'concurrency' | 'rate_limit'; readonly now: string } }
  | { readonly type: 'ReturnSlots'; readonly data: { readonly slots: number; readonly now: string } };

export type ConcurrencyLimitState =
  | { readonly status: 'absent' }
  | { readonly status: 'deleted' }
  | {
      readonly status: 'active';
      readonly limitId: string;
      readonly settings: LimitSettings;
      readonly leases: ReadonlyMap<string, Lease>;
      /** Slots held without a lease, as of `unleased.at`; they decay at `slotDecayPerSecond`. */
      readonly unleased: { readonly slots: number; readonly at: string };
    };

/** Raised when the slots are not free now: HTTP 423 with Retry-After. */
export class SlotsUnavailableError extends DomainError {
  constructor(
    readonly limitName: string,
    readonly retryAfterSeconds: number,
  ) {
    super('LOCKED', `Concurrency limit ${limitName} has no free slots`, { retryAfterSeconds });
  }
}

/** Raised when renewing a lease that is gone or expired: HTTP 410. */
export class LeaseGoneError extends DomainError {
  constructor(leaseId: string) {
    super('GONE', `Lease ${leaseId} not found or expired`);
  }
}

/** Slots held without a lease at `now`, after decay (Prefect's rate limits free slots over time). */
export function unleasedSlots(unleased: { readonly slots: number; readonly at: string }, decayPerSecond: number, now: string): number {
  if (decayPerSecond <= 0) return unleased.slots;
  const elapsed = Math.max(0, (Date.parse(now) - Date.parse(unleased.at)) / 1000);
  return Math.max(0, unleased.slots - Math.floor(elapsed * decayPerSecond));
}

export function activeSlots(state: ConcurrencyLimitState, now: string): number {
  if (state.status !== 'active') return 0;
  let n = unleasedSlots(state.unleased, state.settings.slotDecayPerSecond, now);
  for (const l of state.leases.values()) if (l.expiresAt > now) n += l.slots;
  return n;
}

export function validateSettings(s: LimitSettings): LimitSettings {
  if (typeof s.name !== 'string' || s.name.trim() === '' || /[/%&><]/.test(s.name)) throw new ValidationError('limit name must be non-empty and must not contain / % & > <');
  if (!Number.isInteger(s.limit) || s.limit < 0) throw new ValidationError('limit must be a non-negative integer');
  if (typeof s.slotDecayPerSecond !== 'number' || s.slotDecayPerSecond < 0) throw new ValidationError('slot_decay_per_second must be >= 0');
  return s;
}

export const concurrencyLimitDecider: Decider<ConcurrencyLimitState, ConcurrencyLimitCommand, ConcurrencyLimitEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve(state, event) {
    switch (event.type) {
      case 'ConcurrencyLimitCreated':
        return { status: 'active', limitId: event.data.limitId, settings: event.data.settings, leases: new Map(), unleased: { slots: 0, at: event.data.createdAt } };
      case 'ConcurrencyLimitUpdated':
        return state.status === 'active' ? { ...state, settings: event.data.settings } : state;
      case 'ConcurrencyLimitDeleted':
        return { status: 'deleted' };
      case 'ConcurrencySlotsLeased':
        return state.status === 'active' ? { ...state, leases: new Map(state.leases).set(event.data.lease.leaseId, event.data.lease) } : state;
      case 'ConcurrencyLeaseRenewed': {
        if (state.status !== 'active') return state;
        const lease = state.leases.get(event.data.leaseId);
        return lease ? { ...state, leases: new Map(state.leases).set(lease.leaseId, { ...lease, expiresAt: event.data.expiresAt }) } : state;
      }
      case 'ConcurrencySlotsReleased': {
        if (state.status !== 'active') return state;
        const leases = new Map(state.leases);
        leases.delete(event.data.leaseId);
        return { ...state, leases };
      }
      case 'ConcurrencySlotsReset':
        return state.status === 'active' ? { ...state, leases: new Map(), unleased: { slots: 0, at: event.data.at } } : state;
      case 'ConcurrencySlotsTaken':
      case 'ConcurrencySlotsReturned':
        return state.status === 'active' ? { ...state, unleased: { slots: event.data.slots, at: event.data.at } } : state;
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    if (command.type === 'CreateConcurrencyLimit') {
      const c = command.data;
      if (state.status === 'active') {
        if (c.upsert) return [{ type: 'ConcurrencyLimitUpdated', data: { limitId: state.limitId, settings: validateSettings({ ...state.settings, limit: c.settings.limit }), updatedAt: c.now } }];
        throw new AlreadyExistsError(`a concurrency limit named ${c.settings.name} already exists`);
      }
      return [{ type: 'ConcurrencyLimitCreated', data: { limitId: c.limitId, settings: validateSettings(c.settings), createdAt: c.now } }];
    }
    if (state.status !== 'active') {
      if (command.type === 'ReleaseLease') return []; // releasing against a deleted limit is a no-op
      throw new NotFoundError('Concurrency limit not found');
    }
    switch (command.type) {
      case 'UpdateConcurrencyLimit':
      {
        // A PATCH changes only the fields it sends: an absent (undefined) field keeps its value.
        const sent = Object.fromEntries(Object.entries(command.data.settings).filter(([, v]) => v !== undefined)) as Partial<LimitSettings>;
        return [{ type: 'ConcurrencyLimitUpdated', data: { limitId: state.limitId, settings: validateSettings({ ...state.settings, ...sent }), updatedAt: command.data.now } }];
      }
      case 'DeleteConcurrencyLimit':
        return [{ type: 'ConcurrencyLimitDeleted', data: { limitId: state.limitId, deletedAt: command.data.now } }];
      case 'LeaseSlots': {
        const { lease, now } = command.data;
        if (state.leases.has(lease.leaseId)) return [];
        if (!state.settings.active) return []; // inactive limits do not constrain (Prefect ignores them)
        if (lease.slots > state.settings.limit) throw new ValidationError(`cannot take ${lease.slots} slots of a limit of ${state.settings.limit}`);
        if (activeSlots(state, now) + lease.slots > state.settings.limit) throw new SlotsUnavailableError(state.settings.name, retryAfter(state));
        return [{ type: 'ConcurrencySlotsLeased', data: { limitId: state.limitId, lease, at: now } }];
      }
      case 'RenewLease': {
        const lease = state.leases.get(command.data.leaseId);
        if (!lease || lease.expiresAt <= command.data.now) throw new LeaseGoneError(command.data.leaseId);
        return [{ type: 'ConcurrencyLeaseRenewed', data: { limitId: state.limitId, leaseId: lease.leaseId, expiresAt: command.data.expiresAt, at: command.data.now } }];
      }
      case 'ReleaseLease': {
        const lease = state.leases.get(command.data.leaseId);
        if (!lease) return [];
        return [{ type: 'ConcurrencySlotsReleased', data: { limitId: state.limitId, leaseId: lease.leaseId, slots: lease.slots, at: command.data.now } }];
      }
      case 'ResetSlots':
        return state.leases.size === 0 && state.unleased.slots === 0 ? [] : [{ type: 'ConcurrencySlotsReset', data: { limitId: state.limitId, at: command.data.now } }];
      case 'TakeSlots': {
        const { slots, mode, now } = command.data;
        if (mode === 'rate_limit' && state.settings.slotDecayPerSecond <= 0) throw new ValidationError(`rate limiting needs a limit with slot_decay_per_second > 0; ${state.settings.name} has none`);
        if (!state.settings.active) return [];
        if (slots > state.settings.limit) throw new ValidationError(`cannot take ${slots} slots of a limit of ${state.settings.limit}`);
        if (activeSlots(state, now) + slots > state.settings.limit) throw new SlotsUnavailableError(state.settings.name, retryAfter(state));
        const held = unleasedSlots(state.unleased, state.settings.slotDecayPerSecond, now);
        return [{ type: 'ConcurrencySlotsTaken', data: { limitId: state.limitId, slots: held + slots, at: now } }];
      }
      case 'ReturnSlots': {
        const held = unleasedSlots(state.unleased, state.settings.slotDecayPerSecond, command.data.now);
        if (held === 0) return [];
        return [{ type: 'ConcurrencySlotsReturned', data: { limitId: state.limitId, slots: Math.max(0, held - command.data.slots), at: command.data.now } }];
      }
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};

/** Retry-After for a full limit: 1 s, or the decay interval of a rate limit (at most 30 s, like Prefect). */
function retryAfter(state: Extract<ConcurrencyLimitState, { status: 'active' }>): number {
  if (state.settings.slotDecayPerSecond > 0) return Math.min(30, Math.max(1, Math.ceil(1 / state.settings.slotDecayPerSecond)));
  return 1;
}
