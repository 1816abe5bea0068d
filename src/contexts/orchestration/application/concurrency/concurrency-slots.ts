import { Injectable } from '@nestjs/common';
import { CommandRunner, nameBasedUuid } from '../../../../shared/application';
import type { Caller } from '../caller';
import { microIso, streamName } from '../../../../shared/ddd';
import { ValidationError } from '../../../../shared/errors';
import { concurrencyLeaseDecider } from '../../domain/concurrency-limit/concurrency-lease';
import { concurrencyLimitDecider, LeaseGoneError, type LeaseHolder, type LimitSettings } from '../../domain/concurrency-limit/concurrency-limit';

export const limitIdFor = (workspaceId: string, name: string) => nameBasedUuid(`praetor:concurrency-limit:${workspaceId}`, name);


export interface AcquiredLease {
  readonly leaseId: string;
  readonly limits: { id: string; name: string; limit: number }[];
  readonly position: number | undefined;
}

const MIN_LEASE_SECONDS = 60;
const MAX_LEASE_SECONDS = 86_400;

/**
 * The use cases of global concurrency limits. Taking slots on several limits is all-or-nothing:
 * limits are leased in id order, and a refusal releases what was already taken before it is reported.
 */
@Injectable()
export class ConcurrencySlots {
  static readonly manage = 'manage_concurrency_limits';
  static readonly use = 'run_flows';

  constructor(private readonly runner: CommandRunner) {}

  private limit(c: Caller, limitId: string, permission: string) {
    return { principal: c.principal, request: c.request, scope: c.scope, permission, decider: concurrencyLimitDecider, stream: streamName('concurrencyLimit', limitId) };
  }

  private lease(c: Caller, leaseId: string) {
    return { principal: c.principal, request: c.request, scope: c.scope, permission: ConcurrencySlots.use, decider: concurrencyLeaseDecider, stream: streamName('concurrencyLease', leaseId) };
  }

  async create(c: Caller, settings: LimitSettings, upsert: boolean) {
    const limitId = limitIdFor(c.scope.workspaceId, settings.name);
    const r = await this.runner.run({ ...this.limit(c, limitId, ConcurrencySlots.manage), command: (now) => ({ type: 'CreateConcurrencyLimit' as const, data: { limitId, settings, upsert, now } }) });
    return { limitId, created: r.events.some((e) => e.type === 'ConcurrencyLimitCreated'), position: r.position };
  }

  async update(c: Caller, limitId: string, settings: Partial<LimitSettings>) {
    if (settings.name !== undefined && limitIdFor(c.scope.workspaceId, settings.name) !== limitId) {
      // The id follows from the name, so a rename would orphan the stream's slot history.
      throw new ValidationError('a concurrency limit cannot be renamed; create a new one');
    }
    const r = await this.runner.run({ ...this.limit(c, limitId, ConcurrencySlots.manage), command: (now) => ({ type: 'UpdateConcurrencyLimit' as const, data: { settings, now } }) });
    return { position: r.position };
  }

  async remove(c: Caller, limitId: string) {
    const r = await this.runner.run({ ...this.limit(c, limitId, ConcurrencySlots.manage), command: (now) => ({ type: 'DeleteConcurrencyLimit' as const, data: { now } }) });
    return { position: r.position };
  }

  async reset(c: Caller, limitId: string) {
    const r = await this.runner.run({ ...this.limit(c, limitId, ConcurrencySlots.manage), command: (now) => ({ type: 'ResetSlots' as const, data: { now } }) });
    return { position: r.position };
  }

  async acquire(c: Caller, input: { names: readonly string[]; slots: number; leaseSeconds: number; holder: LeaseHolder | null }): Promise<AcquiredLease> {
    if (!Number.isInteger(input.slots) || input.slots < 1) throw new ValidationError('slots must be a positive integer');
    if (input.leaseSeconds < MIN_LEASE_SECONDS || input.leaseSeconds > MAX_LEASE_SECONDS) throw new ValidationError(`lease_duration must be between ${MIN_LEASE_SECONDS} and ${MAX_LEASE_SECONDS} seconds`);
    await this.runner.authorize(c.principal, ConcurrencySlots.use, c.scope);
    const leaseId = this.runner.uuid();
    const now = this.runner.now();
    const expiresAt = microIso(new Date(now.getTime() + input.leaseSeconds * 1000));
    const ids = [...new Set(input.names.map((n) => limitIdFor(c.scope.workspaceId, n)))].sort();
    const taken: { id: string; name: string; limit: number }[] = [];
    let position: number | undefined;
    try {
      for (const limitId of ids) {
        const { state } = await this.runner.deciders.load(concurrencyLimitDecider, streamName('concurrencyLimit', limitId));
        // Unknown and inactive limits constrain nothing (Prefect ignores them).
        if (state.status !== 'active' || !state.settings.active) continue;
        const lease = { leaseId, slots: input.slots, expiresAt, holder: input.holder };
        const r = await this.runner.run({ ...this.limit(c, limitId, ConcurrencySlots.use), command: (at) => ({ type: 'LeaseSlots' as const, data: { lease, now: at } }) });
        position = r.position ?? position;
        taken.push({ id: limitId, name: state.settings.name, limit: state.settings.limit });
      }
    } catch (err) {
      for (const t of taken) await this.runner.run({ ...this.limit(c, t.id, ConcurrencySlots.use), command: (at) => ({ type: 'ReleaseLease' as const, data: { leaseId, now: at } }) });
      throw err;
    }
    if (taken.length > 0) {
      const limitIds = taken.map((t) => t.id);
      const r = await this.runner.run({
        ...this.lease(c, leaseId),
        command: (at) => ({ type: 'GrantLease' as const, data: { leaseId, limitIds, slots: input.slots, expiresAt, holder: input.holder, now: at } }),
      });
      position = r.position ?? position;
    }
    return { leaseId, limits: taken, position };
  }

