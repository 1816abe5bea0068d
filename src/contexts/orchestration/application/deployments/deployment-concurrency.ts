import { LeaseGoneError, SlotsUnavailableError } from '../../domain/concurrency-limit/concurrency-limit';
import type { DeploymentConcurrencyContext } from '../../domain/flow-run/flow-run.commands';
import type { DeploymentConcurrencyEffect } from '../../domain/flow-run/flow-run.events';
import type { StateCreate, StateType } from '../../domain/states/state';
import { deploymentConcurrencyLimitName } from '../../public/deployments';
import { DEPLOYMENTS, type DeploymentDoc } from '../../read-models';
import type { Caller } from '../caller';
import type { ConcurrencySlots } from '../concurrency/concurrency-slots';
import type { OrchestrationReads } from '../orchestration-reads';

/**
 * Deployment concurrency for `set_state` (prefect-api.md §5.4): the caller reserves a slot on the
 * deployment's backing global limit before the flow-run rules run (they are pure and only learn
 * whether a slot was free), then keeps or gives back what the rules decided.
 */

/** Prefect's PREFECT_SERVER_CONCURRENCY_INITIAL_DEPLOYMENT_LEASE_DURATION default. */
export const DEPLOYMENT_LEASE_SECONDS = 300;
/** Prefect's PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS default. */
export const SLOT_WAIT_SECONDS = 30;

const HOLDING: ReadonlySet<StateType> = new Set<StateType>(['PENDING', 'RUNNING', 'CANCELLING']);

export interface RunUnderOrchestration {
  readonly id: string;
  readonly deployment_id: string | null;
  readonly state: { readonly type: StateType; readonly state_details: { readonly deployment_concurrency_lease_id?: string } } | null;
}

export interface PreparedConcurrency {
  readonly context?: DeploymentConcurrencyContext;
  /** A lease taken for this transition; kept only if the rules say the written state holds it. */
  readonly reserved?: string;
  readonly position?: number;
}

export interface ConcurrencyDeps {
  readonly reads: OrchestrationReads;
  readonly slots: ConcurrencySlots;
}

async function tryAcquire(deps: ConcurrencyDeps, c: Caller, deploymentId: string, runId: string): Promise<{ available: boolean; leaseId?: string; position?: number }> {
  try {
    const lease = await deps.slots.acquire(c, { names: [deploymentConcurrencyLimitName(deploymentId)], slots: 1, leaseSeconds: DEPLOYMENT_LEASE_SECONDS, holder: { type: 'flow_run', id: runId } });
    // No active backing limit: nothing constrains the run, and there is no lease to keep.
    if (lease.limits.length === 0) return { available: true };
    return { available: true, leaseId: lease.leaseId, ...(lease.position !== undefined ? { position: lease.position } : {}) };
  } catch (err) {
    if (err instanceof SlotsUnavailableError) return { available: false };
    throw err;
  }
}

/** What the flow-run rules need to know about the run's deployment, with a slot reserved when one is asked for. */
export async function prepareDeploymentConcurrency(deps: ConcurrencyDeps, c: Caller, run: RunUnderOrchestration, proposed: StateCreate, force: boolean): Promise<PreparedConcurrency> {
  if (run.deployment_id === null || run.state === null) return {};
  const deployment = await deps.reads.scoped(c.scope).get<DeploymentDoc>(DEPLOYMENTS, run.deployment_id);
  // A run whose deployment is gone (or not yet visible) is left to the worker, which cancels it.
  if (!deployment) return {};
  const base: DeploymentConcurrencyContext = {
    limit: deployment.concurrency_limit,
    collisionStrategy: deployment.concurrency_options?.collision_strategy ?? 'ENQUEUE',
    slotAvailable: false,
    slotWaitSeconds: SLOT_WAIT_SECONDS,
  };
  if (deployment.concurrency_limit === null || force) return { context: base };
  const from = run.state.type;
  if (proposed.type === 'PENDING' && !HOLDING.has(from)) {
    const got = await tryAcquire(deps, c, deployment.id, run.id);
    return { context: { ...base, slotAvailable: got.available, leaseId: got.leaseId ?? null }, ...(got.leaseId ? { reserved: got.leaseId } : {}), ...(got.position !== undefined ? { position: got.position } : {}) };
  }
  const lease = run.state.state_details.deployment_concurrency_lease_id;
  if (from === 'PENDING' && proposed.type === 'RUNNING' && lease) {
    try {
      await deps.slots.renew(c, lease, DEPLOYMENT_LEASE_SECONDS);
      return { context: { ...base, leaseRenewed: true } };
    } catch (err) {
      if (!(err instanceof LeaseGoneError)) throw err;
    }
    const got = await tryAcquire(deps, c, deployment.id, run.id);
    return { context: { ...base, leaseRenewed: false, slotAvailable: got.available, leaseId: got.leaseId ?? null }, ...(got.leaseId ? { reserved: got.leaseId } : {}) };
  }
  return { context: base };
}

/** Gives back a reserved slot the written state does not hold, and the slot of a run that stopped holding one. */
export async function settleDeploymentConcurrency(deps: ConcurrencyDeps, c: Caller, prepared: PreparedConcurrency, effects: readonly DeploymentConcurrencyEffect[]): Promise<number | undefined> {
  let position: number | undefined;
  const kept = effects.some((e) => e.type === 'DeploymentSlotAcquired' && e.leaseId === prepared.reserved);
  if (prepared.reserved && !kept) position = (await deps.slots.release(c, prepared.reserved)) ?? position;
  for (const e of effects) {
    if (e.type === 'DeploymentSlotReleased' && e.leaseId) position = (await deps.slots.release(c, e.leaseId)) ?? position;
  }
  return position;
}
