import type { EventStore } from '../../../../infrastructure/event-store/event-store.port';
import { connectionOf, pagedConnection, type ConnectionArgs } from '../../../../infrastructure/graphql/connections';
import type { GraphqlContext } from '../../../../infrastructure/graphql/graphql-context';
import type { ResolverMap } from '../../../../infrastructure/graphql/graphql.registry';
import type { Clock } from '../../../../shared/application';
import { microIso, streamName, type Document, type EventMetadata } from '../../../../shared/ddd';
import type { BlockQueries } from '../../application/blocks/block-queries';
import type { OrchestrationReads, TenantScope } from '../../application/orchestration-reads';
import type { WorkPoolReads } from '../../application/work-pools/work-pool-reads';
import { workerStatus } from '../../application/work-pools/work-pool-status';
import type { FlowRunEvent } from '../../domain/flow-run/flow-run.events';
import {
  artifactDataOf,
  artifactMetadataOf,
  BLOCK_TYPES,
  DEPLOYMENTS,
  FLOW_RUNS,
  LOGS,
  TASK_RUNS,
  variableValue,
  WORK_POOLS,
  type ArtifactDoc,
  type BlockDocumentDoc,
  type BlockTypeDoc,
  type ConcurrencyLimitDoc,
  type DeploymentDoc,
  type FlowDoc,
  type FlowRunDoc,
  type TaskRunDoc,
  type VariableDoc,
  type WorkerDoc,
  type WorkPoolDoc,
  type WorkQueueDoc,
} from '../../read-models';
import { presentDeployments, type DeploymentResponse } from '../deployments-presenter';
import type { DeploymentQueries } from '../deployments-queries';
import { FLOW_RUN_SORTS, TASK_RUN_SORTS } from '../prefect-filters';
import { activeSlots, toFlowRun, toTaskRun } from '../presenters';
import type { RunQueries } from '../run-queries';

/** The read services the orchestration types resolve with (the same ones REST reads through). */
export interface OrchestrationQueryDeps {
  readonly reads: OrchestrationReads;
  readonly runs: RunQueries;
  readonly deployments: DeploymentQueries;
  readonly pools: WorkPoolReads;
  readonly blocks: BlockQueries;
  readonly events: EventStore;
  readonly clock: Clock;
}

type Doc = Document & Record<string, unknown>;
type Resolver<P = Doc> = (parent: P, args: Record<string, unknown>, ctx: GraphqlContext) => unknown;

