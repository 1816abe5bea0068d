import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { concurrencyLimitDecider, type ConcurrencyLimitEvent, type Lease } from './concurrency-limit';

const spec = deciderSpec(concurrencyLimitDecider);
const t0 = '2026-11-27T10:00:00.000000Z';
const t1 = '2026-11-27T10:01:00.000000Z';
const t2 = '2026-11-27T10:10:00.000000Z';
const settings = { name: 'db', limit: 2, active: true, slotDecayPerSecond: 0 };
const created: ConcurrencyLimitEvent = { type: 'ConcurrencyLimitCreated', data: { limitId: 'l1', settings, createdAt: t0 } };
const lease = (id: string, slots = 1, expiresAt = '2026-11-27T10:05:00.000000Z'): Lease => ({ leaseId: id, slots, expiresAt, holder: { type: 'task_run', id: `tr-${id}` } });
const leased = (l: Lease): ConcurrencyLimitEvent => ({ type: 'ConcurrencySlotsLeased', data: { limitId: 'l1', lease: l, at: t0 } });

describe('concurrency limit decider', () => {
  it('creates, and refuses a second create unless it is an upsert', () => {
    spec.given([]).when({ type: 'CreateConcurrencyLimit', data: { limitId: 'l1', settings, upsert: false, now: t0 } }).then([created]);
    spec.given([created]).when({ type: 'CreateConcurrencyLimit', data: { limitId: 'l1', settings, upsert: false, now: t0 } }).thenThrows('ALREADY_EXISTS');
    spec
      .given([created])
      .when({ type: 'CreateConcurrencyLimit', data: { limitId: 'l1', settings: { ...settings, limit: 5 }, upsert: true, now: t1 } })
      .then([{ type: 'ConcurrencyLimitUpdated', data: { limitId: 'l1', settings: { ...settings, limit: 5 }, updatedAt: t1 } }]);
  });
  it('updates only the fields a PATCH sends (an absent name keeps the name)', () => {
    spec
      .given([created])
      .when({ type: 'UpdateConcurrencyLimit', data: { settings: { name: undefined, limit: 4, active: undefined, slotDecayPerSecond: undefined }, now: t1 } })
      .then([{ type: 'ConcurrencyLimitUpdated', data: { limitId: 'l1', settings: { ...settings, limit: 4 }, updatedAt: t1 } }]);
  });
  it('validates settings', () => {
    spec.given([]).when({ type: 'CreateConcurrencyLimit', data: { limitId: 'l1', settings: { ...settings, limit: -1 }, upsert: false, now: t0 } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ type: 'CreateConcurrencyLimit', data: { limitId: 'l1', settings: { ...settings, name: 'a/b' }, upsert: false, now: t0 } }).thenThrows('VALIDATION_FAILED');
  });
  it('leases slots while they are free, and refuses with LOCKED when full', () => {
    spec.given([created]).when({ type: 'LeaseSlots', data: { lease: lease('a'), now: t0 } }).then([leased(lease('a'))]);
    spec.given([created, leased(lease('a')), leased(lease('b'))]).when({ type: 'LeaseSlots', data: { lease: lease('c'), now: t1 } }).thenThrows('LOCKED');
    spec.given([created, leased(lease('a'))]).when({ type: 'LeaseSlots', data: { lease: lease('c', 2), now: t1 } }).thenThrows('LOCKED');
  });
  it('more slots than the limit is invalid, not locked', () =>
    spec.given([created]).when({ type: 'LeaseSlots', data: { lease: lease('a', 3), now: t0 } }).thenThrows('VALIDATION_FAILED'));
  it('an expired lease no longer counts', () =>
    spec.given([created, leased(lease('a')), leased(lease('b'))]).when({ type: 'LeaseSlots', data: { lease: lease('c', 1, '2026-11-27T10:20:00.000000Z'), now: t2 } }).then([
      { type: 'ConcurrencySlotsLeased', data: { limitId: 'l1', lease: lease('c', 1, '2026-11-27T10:20:00.000000Z'), at: t2 } },
    ]));
  it('releasing frees the slot; releasing twice or an unknown lease decides nothing', () => {
    const released: ConcurrencyLimitEvent = { type: 'ConcurrencySlotsReleased', data: { limitId: 'l1', leaseId: 'a', slots: 1, at: t1 } };
    spec.given([created, leased(lease('a'))]).when({ type: 'ReleaseLease', data: { leaseId: 'a', now: t1 } }).then([released]);
    spec.given([created, leased(lease('a')), released]).when({ type: 'ReleaseLease', data: { leaseId: 'a', now: t1 } }).thenNothing();
    spec.given([created, leased(lease('a')), leased(lease('b')), released]).when({ type: 'LeaseSlots', data: { lease: lease('c'), now: t1 } }).then([leased(lease('c'))].map((e) => ({ ...e, data: { ...(e.data as object), at: t1 } }) as ConcurrencyLimitEvent));
  });
  it('renews a live lease; an expired or unknown lease is GONE', () => {
    spec.given([created, leased(lease('a'))]).when({ type: 'RenewLease', data: { leaseId: 'a', expiresAt: t2, now: t1 } }).then([{ type: 'ConcurrencyLeaseRenewed', data: { limitId: 'l1', leaseId: 'a', expiresAt: t2, at: t1 } }]);
    spec.given([created, leased(lease('a'))]).when({ type: 'RenewLease', data: { leaseId: 'a', expiresAt: '2026-11-27T11:00:00.000000Z', now: t2 } }).thenThrows('GONE');
    spec.given([created]).when({ type: 'RenewLease', data: { leaseId: 'x', expiresAt: t2, now: t1 } }).thenThrows('GONE');
  });
  it('an inactive limit constrains nothing; a deleted one is not found', () => {
    const inactive: ConcurrencyLimitEvent = { type: 'ConcurrencyLimitUpdated', data: { limitId: 'l1', settings: { ...settings, active: false }, updatedAt: t0 } };
    spec.given([created, inactive]).when({ type: 'LeaseSlots', data: { lease: lease('a'), now: t0 } }).thenNothing();
    const deleted: ConcurrencyLimitEvent = { type: 'ConcurrencyLimitDeleted', data: { limitId: 'l1', deletedAt: t1 } };
    spec.given([created, deleted]).when({ type: 'LeaseSlots', data: { lease: lease('a'), now: t1 } }).thenThrows('NOT_FOUND');
  });
  it('takes and returns slots without a lease, refusing when full', () => {
    const taken = (slots: number, at: string): ConcurrencyLimitEvent => ({ type: 'ConcurrencySlotsTaken', data: { limitId: 'l1', slots, at } });
    spec.given([created]).when({ type: 'TakeSlots', data: { slots: 1, mode: 'concurrency', now: t0 } }).then([taken(1, t0)]);
    spec.given([created, taken(1, t0)]).when({ type: 'TakeSlots', data: { slots: 1, mode: 'concurrency', now: t1 } }).then([taken(2, t1)]);
    spec.given([created, taken(2, t0)]).when({ type: 'TakeSlots', data: { slots: 1, mode: 'concurrency', now: t1 } }).thenThrows('LOCKED');
    spec.given([created, leased(lease('a')), taken(1, t0)]).when({ type: 'TakeSlots', data: { slots: 1, mode: 'concurrency', now: t1 } }).thenThrows('LOCKED');
    spec.given([created, taken(2, t0)]).when({ type: 'ReturnSlots', data: { slots: 1, now: t1 } }).then([{ type: 'ConcurrencySlotsReturned', data: { limitId: 'l1', slots: 1, at: t1 } }]);
    spec.given([created]).when({ type: 'ReturnSlots', data: { slots: 1, now: t1 } }).thenNothing();
  });
  it('rate limits need a decay, and decayed slots are free again', () => {
    spec.given([created]).when({ type: 'TakeSlots', data: { slots: 1, mode: 'rate_limit', now: t0 } }).thenThrows('VALIDATION_FAILED');
    const decaying: ConcurrencyLimitEvent = { type: 'ConcurrencyLimitCreated', data: { limitId: 'l1', settings: { ...settings, slotDecayPerSecond: 1 }, createdAt: t0 } };
    const full: ConcurrencyLimitEvent = { type: 'ConcurrencySlotsTaken', data: { limitId: 'l1', slots: 2, at: t0 } };
    spec.given([decaying, full]).when({ type: 'TakeSlots', data: { slots: 1, mode: 'rate_limit', now: '2026-11-27T10:00:00.500Z' } }).thenThrows('LOCKED');
    // One second later one slot has decayed: 2 - 1 + 1 = 2 held.
    spec.given([decaying, full]).when({ type: 'TakeSlots', data: { slots: 1, mode: 'rate_limit', now: '2026-11-27T10:00:01.000Z' } }).then([
      { type: 'ConcurrencySlotsTaken', data: { limitId: 'l1', slots: 2, at: '2026-11-27T10:00:01.000Z' } },
    ]);
  });
});
