import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../../../../config/config';
import { LOGGER } from '../../../../infrastructure/observability/logger';
import type { Monitor } from '../../../../infrastructure/reactors/monitor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import { READ_STORE, type Filter, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CLOCK, CommandRunner, type Clock } from '../../../../shared/application';
import { microIso, microIsoFromMicros, microsOf, streamName, toMicroIso } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import type { FlowRunCommand } from '../../domain/flow-run/flow-run.commands';
import { flowRunDecider } from '../../domain/flow-run/flow-run.decide';
import type { DeploymentConcurrencyEffect, FlowRunStateChangedData } from '../../domain/flow-run/flow-run.events';
import { ZOMBIE_CRASH_MESSAGE } from '../../domain/flow-run/flow-run.monitors';
import { EVENTS, FLOW_RUNS, TASK_RUNS, type EventDoc, type FlowRunDoc, type TaskRunDoc } from '../../read-models';
import { ConcurrencySlots } from '../concurrency/concurrency-slots';
import { settleDeploymentConcurrency } from '../deployments/deployment-concurrency';
import { FlowRunUseCases } from '../flow-runs/flow-run.use-cases';
import { OrchestrationReads, type TenantScope } from '../orchestration-reads';
import { TaskRunUseCases } from '../task-runs/task-run.use-cases';
import { scopeOfDoc, systemCaller } from './system-caller';

const SECOND = 1_000_000;
const secondsAgo = (now: Date, seconds: number) => microIsoFromMicros(microsOf(microIso(now)) - seconds * SECOND);
const micros = (iso: string | null | undefined) => {
  const m = iso ? toMicroIso(iso) : undefined;
  return m === undefined ? undefined : microsOf(m);
};

/** Reads every document matching `filter` across workspaces, a page at a time, by id. */
async function* pagedById<D extends { _id: string }>(store: ReadStore, collection: string, filter: Filter, pageSize: number): AsyncGenerator<D[]> {
  let after = '';
  for (;;) {
    const page = await store.find<D>(collection, after ? { $and: [filter, { _id: { $gt: after } }] } : filter, { sort: [{ field: '_id', direction: 'asc' }], limit: pageSize });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!._id;
  }
}

/** A flow-run command issued by the server itself in the run's workspace. */
async function runFlowRunCommand(runner: CommandRunner, scope: TenantScope, flowRunId: string, command: (now: string) => FlowRunCommand) {
  const caller = systemCaller(scope);
  return runner.run({ principal: caller.principal, request: caller.request, scope: caller.scope, permission: 'run_flows', decider: flowRunDecider, stream: streamName('flowRun', flowRunId), command });
}

/**
 * Prefect's MarkLateRuns service: runs still SCHEDULED/"Scheduled" more than
 * `lateRunsAfterSeconds` after their time become SCHEDULED/"Late" (workers still pick them up).
 * The command re-checks on the run itself, so a run a worker just claimed is never overwritten.
 */
@Injectable()
export class LateRunsMonitor implements Monitor, OnModuleInit {
  readonly name = 'late-runs';
  readonly intervalMs: number;
  private readonly lateAfterSeconds: number;

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly runner: CommandRunner,
    private readonly reads: OrchestrationReads,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.monitorLoopSeconds * 1000;
    this.lateAfterSeconds = config.lateRunsAfterSeconds;
  }

  onModuleInit(): void {
    this.registry.registerMonitor(this);
  }

  async run(): Promise<void> {
    const dueBefore = secondsAgo(this.clock.now(), this.lateAfterSeconds);
    const filter: Filter = { state_type: 'SCHEDULED', state_name: 'Scheduled', next_scheduled_start_time: { $lte: dueBefore } };
    let last: number | undefined;
    for await (const page of pagedById<FlowRunDoc>(this.readStore, FLOW_RUNS, filter, 400)) {
      for (const run of page) {
        const scope = scopeOfDoc(run);
        if (!scope) continue;
        try {
          const r = await runFlowRunCommand(this.runner, scope, run.id, (now) => ({ type: 'MarkFlowRunLate', data: { dueBefore, stateId: this.runner.uuid(), now } }));
          if (r.events.length > 0 && r.position !== undefined) last = Math.max(last ?? 0, r.position);
        } catch (err) {
          this.logger.error({ err, flowRunId: run.id }, 'could not mark a flow run late');
        }
      }
    }
    // The next run reads its own marks.
    await this.reads.afterWrite(last);
  }
}

/**
 * Zombie runs (Prefect's "detect zombie flows" automation, Cloud's unresponsive run detection): a
 * RUNNING flow run that has sent `prefect.flow-run.heartbeat` events, but neither a heartbeat nor a
 * state change for `zombieAfterSeconds`, becomes CRASHED with Prefect's message. Runs that never sent
 * a heartbeat are left alone. The command writes only if the run is still in the RUNNING state judged.
 */
