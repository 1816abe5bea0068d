import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/config';
import type { Monitor } from '../../../infrastructure/reactors/monitor-runner';
import { ReactorRegistry } from '../../../infrastructure/reactors/reactor-registry';
import { READ_STORE, type Document, type ReadStore } from '../../../infrastructure/read-store/read-store.port';
import { CLOCK, type Clock } from '../../../shared/application';
import { ACCOUNTS } from '../../tenancy';
import { AUDIT_ENTRIES, type AuditEntryDoc } from '../read-models';
import { DEFAULT_AUDIT_RETENTION_DAYS, retentionCutoff, retentionDays } from './retention';

/** Entries deleted per batch, so one run never holds more than this many documents. */
const PRUNE_BATCH = 500;

/**
 * Deletes audit entries older than their account's retention from the read model. The event store
 * keeps every event, so exports (and a rebuild of the projection, pruned again on the next run) still have them.
 * Entries of no account (a user's own keys and password sign-ins) keep the default retention.
 */
@Injectable()
export class AuditRetentionMonitor implements Monitor, OnModuleInit {
  readonly name = 'audit-retention';
  readonly intervalMs: number;

  constructor(
    private readonly registry: ReactorRegistry,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.monitorLoopSeconds * 1000;
  }

  onModuleInit(): void {
    this.registry.registerMonitor(this);
  }

  async run(): Promise<void> {
    const now = this.clock.now();
    const accounts = await this.readStore.find<Document>(ACCOUNTS);
    for (const account of accounts) await this.prune({ _account: account._id }, retentionCutoff(now, retentionDays(account)));
    await this.prune({ _account: null }, retentionCutoff(now, DEFAULT_AUDIT_RETENTION_DAYS));
  }

  /** Returns how many entries it deleted. */
  async prune(scope: { _account: string | null }, cutoff: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const old = await this.readStore.find<AuditEntryDoc>(AUDIT_ENTRIES, { ...scope, occurred: { $lt: cutoff } }, { limit: PRUNE_BATCH });
      if (old.length === 0) return deleted;
      await this.readStore.writeBatch(old.map((d) => ({ kind: 'delete', collection: AUDIT_ENTRIES, id: d._id })));
      deleted += old.length;
      if (old.length < PRUNE_BATCH) return deleted;
    }
  }
}
