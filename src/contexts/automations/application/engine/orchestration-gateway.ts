import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import type { WorkspaceScope } from '../../../../infrastructure/http/workspace-scope';
import { CommandRunner, type Principal, type RequestContext } from '../../../../shared/application';
import type { Document } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import {
  BlockQueries,
  BlocksModule,
  CONCURRENCY_LIMITS,
  DEPLOYMENTS,
  DeploymentsModule,
  DeploymentUseCases,
  EventsService,
  FLOW_RUNS,
  FLOWS,
  FlowRunUseCases,
  OrchestrationCoreModule,
  TASK_RUNS,
  VARIABLES,
  WORK_POOLS,
  WORK_QUEUES,
  WorkPoolsModule,
  WorkPoolUseCases,
  type FlowRunDoc,
  type VariableDoc,
  type WorkPoolDoc,
  type WorkQueueDoc,
} from '../../../orchestration';

/** Orchestration objects a notification template may name (Prefect's `_relevant_native_objects`). */
export type TemplateObjectName = 'flow_run' | 'flow' | 'deployment' | 'task_run' | 'work_pool' | 'work_queue' | 'concurrency_limit' | 'variables';
export type TemplateObjects = Partial<Record<TemplateObjectName, Record<string, unknown> | null>>;

/** A block document's type and its data, secrets unsealed, referenced documents inlined. */
export interface RevealedBlock {
  readonly id: string;
  readonly name: string;
  readonly blockType: string;
  readonly data: Record<string, unknown>;
}

const SEE_SECRET_BLOCKS = 'see_secret_blocks';
const OBJECT_KINDS: Partial<Record<TemplateObjectName, { kind: string; collection: string }>> = {
  flow_run: { kind: 'flow-run', collection: FLOW_RUNS },
  flow: { kind: 'flow', collection: FLOWS },
  deployment: { kind: 'deployment', collection: DEPLOYMENTS },
  task_run: { kind: 'task-run', collection: TASK_RUNS },
  work_pool: { kind: 'work-pool', collection: WORK_POOLS },
  work_queue: { kind: 'work-queue', collection: WORK_QUEUES },
  concurrency_limit: { kind: 'concurrency-limit', collection: CONCURRENCY_LIMITS },
};
/** When the event does not name an object, the flow run it names may (Prefect's templates expect `flow` with `flow_run`). */
const FROM_FLOW_RUN: Partial<Record<TemplateObjectName, keyof FlowRunDoc>> = { flow: 'flow_id', deployment: 'deployment_id', work_pool: 'work_pool_id', work_queue: 'work_queue_id' };
const MAX_VARIABLES = 1000;

/** A read-model document as the Prefect API shows it: without the store's reserved `_` fields. */
function publicShape(doc: Document): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_')));
}

/** The orchestration modules whose providers the gateway uses. */
export const ORCHESTRATION_MODULES = [OrchestrationCoreModule, DeploymentsModule, WorkPoolsModule, BlocksModule];

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
    private readonly runner: CommandRunner,
    private readonly blocks: BlockQueries,
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
  async setFlowRunState(c: EngineCaller, flowRunId: string, state: { type: StateType; name?: string | null; message?: string | null; state_details?: { pause_timeout?: string; pause_reschedule?: boolean } }, force: boolean): Promise<string> {
    const r = await this.runs.setState(this.caller(c), flowRunId, state, force);
    return r.output.result.status;
  }

  /**
   * The orchestration objects `names` in their Prefect API shapes, found through the resources of the
   * triggering event (its own resource, then its related ones), and, for `flow`, `deployment`,
   * `work_pool` and `work_queue`, through the flow run when the event does not name them. Objects of
   * another workspace, or gone, are left out (they render as empty text).
   */
  async templateObjects(c: EngineCaller, names: readonly string[], resources: readonly Readonly<Record<string, string>>[]): Promise<TemplateObjects> {
    const out: TemplateObjects = {};
    const idOf = (kind: string): string | undefined => {
      const prefix = `prefect.${kind}.`;
      for (const r of resources) {
        const id = r['prefect.resource.id'];
        if (id?.startsWith(prefix)) return id.slice(prefix.length);
      }
      return undefined;
    };
    const load = async (collection: string, id: string | null | undefined): Promise<Record<string, unknown> | null> => {
      if (!id) return null;
      const doc = await this.readStore.get(collection, id);
      return doc && doc._workspace === c.scope.workspaceId ? publicShape(doc) : null;
    };
    const wanted = new Set(names);
    // The flow run is needed to find the others when the event does not name them.
    const flowRun = wanted.has('flow_run') || [...wanted].some((n) => n in FROM_FLOW_RUN) ? await load(FLOW_RUNS, idOf('flow-run')) : null;
    if (wanted.has('flow_run')) out.flow_run = flowRun;
    for (const name of wanted) {
      const spec = OBJECT_KINDS[name as TemplateObjectName];
      if (!spec || name === 'flow_run') continue;
      const viaRun = FROM_FLOW_RUN[name as TemplateObjectName];
      const id = idOf(spec.kind) ?? (viaRun && flowRun ? (flowRun[viaRun] as string | null) : undefined);
      out[name as TemplateObjectName] = await load(spec.collection, id);
    }
    if (wanted.has('variables')) {
      const docs = await this.readStore.find<VariableDoc>(VARIABLES, { _workspace: c.scope.workspaceId }, { limit: MAX_VARIABLES });
      out.variables = Object.fromEntries(docs.map((d) => [d.name, parseJson(d.value_json)]));
    }
    return out;
  }

  /**
   * A block document with its secrets unsealed, read as the automation: it must hold
   * `see_secret_blocks` in the workspace (an automation holds every permission of its own workspace).
   * Documents it references are inlined under their names, as Prefect loads nested blocks.
   */
  async revealedBlock(c: EngineCaller, blockDocumentId: string): Promise<RevealedBlock> {
    const { scope } = this.caller(c);
    await this.runner.authorize(c.principal, SEE_SECRET_BLOCKS, scope);
    const doc = await this.blocks.document(scope, blockDocumentId, true);
    return { id: doc.id, name: doc.name, blockType: String(doc.block_type?.slug ?? doc.block_type_name), data: doc.data };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