@Injectable()
export class ZombieRunsMonitor implements Monitor, OnModuleInit {
  readonly name = 'zombie-runs';
  readonly intervalMs: number;
  private readonly zombieAfterSeconds: number;

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly runner: CommandRunner,
    private readonly reads: OrchestrationReads,
    private readonly slots: ConcurrencySlots,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.monitorLoopSeconds * 1000;
    this.zombieAfterSeconds = config.zombieAfterSeconds;
  }

  onModuleInit(): void {
    this.registry.registerMonitor(this);
  }

  private async lastHeartbeat(run: FlowRunDoc): Promise<EventDoc | undefined> {
    const [doc] = await this.readStore.find<EventDoc>(
      EVENTS,
      { _workspace: run._workspace as string, resource_id: `prefect.flow-run.${run.id}`, event: 'prefect.flow-run.heartbeat' },
      { sort: [{ field: 'occurred', direction: 'desc' }], limit: 1 },
    );
    return doc?._account === run._account ? doc : undefined;
  }

  async run(): Promise<void> {
    const cutoff = micros(secondsAgo(this.clock.now(), this.zombieAfterSeconds))!;
    for await (const page of pagedById<FlowRunDoc>(this.readStore, FLOW_RUNS, { state_type: 'RUNNING' }, 200)) {
      for (const run of page) {
        const scope = scopeOfDoc(run);
        if (!scope || !run.state_id) continue;
        const heartbeat = await this.lastHeartbeat(run);
        if (!heartbeat) continue;
        // Any flow-run event resets the clock: a heartbeat, or the run's latest state change.
        const lastSign = Math.max(micros(heartbeat.occurred) ?? 0, micros(run.state?.timestamp) ?? 0);
        if (lastSign >= cutoff) continue;
        await this.crash(scope, run.id, run.state_id).catch((err: unknown) => this.logger.error({ err, flowRunId: run.id }, 'could not crash a zombie flow run'));
      }
    }
  }

  private async crash(scope: TenantScope, flowRunId: string, runningStateId: string): Promise<void> {
    const r = await runFlowRunCommand(this.runner, scope, flowRunId, (now) => ({
      type: 'CrashZombieFlowRun',
      data: { runningStateId, message: ZOMBIE_CRASH_MESSAGE, stateId: this.runner.uuid(), now },
    }));
    const effects: DeploymentConcurrencyEffect[] = r.events.flatMap((e) => (e.type === 'FlowRunStateChanged' ? [...((e.data as FlowRunStateChangedData).concurrency ?? [])] : []));
    if (effects.length > 0) await settleDeploymentConcurrency({ reads: this.reads, slots: this.slots }, systemCaller(scope), {}, effects);
    if (r.events.length > 0) this.logger.info({ flowRunId }, 'flow run marked as crashed due to missing heartbeats');
  }
}

const NON_TERMINAL = ['SCHEDULED', 'PENDING', 'RUNNING', 'PAUSED', 'CANCELLING'];
const PARENT_CANCELLED = 'The parent flow run was cancelled.';

/**
 * Prefect's CancellationCleanup service: task runs still unfinished in a flow run cancelled during
 * the last day are cancelled (forced); subflow runs still unfinished whose parent flow run is
 * cancelled (or gone) are cancelled too: CANCELLING when they belong to a deployment (their
 * infrastructure must be stopped), CANCELLED otherwise, through the ordinary rules.
 */
@Injectable()
export class CancellationCleanupMonitor implements Monitor, OnModuleInit {
  readonly name = 'cancellation-cleanup';
  readonly intervalMs: number;

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly flowRuns: FlowRunUseCases,
    private readonly taskRuns: TaskRunUseCases,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.monitorLoopSeconds * 1000;
  }

  onModuleInit(): void {
    this.registry.registerMonitor(this);
  }

  async run(): Promise<void> {
    await this.cancelTaskRunsOfCancelledFlowRuns();
    await this.cancelSubflowsOfCancelledFlowRuns();
  }

  private async cancelTaskRunsOfCancelledFlowRuns(): Promise<void> {
    const since = secondsAgo(this.clock.now(), 86_400);
    for await (const page of pagedById<FlowRunDoc>(this.readStore, FLOW_RUNS, { state_type: 'CANCELLED', end_time: { $gte: since } }, 200)) {
      for (const run of page) {
        const scope = scopeOfDoc(run);
        if (!scope) continue;
        const open = await this.readStore.find<TaskRunDoc>(TASK_RUNS, { _workspace: scope.workspaceId, flow_run_id: run.id, state_type: { $in: NON_TERMINAL } }, { limit: 100 });
        for (const task of open) {
          await ignoreGone(this.taskRuns.setState(systemCaller(scope), task.id, { type: 'CANCELLED', message: PARENT_CANCELLED }, true), this.logger, task.id);
        }
      }
    }
  }

  private async cancelSubflowsOfCancelledFlowRuns(): Promise<void> {
    for await (const page of pagedById<FlowRunDoc>(this.readStore, FLOW_RUNS, { parent_task_run_id: { $ne: null }, state_type: { $in: NON_TERMINAL } }, 200)) {
      for (const sub of page) {
        const scope = scopeOfDoc(sub);
        if (!scope || !sub.parent_task_run_id) continue;
        const parentTask = await this.readStore.get<TaskRunDoc>(TASK_RUNS, sub.parent_task_run_id);
        if (!parentTask || parentTask._workspace !== scope.workspaceId || !parentTask.flow_run_id) continue;
        const parent = await this.readStore.get<FlowRunDoc>(FLOW_RUNS, parentTask.flow_run_id);
        if (parent && parent._workspace === scope.workspaceId && parent.state_type !== 'CANCELLED') continue;
        const state = sub.deployment_id ? ({ type: 'CANCELLING', message: PARENT_CANCELLED } as const) : ({ type: 'CANCELLED', message: PARENT_CANCELLED } as const);
        await ignoreGone(this.flowRuns.setState(systemCaller(scope), sub.id, state, false), this.logger, sub.id);
      }
    }
  }
}

/** A run deleted between the read and the command is simply skipped; any other failure is logged and skipped. */
async function ignoreGone(p: Promise<unknown>, logger: Logger, runId: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof NotFoundError)) logger.error({ err, runId }, 'cancellation cleanup could not cancel a run');
  }
}
