import type { Decider } from '../../../../shared/ddd';
import type { LeaseHolder } from './concurrency-limit';

/**
 * A lease across one or more limits, taken all-or-nothing. Its own stream remembers which limits
 * hold it, so `decrement-with-lease` and `renew` know where to go.
 */
export type ConcurrencyLeaseEvent =
  | {
      readonly type: 'ConcurrencyLeaseGranted';
      readonly data: { readonly leaseId: string; readonly limitIds: readonly string[]; readonly slots: number; readonly expiresAt: string; readonly holder: LeaseHolder | null; readonly at: string };
    }
  | { readonly type: 'ConcurrencyLeaseExtended'; readonly data: { readonly leaseId: string; readonly expiresAt: string; readonly at: string } }
  | { readonly type: 'ConcurrencyLeaseEnded'; readonly data: { readonly leaseId: string; readonly at: string } };

export type ConcurrencyLeaseCommand =
  | { readonly type: 'GrantLease'; readonly data: { readonly leaseId: string; readonly limitIds: readonly string[]; readonly slots: number; readonly expiresAt: string; readonly holder: LeaseHolder | null; readonly now: string } }
  | { readonly type: 'ExtendLease'; readonly data: { readonly expiresAt: string; readonly now: string } }
  | { readonly type: 'EndLease'; readonly data: { readonly now: string } };

export type ConcurrencyLeaseState =
  | { readonly status: 'absent' }
  | { readonly status: 'held'; readonly leaseId: string; readonly limitIds: readonly string[]; readonly expiresAt: string; readonly holder: LeaseHolder | null }
  | { readonly status: 'ended'; readonly leaseId: string; readonly limitIds: readonly string[] };

export const concurrencyLeaseDecider: Decider<ConcurrencyLeaseState, ConcurrencyLeaseCommand, ConcurrencyLeaseEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve(state, event) {
    switch (event.type) {
      case 'ConcurrencyLeaseGranted':
        return { status: 'held', leaseId: event.data.leaseId, limitIds: event.data.limitIds, expiresAt: event.data.expiresAt, holder: event.data.holder };
      case 'ConcurrencyLeaseExtended':
        return state.status === 'held' ? { ...state, expiresAt: event.data.expiresAt } : state;
      case 'ConcurrencyLeaseEnded':
        return state.status === 'held' ? { status: 'ended', leaseId: state.leaseId, limitIds: state.limitIds } : state;
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'GrantLease': {
        if (state.status !== 'absent') return [];
        const { now, ...data } = command.data;
        return [{ type: 'ConcurrencyLeaseGranted', data: { ...data, at: now } }];
      }
      case 'ExtendLease':
        if (state.status !== 'held') return [];
        return [{ type: 'ConcurrencyLeaseExtended', data: { leaseId: state.leaseId, expiresAt: command.data.expiresAt, at: command.data.now } }];
      case 'EndLease':
        if (state.status !== 'held') return [];
        return [{ type: 'ConcurrencyLeaseEnded', data: { leaseId: state.leaseId, at: command.data.now } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
