import type { Document } from '../../../shared/ddd';
import type { AuditEntry } from '../domain/audit-entry';

export const AUDIT_ENTRIES = 'audit_entries';

/** An audit entry as the read model keeps it: the entry, scoped to its account and workspace. */
export type AuditEntryDoc = Document & AuditEntry;
