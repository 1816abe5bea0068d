import type { Projection } from '../../src/shared/ddd';
import { AUDIT_ENTRIES, AUDITED_EVENT_TYPES, auditEntryOf, type AuditEntryDoc } from '../../src/contexts/audit';

/**
 * One document per audited event, keyed by the event id. An entry never changes once written, so a
 * redelivered event yields the same document; the retention monitor deletes old ones (the event store keeps them).
 */
const auditEntriesProjection: Projection<AuditEntryDoc> = {
  name: 'audit_entries',
  version: 1,
  collection: AUDIT_ENTRIES,
  indexes: [
    { name: 'audit_account_occurred', fields: [{ field: '_account' }, { field: 'occurred', direction: 'desc' }] },
    { name: 'audit_workspace', fields: [{ field: '_account' }, { field: 'workspace_id' }, { field: 'occurred', direction: 'desc' }] },
    { name: 'audit_actor', fields: [{ field: '_account' }, { field: 'actor.id' }, { field: 'occurred', direction: 'desc' }] },
    { name: 'audit_event', fields: [{ field: '_account' }, { field: 'event' }, { field: 'occurred', direction: 'desc' }] },
    { name: 'audit_occurred', fields: [{ field: 'occurred' }] },
    { name: 'audit_position', fields: [{ field: 'position' }] },
  ],
  eventTypes: AUDITED_EVENT_TYPES,
  keys: (e) => [e.id],
  evolve(doc, event) {
    if (doc) return doc;
    const entry = auditEntryOf(event);
    if (!entry) return undefined;
    return { _id: entry.id, _account: entry.account_id, _workspace: entry.workspace_id, ...entry } as AuditEntryDoc;
  },
};

export const auditProjections: readonly Projection[] = [auditEntriesProjection] as readonly Projection[];
