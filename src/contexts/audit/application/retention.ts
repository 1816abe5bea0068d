/** Days of audit log an account shows when it sets none (Prefect Cloud's field: `audit_log_retention_days`). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** The account's retention: its `audit_log_retention_days` when a positive number, else the default. */
export function retentionDays(account: Record<string, unknown> | undefined): number {
  const days = account?.audit_log_retention_days;
  return typeof days === 'number' && Number.isFinite(days) && days > 0 ? days : DEFAULT_AUDIT_RETENTION_DAYS;
}

/** The oldest `occurred` still shown: entries recorded before it are hidden and pruned. */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}
