import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import type { WorkspaceScope } from '../../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../../shared/application';
import { NotFoundError } from '../../../../shared/errors';
import { DeploymentsModule, DeploymentUseCases, EventsService, FlowRunUseCases, OrchestrationCoreModule, WORK_POOLS, WORK_QUEUES, WorkPoolsModule, WorkPoolUseCases, type WorkPoolDoc, type WorkQueueDoc } from '../../../orchestration';

/** The orchestration modules whose providers the gateway uses. */
export const ORCHESTRATION_MODULES = [OrchestrationCoreModule, DeploymentsModule, WorkPoolsModule];

/** Who the engine acts as, where. */
export interface EngineCaller {
  readonly principal: Principal;
  readonly request: RequestContext;
  readonly scope: { readonly accountId: string; readonly workspaceId: string };
}

export interface PrefectEventOut {
  readonly id: string;
  readonly occurred: string;
  readonly event: string;
  readonly resource: Readonly<Record<string, string>>;
  readonly related: readonly Readonly<Record<string, string>>[];
  readonly payload: Readonly<Record<string, unknown>>;
  readonly follows: string | null;
}

type StateType = 'SCHEDULED' | 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'CRASHED' | 'PAUSED' | 'CANCELLING';

/**
 * The engine's one door into orchestration: Prefect events out, and the orchestration use cases the
 * actions are (each a command, authorized and recorded with the automation as actor).
 */
@Injectable()
export class OrchestrationGateway {
  constructor(
    private readonly events: EventsService,
    private readonly deployments: DeploymentUseCases,
    private readonly runs: FlowRunUseCases,
    private readonly pools: WorkPoolUseCases,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  private caller(c: EngineCaller) {
    return { principal: c.principal, request: c.request, scope: { kind: 'workspace', accountId: c.scope.accountId, workspaceId: c.scope.workspaceId } as WorkspaceScope };
  }

  async publish(c: EngineCaller, events: readonly PrefectEventOut[]): Promise<void> {
    await this.events.ingest(c.scope, events, { origin: 'server', principal: c.principal });
  }

  async runDeployment(
    c: EngineCaller,
    deploymentId: string,
    req: { parameters: Record<string, unknown> | null; job_variables: Record<string, unknown> | null; idempotency_key: string; scheduledTime: string | null },
  ): Promise<{ flowRunId: string; created: boolean }> {
    const state = req.scheduledTime ? { type: 'SCHEDULED' as const, state_details: { scheduled_time: req.scheduledTime } } : null;
    const r = await this.deployments.createFlowRun(this.caller(c), deploymentId, {
      state,
      name: null,
      parameters: req.parameters as never,
      enforce_parameter_schema: null,
      context: null,
      infrastructure_document_id: null,
      empirical_policy: null,
      tags: null,
      idempotency_key: req.idempotency_key,
      labels: null,
      parent_task_run_id: null,
      work_queue_name: null,
      job_variables: req.job_variables as never,
    });
    return { flowRunId: r.flowRunId, created: r.created };
  }

  async setDeploymentPaused(c: EngineCaller, deploymentId: string, paused: boolean): Promise<void> {
    await this.deployments.setPaused(this.caller(c), deploymentId, paused);
  }

  async setWorkPoolPaused(c: EngineCaller, poolId: string, paused: boolean): Promise<{ name: string }> {
    const pool = await this.readStore.get<WorkPoolDoc>(WORK_POOLS, poolId);
    if (!pool || pool._workspace !== c.scope.workspaceId) throw new NotFoundError('Work pool not found');
    await this.pools.updatePool(this.caller(c), pool.name, { isPaused: paused });
    return { name: pool.name };
  }

  async setWorkQueuePaused(c: EngineCaller, queueId: string, paused: boolean): Promise<{ name: string }> {
    const queue = await this.readStore.get<WorkQueueDoc>(WORK_QUEUES, queueId);
    if (!queue || queue._workspace !== c.scope.workspaceId) throw new NotFoundError('Work queue not found');
    await this.pools.updateQueue(this.caller(c), queue.work_pool_id, queue.id, { isPaused: paused });
    return { name: queue.name };
  }

  /** Proposes a state for a flow run; returns Prefect's orchestration status (ACCEPT, REJECT, ...). */
  async setFlowRunState(c: EngineCaller, flowRunId: string, state: { type: StateType; name?: string | null; message?: string | null }, force: boolean): Promise<string> {
    const r = await this.runs.setState(this.caller(c), flowRunId, state, force);
    return r.output.result.status;
  }
}
