export type { AuditEntry, AuditActorType } from './domain/audit-entry';
export { auditEntryOf, redact } from './domain/audit-entry';
export { AUDIT_RULES, AUDITED_EVENT_TYPES, auditNaming, type AuditRule, type AuditNaming } from './domain/audit-names';
export { ChainVerifier, canonicalJson, EXPORT_FORMAT, type VerifyResult } from './application/hash-chain';
export * from './read-models';
export { AuditModule } from './audit.module';
/** For other API surfaces (GraphQL): the same filter, get and export as REST. */
export { AuditLogUseCases, READ_AUDIT_EVENT } from './application/audit-log.use-cases';
export { EXPORT_PAGE_SIZE } from './application/audit-export';