  /** Slots without a lease on every named active limit, all-or-nothing; unknown names are ignored. */
  async take(c: Caller, names: readonly string[], slots: number, mode: 'concurrency' | 'rate_limit') {
    await this.runner.authorize(c.principal, ConcurrencySlots.use, c.scope);
    const taken: { id: string; name: string; limit: number }[] = [];
    let position: number | undefined;
    try {
      for (const limitId of [...new Set(names.map((n) => limitIdFor(c.scope.workspaceId, n)))].sort()) {
        const { state } = await this.runner.deciders.load(concurrencyLimitDecider, streamName('concurrencyLimit', limitId));
        if (state.status !== 'active' || !state.settings.active) continue;
        const r = await this.runner.runAuthorized({ ...this.limit(c, limitId, ConcurrencySlots.use), command: (now) => ({ type: 'TakeSlots' as const, data: { slots, mode, now } }) });
        position = r.position ?? position;
        taken.push({ id: limitId, name: state.settings.name, limit: state.settings.limit });
      }
    } catch (err) {
      for (const t of taken) await this.runner.runAuthorized({ ...this.limit(c, t.id, ConcurrencySlots.use), command: (now) => ({ type: 'ReturnSlots' as const, data: { slots, now } }) });
      throw err;
    }
    return { limits: taken, position };
  }

  async giveBack(c: Caller, names: readonly string[], slots: number) {
    await this.runner.authorize(c.principal, ConcurrencySlots.use, c.scope);
    const returned: { id: string; name: string; limit: number }[] = [];
    let position: number | undefined;
    for (const limitId of [...new Set(names.map((n) => limitIdFor(c.scope.workspaceId, n)))].sort()) {
      const { state } = await this.runner.deciders.load(concurrencyLimitDecider, streamName('concurrencyLimit', limitId));
      if (state.status !== 'active') continue;
      const r = await this.runner.runAuthorized({ ...this.limit(c, limitId, ConcurrencySlots.use), command: (now) => ({ type: 'ReturnSlots' as const, data: { slots, now } }) });
      position = r.position ?? position;
      returned.push({ id: limitId, name: state.settings.name, limit: state.settings.limit });
    }
    return { limits: returned, position };
  }

  async renew(c: Caller, leaseId: string, leaseSeconds: number): Promise<void> {
    if (leaseSeconds < MIN_LEASE_SECONDS || leaseSeconds > MAX_LEASE_SECONDS) throw new ValidationError(`lease_duration must be between ${MIN_LEASE_SECONDS} and ${MAX_LEASE_SECONDS} seconds`);
    await this.runner.authorize(c.principal, ConcurrencySlots.use, c.scope);
    const { state } = await this.runner.deciders.load(concurrencyLeaseDecider, streamName('concurrencyLease', leaseId));
    const now = this.runner.now();
    if (state.status !== 'held' || state.expiresAt <= microIso(now)) throw new LeaseGoneError(leaseId);
    const expiresAt = microIso(new Date(now.getTime() + leaseSeconds * 1000));
    for (const limitId of state.limitIds) {
      await this.runner.run({ ...this.limit(c, limitId, ConcurrencySlots.use), command: (at) => ({ type: 'RenewLease' as const, data: { leaseId, expiresAt, now: at } }) });
    }
    await this.runner.run({ ...this.lease(c, leaseId), command: (at) => ({ type: 'ExtendLease' as const, data: { expiresAt, now: at } }) });
  }

  /** Unknown or ended leases are a no-op, as in Prefect (204). */
  async release(c: Caller, leaseId: string): Promise<number | undefined> {
    await this.runner.authorize(c.principal, ConcurrencySlots.use, c.scope);
    const { state } = await this.runner.deciders.load(concurrencyLeaseDecider, streamName('concurrencyLease', leaseId));
    if (state.status !== 'held') return undefined;
    let position: number | undefined;
    for (const limitId of state.limitIds) {
      const r = await this.runner.run({ ...this.limit(c, limitId, ConcurrencySlots.use), command: (at) => ({ type: 'ReleaseLease' as const, data: { leaseId, now: at } }) });
      position = r.position ?? position;
    }
    const r = await this.runner.run({ ...this.lease(c, leaseId), command: (at) => ({ type: 'EndLease' as const, data: { now: at } }) });
    return r.position ?? position;
  }
}