/** The workspace a read-model document belongs to (every document carries `_account`/`_workspace`). */
export function scopeOf(doc: Document): TenantScope {
  return { accountId: String(doc._account), workspaceId: String(doc._workspace) };
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Resolvers reading `fooBar` from the document's `foo_bar` (null when absent). */
function snakeFields(...fields: string[]): Record<string, Resolver> {
  return Object.fromEntries(fields.map((f) => [f, (d: Doc) => d[snake(f)] ?? null]));
}

const TIMESTAMPS = { createdAt: (d: Doc) => d.created, updatedAt: (d: Doc) => d.updated };
const wsKey = (s: TenantScope) => `${s.accountId}/${s.workspaceId}`;

/** Per-operation loaders: one batched read per collection and workspace, whatever the number of parents. */
export function loaders(deps: OrchestrationQueryDeps) {
  const byId = <D extends Doc>(collection: string) => (ctx: GraphqlContext, scope: TenantScope) =>
    ctx.loader<string, D | null>(`orchestration:${collection}:${wsKey(scope)}`, async (ids) => {
      const found = new Map((await deps.reads.scoped(scope).getMany<D>(collection, ids)).map((d) => [d._id, d]));
      return ids.map((id) => found.get(id) ?? null);
    });
  return {
    /** Flows through RunQueries.flowsByIds: one call per operation and workspace. */
    flow: (ctx: GraphqlContext, scope: TenantScope) =>
      ctx.loader<string, FlowDoc | null>(`orchestration:flows:${wsKey(scope)}`, async (ids) => {
        const found = new Map((await deps.runs.flowsByIds(scope, ids)).map((d) => [d.id, d]));
        return ids.map((id) => found.get(id) ?? null);
      }),
    flowRun: byId<FlowRunDoc>(FLOW_RUNS),
    deployment: byId<DeploymentDoc>(DEPLOYMENTS),
    workPool: byId<WorkPoolDoc>(WORK_POOLS),
    blockType: byId<BlockTypeDoc>(BLOCK_TYPES),
    /** REST's deployment view (status, last_polled, global limit) of many deployments in one presentation. */
    deploymentView: (ctx: GraphqlContext, scope: TenantScope) =>
      ctx.loader<DeploymentDoc, DeploymentResponse>(`orchestration:deploymentView:${wsKey(scope)}`, (docs) => presentDeployments(deps.reads, scope, docs, microIso(deps.clock.now()))),
    poolView: (ctx: GraphqlContext, scope: TenantScope) =>
      ctx.loader<WorkPoolDoc, { status: string | null; active_slots: number | null }>(`orchestration:poolView:${wsKey(scope)}`, (docs) => deps.pools.presentPools(scope, docs)),
    queueView: (ctx: GraphqlContext, scope: TenantScope) =>
      ctx.loader<WorkQueueDoc, { status: string; last_polled: string | null; active_slots: number | null }>(`orchestration:queueView:${wsKey(scope)}`, (docs) => deps.pools.presentQueues(scope, docs)),
    /** Block documents as REST presents them, secrets always masked. */
    blockData: (ctx: GraphqlContext, scope: TenantScope) =>
      ctx.loader<string, Record<string, unknown> | null>(`orchestration:blockData:${wsKey(scope)}`, async (ids) => {
        const docs = await deps.blocks.documents({ kind: 'workspace', ...scope }, { id: { $in: [...ids] } }, {}, false);
        const found = new Map(docs.map((d) => [d.id, d.data as Record<string, unknown>]));
        return ids.map((id) => found.get(id) ?? null);
      }),
  };
}


interface StateChangeView {
  type: string;
  name: string;
  timestamp: string;
  message: string | null;
  fromType: string | null;
  status: string;
  reason: string | null;
  forced: boolean;
  actor: { id: string; type: string; name: string } | null;
  revision: number;
}

/** A run's state changes from its stream in the event store, with the actor of each from the event metadata. */
export async function stateTimeline(events: EventStore, flowRunId: string): Promise<StateChangeView[]> {
  const recorded = await events.readStream(streamName('flowRun', flowRunId));
  const out: StateChangeView[] = [];
  for (const e of recorded) {
    const event = { type: e.type, data: e.data } as FlowRunEvent;
    const meta = (e.metadata ?? {}) as Partial<EventMetadata>;
    const actor = meta.actor ? { id: meta.actor.id, type: meta.actor.type, name: meta.actor.name } : null;
    if (event.type === 'FlowRunCreated') {
      const s = event.data.state;
      out.push({ type: s.type, name: s.name, timestamp: s.timestamp, message: s.message ?? null, fromType: null, status: 'CREATED', reason: null, forced: false, actor, revision: e.revision });
    } else if (event.type === 'FlowRunStateChanged') {
      const d = event.data;
      out.push({ type: d.state.type, name: d.state.name, timestamp: d.state.timestamp, message: d.state.message ?? null, fromType: d.initial_state?.type ?? null, status: d.status, reason: d.reason, forced: d.forced, actor, revision: e.revision });
    }
  }
  return out;
}

/** Field resolvers of every orchestration type; the parent is always the read-model document. */
export function orchestrationTypeResolvers(deps: OrchestrationQueryDeps): ResolverMap {
  const load = loaders(deps);
  const now = () => microIso(deps.clock.now());
  const runsOfFlowRun = (d: FlowRunDoc, args: ConnectionArgs) =>
    pagedConnection(
      args,
      (page) => deps.reads.scoped(scopeOf(d)).find<TaskRunDoc>(TASK_RUNS, { flow_run_id: d.id }, { ...page, sort: TASK_RUN_SORTS.EXPECTED_START_TIME_ASC }),
      () => deps.reads.scoped(scopeOf(d)).count(TASK_RUNS, { flow_run_id: d.id }),
    );
  const logsOfFlowRun = (d: FlowRunDoc, args: ConnectionArgs) =>
    pagedConnection(
      args,
      (page) => deps.reads.scoped(scopeOf(d)).find<Doc>(LOGS, { flow_run_id: d.id }, { ...page, sort: [{ field: 'timestamp', direction: 'asc' }] }),
      () => deps.reads.scoped(scopeOf(d)).count(LOGS, { flow_run_id: d.id }),
    );

  const runFields = snakeFields('deploymentId', 'deploymentVersion', 'workQueueName', 'workPoolName', 'flowVersion', 'idempotencyKey', 'parentTaskRunId', 'stateType', 'stateName', 'expectedStartTime', 'nextScheduledStartTime', 'startTime', 'endTime', 'createdBy');

  return {
    State: { details: (s: Doc) => s.state_details ?? {} },
    Flow: {
      ...TIMESTAMPS,
      flowRuns: (d: FlowDoc, args: ConnectionArgs) => {
        const body = { flow_runs: { flow_id: { any_: [d.id] } } };
        return pagedConnection(
          args,
          (page) => deps.runs.findFlowRuns(scopeOf(d), body, { ...page, sort: FLOW_RUN_SORTS.EXPECTED_START_TIME_DESC }),
          () => deps.runs.countFlowRuns(scopeOf(d), body),
        );
      },
      deployments: (d: FlowDoc, args: ConnectionArgs) => {
        const body = { flows: { id: { any_: [d.id] } } };
        return pagedConnection(
          args,
          (page) => deps.deployments.find(scopeOf(d), body, { ...page, sort: [{ field: 'name', direction: 'asc' }] }),
          () => deps.deployments.count(scopeOf(d), body),
        );
      },
    },
    FlowRun: {
      ...TIMESTAMPS,
      ...runFields,
      flowId: (d: FlowRunDoc) => d.flow_id,
      labels: (d: FlowRunDoc) => d.labels ?? {},
      parameters: (d: FlowRunDoc) => d.parameters ?? {},
      runCount: (d: FlowRunDoc) => d.run_count,
      totalRunTime: (d: FlowRunDoc) => d.total_run_time,
      estimatedRunTime: (d: FlowRunDoc) => toFlowRun(d, now()).estimated_run_time,
      estimatedStartTimeDelta: (d: FlowRunDoc) => toFlowRun(d, now()).estimated_start_time_delta,
      autoScheduled: (d: FlowRunDoc) => d.auto_scheduled === true,
      flow: (d: FlowRunDoc, _: unknown, ctx: GraphqlContext) => load.flow(ctx, scopeOf(d)).load(d.flow_id),
      deployment: (d: FlowRunDoc, _: unknown, ctx: GraphqlContext) => (d.deployment_id ? load.deployment(ctx, scopeOf(d)).load(d.deployment_id) : null),
      taskRuns: (d: FlowRunDoc, args: ConnectionArgs) => runsOfFlowRun(d, args),
      logs: (d: FlowRunDoc, args: ConnectionArgs) => logsOfFlowRun(d, args),
      stateTimeline: (d: FlowRunDoc) => stateTimeline(deps.events, d.id),
    },
    TaskRun: {
      ...TIMESTAMPS,
      ...snakeFields('flowRunId', 'taskKey', 'dynamicKey', 'taskVersion', 'stateType', 'stateName', 'expectedStartTime', 'startTime', 'endTime'),
      labels: (d: TaskRunDoc) => d.labels ?? {},
      runCount: (d: TaskRunDoc) => d.run_count,
      totalRunTime: (d: TaskRunDoc) => d.total_run_time,
      estimatedRunTime: (d: TaskRunDoc) => toTaskRun(d, now()).estimated_run_time,
      flowRun: (d: TaskRunDoc, _: unknown, ctx: GraphqlContext) => (d.flow_run_id ? load.flowRun(ctx, scopeOf(d)).load(d.flow_run_id) : null),
    },
    LogLine: { id: (d: Doc) => d.id ?? d._id, ...snakeFields('flowRunId', 'taskRunId') },
    DeploymentSchedule: {
      ...TIMESTAMPS,
      ...snakeFields('deploymentId', 'maxScheduledRuns', 'slug'),
      parameters: (s: Doc) => s.parameters ?? {},
    },
    Deployment: {
      ...TIMESTAMPS,
      ...snakeFields('version', 'description', 'workQueueName', 'workPoolName', 'path', 'entrypoint'),
      flowId: (d: DeploymentDoc) => d.flow_id,
      labels: (d: DeploymentDoc) => d.labels ?? {},
      parameters: (d: DeploymentDoc) => d.parameters ?? {},
      jobVariables: (d: DeploymentDoc) => d.job_variables ?? {},
      status: async (d: DeploymentDoc, _: unknown, ctx: GraphqlContext) => (await load.deploymentView(ctx, scopeOf(d)).load(d)).status,
      lastPolled: async (d: DeploymentDoc, _: unknown, ctx: GraphqlContext) => (await load.deploymentView(ctx, scopeOf(d)).load(d)).last_polled,
      globalConcurrencyLimit: async (d: DeploymentDoc, _: unknown, ctx: GraphqlContext) => (await load.deploymentView(ctx, scopeOf(d)).load(d)).global_concurrency_limit,
      schedules: (d: DeploymentDoc) => d.schedules ?? [],
      flow: (d: DeploymentDoc, _: unknown, ctx: GraphqlContext) => load.flow(ctx, scopeOf(d)).load(d.flow_id),
      workPool: (d: DeploymentDoc, _: unknown, ctx: GraphqlContext) => (d.work_pool_id ? load.workPool(ctx, scopeOf(d)).load(d.work_pool_id) : null),
    },
    WorkPool: {
      ...TIMESTAMPS,
      ...snakeFields('description', 'isPaused', 'concurrencyLimit', 'defaultQueueId'),
      baseJobTemplate: (d: WorkPoolDoc) => d.base_job_template ?? {},
      status: async (d: WorkPoolDoc, _: unknown, ctx: GraphqlContext) => (await load.poolView(ctx, scopeOf(d)).load(d)).status,
      activeSlots: async (d: WorkPoolDoc, _: unknown, ctx: GraphqlContext) => (await load.poolView(ctx, scopeOf(d)).load(d)).active_slots,
      queues: async (d: WorkPoolDoc, args: ConnectionArgs) => connectionOf(await deps.pools.queuesOf(scopeOf(d), d.id), args),
      workers: async (d: WorkPoolDoc, args: ConnectionArgs) => connectionOf(await deps.pools.workersOf(scopeOf(d), d.id), args),
    },
    WorkQueue: {
      ...TIMESTAMPS,
      ...snakeFields('description', 'isPaused', 'concurrencyLimit', 'workPoolId', 'workPoolName'),
      status: async (d: WorkQueueDoc, _: unknown, ctx: GraphqlContext) => (await load.queueView(ctx, scopeOf(d)).load(d)).status,
      lastPolled: async (d: WorkQueueDoc, _: unknown, ctx: GraphqlContext) => (await load.queueView(ctx, scopeOf(d)).load(d)).last_polled,
      activeSlots: async (d: WorkQueueDoc, _: unknown, ctx: GraphqlContext) => (await load.queueView(ctx, scopeOf(d)).load(d)).active_slots,
    },
    Worker: {
      ...TIMESTAMPS,
      ...snakeFields('workPoolId', 'lastHeartbeatTime', 'heartbeatIntervalSeconds'),
      status: (d: WorkerDoc) => workerStatus(d, deps.clock.now().getTime()),
    },
    BlockType: { ...TIMESTAMPS, ...snakeFields('logoUrl', 'documentationUrl', 'description', 'codeExample', 'isProtected') },
    BlockDocument: {
      ...TIMESTAMPS,
      ...snakeFields('isAnonymous', 'blockTypeId', 'blockTypeName', 'blockSchemaId'),
      // Never revealed: the presentation REST uses without `include_secrets`.
      data: async (d: BlockDocumentDoc, _: unknown, ctx: GraphqlContext) => (await load.blockData(ctx, scopeOf(d)).load(d.id)) ?? {},
      blockType: (d: BlockDocumentDoc, _: unknown, ctx: GraphqlContext) => load.blockType(ctx, scopeOf(d)).load(d.block_type_id),
    },
    Variable: { ...TIMESTAMPS, value: (d: VariableDoc) => variableValue(d) },
    Artifact: {
      ...TIMESTAMPS,
      ...snakeFields('flowRunId', 'taskRunId'),
      data: (d: ArtifactDoc) => artifactDataOf(d),
      metadata: (d: ArtifactDoc) => artifactMetadataOf(d),
    },
    ConcurrencyLimit: {
      ...TIMESTAMPS,
      slotDecayPerSecond: (d: ConcurrencyLimitDoc) => d.slot_decay_per_second,
      activeSlots: (d: ConcurrencyLimitDoc) => activeSlots(d, now()),
    },
  } as ResolverMap;
}
