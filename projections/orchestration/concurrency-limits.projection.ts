import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import { CONCURRENCY_LIMITS, type ConcurrencyLimitDoc, type ConcurrencyLimitEvent, type LeaseDoc } from '../../src/contexts/orchestration';

/** Expired leases no longer count; they are dropped whenever the document changes. */
const live = (leases: readonly LeaseDoc[], at: string) => leases.filter((l) => l.expires_at > at);

export const concurrencyLimitsProjection: Projection<ConcurrencyLimitDoc> = {
  name: 'concurrency_limits',
  version: 2,
  collection: CONCURRENCY_LIMITS,
  indexes: [{ name: 'concurrency_limits_scope_name', fields: [{ field: '_workspace' }, { field: 'name' }] }],
  eventTypes: [
    'ConcurrencyLimitCreated',
    'ConcurrencyLimitUpdated',
    'ConcurrencyLimitDeleted',
    'ConcurrencySlotsLeased',
    'ConcurrencyLeaseRenewed',
    'ConcurrencySlotsReleased',
    'ConcurrencySlotsReset',
    'ConcurrencySlotsTaken',
    'ConcurrencySlotsReturned',
  ],
  keys: (e) => [(e.data as { limitId: string }).limitId],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as ConcurrencyLimitEvent;
    const meta = event.metadata as EventMetadata;
    switch (e.type) {
      case 'ConcurrencyLimitCreated':
        return {
          _id: e.data.limitId,
          _account: meta.accountId,
          _workspace: meta.workspaceId,
          id: e.data.limitId,
          created: e.data.createdAt,
          updated: e.data.createdAt,
          name: e.data.settings.name,
          limit: e.data.settings.limit,
          active: e.data.settings.active,
          slot_decay_per_second: e.data.settings.slotDecayPerSecond,
          denied_slots: 0,
          avg_slot_occupancy_seconds: 2,
          leases: [],
          unleased_slots: 0,
          unleased_at: e.data.createdAt,
        };
      case 'ConcurrencyLimitUpdated':
        return (
          doc && {
            ...doc,
            name: e.data.settings.name,
            limit: e.data.settings.limit,
            active: e.data.settings.active,
            slot_decay_per_second: e.data.settings.slotDecayPerSecond,
            updated: e.data.updatedAt,
          }
        );
      case 'ConcurrencyLimitDeleted':
        return undefined;
      case 'ConcurrencySlotsLeased': {
        if (!doc) return doc;
        const l = e.data.lease;
        return { ...doc, leases: [...live(doc.leases, e.data.at).filter((x) => x.lease_id !== l.leaseId), { lease_id: l.leaseId, slots: l.slots, expires_at: l.expiresAt, holder: l.holder }] };
      }
      case 'ConcurrencyLeaseRenewed':
        return doc && { ...doc, leases: live(doc.leases, e.data.at).map((l) => (l.lease_id === e.data.leaseId ? { ...l, expires_at: e.data.expiresAt } : l)) };
      case 'ConcurrencySlotsReleased':
        return doc && { ...doc, leases: live(doc.leases, e.data.at).filter((l) => l.lease_id !== e.data.leaseId) };
      case 'ConcurrencySlotsReset':
        return doc && { ...doc, leases: [], unleased_slots: 0, unleased_at: e.data.at };
      case 'ConcurrencySlotsTaken':
      case 'ConcurrencySlotsReturned':
        return doc && { ...doc, unleased_slots: e.data.slots, unleased_at: e.data.at };
      default:
        return doc;
    }
  },
};
