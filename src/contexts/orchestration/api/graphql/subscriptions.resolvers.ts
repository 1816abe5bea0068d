import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../../../infrastructure/event-store/event-store.port';
import type { GraphqlContext } from '../../../../infrastructure/graphql/graphql-context';
import { workspaceOf } from '../../../../infrastructure/graphql/graphql-schema';
import { GraphqlRegistry } from '../../../../infrastructure/graphql/graphql.registry';
import { LiveAccessGate } from '../../../../infrastructure/graphql/live-access';
import { decodeFeedCursor, encodeFeedCursor, LiveFeed } from '../../../../infrastructure/graphql/live-feed';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { AUTHORIZER, type Authorizer } from '../../../../shared/application';
import type { Actor, EventMetadata, RecordedEvent } from '../../../../shared/ddd';
import type { State } from '../../domain/states/state';
import { LogsService } from '../../application/logs/logs.service';
import { OrchestrationReads, type TenantScope } from '../../application/orchestration-reads';
import { FLOW_RUNS, TASK_RUNS, type FlowRunDoc, type StateDoc, type TaskRunDoc } from '../../read-models';
import { changesAccess } from '../../../../infrastructure/graphql/live-access';
import { decodeLogCursor, liveLogs } from './subscription-logs';
import { liveEvents, payloadOrEnd, type Subscriber } from './subscription-stream';

const PERMISSION = 'see_flows';

/** FlowRunStateFilter (schema/orchestration.subscriptions.graphql). */
interface FlowRunStateFilterInput {
  readonly flowRunIds?: readonly string[] | null;
  readonly deploymentIds?: readonly string[] | null;
  readonly flowIds?: readonly string[] | null;
  readonly stateTypes?: readonly string[] | null;
  readonly tags?: readonly string[] | null;
}

/** The payload of FlowRunStateEvent / TaskRunStateEvent (scoped like a read-model document). */
interface RunStateEvent {
  readonly cursor: string;
  readonly runId: string;
  readonly flowRunId: string | null;
  readonly state: StateDoc;
  readonly occurredAt: string;
  readonly actor: Actor | null;
  readonly _account: string;
  readonly _workspace: string;
}

type WorkspaceArgs = { accountId: string; workspaceId: string; after?: string | null };

function stateDoc(s: State): StateDoc {
  return { id: s.id, type: s.type, name: s.name, timestamp: s.timestamp, message: s.message ?? null, data: s.data ?? null, state_details: { ...(s.state_details as Record<string, unknown>) } };
}

function runStateEvent(event: RecordedEvent, scope: TenantScope, runId: string, flowRunId: string | null, state: State): RunStateEvent {
  const meta = event.metadata as Partial<EventMetadata> | null;
  const a = meta?.actor;
  return {
    cursor: encodeFeedCursor(event.position),
    runId,
    flowRunId,
    state: stateDoc(state),
    occurredAt: meta?.occurredAt ?? event.recordedAt,
    actor: a ? { type: a.type, id: a.id, name: a.name } : null,
    _account: scope.accountId,
    _workspace: scope.workspaceId,
  };
}

const lower = (ids: readonly string[] | null | undefined) => (ids && ids.length > 0 ? new Set(ids.map((i) => i.toLowerCase())) : undefined);

/**
 * GraphQL subscriptions of orchestration (SDL: schema/orchestration.subscriptions.graphql): flow-run state
 * changes of a workspace, task-run state changes and log lines of a flow run. Events come from the process's
 * LiveFeed (resumable by cursor); each delivery is authorized again through the LiveAccessGate.
 */
@Injectable()
export class OrchestrationSubscriptionResolvers implements OnModuleInit, OnModuleDestroy {
  private feed!: LiveFeed;
  private gate!: LiveAccessGate;

  constructor(
    private readonly registry: GraphqlRegistry,
    private readonly projections: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    private readonly reads: OrchestrationReads,
    private readonly logs: LogsService,
  ) {}

  onModuleInit(): void {
    this.feed = LiveFeed.of(this.projections, this.events);
    this.gate = new LiveAccessGate(this.authorizer, this.feed, { changesAccess });
    const resolve = (payload: unknown) => payloadOrEnd(payload);
    this.registry.register({
      Subscription: {
        flowRunStateChanged: { subscribe: (_: unknown, args: WorkspaceArgs & { filter?: FlowRunStateFilterInput | null }, ctx: GraphqlContext) => this.flowRunStates(args, ctx), resolve },
        taskRunStateChanged: { subscribe: (_: unknown, args: WorkspaceArgs & { flowRunId: string }, ctx: GraphqlContext) => this.taskRunStates(args, ctx), resolve },
        flowRunLogs: { subscribe: (_: unknown, args: WorkspaceArgs & { flowRunId: string }, ctx: GraphqlContext) => this.flowRunLogs(args, ctx), resolve },
      },
      FlowRunStateEvent: {
        flowRunId: (e: RunStateEvent) => e.runId,
        flowRun: (e: RunStateEvent) => this.reads.scoped({ accountId: e._account, workspaceId: e._workspace }).get<FlowRunDoc>(FLOW_RUNS, e.runId),
      },
      TaskRunStateEvent: {
        taskRunId: (e: RunStateEvent) => e.runId,
        taskRun: (e: RunStateEvent) => this.reads.scoped({ accountId: e._account, workspaceId: e._workspace }).get<TaskRunDoc>(TASK_RUNS, e.runId),
      },
    });
  }

  onModuleDestroy(): void {
    this.gate?.close();
  }

  private subscriber(args: WorkspaceArgs, ctx: GraphqlContext): Subscriber {
    const scope = workspaceOf(undefined, args);
    const connection = ctx.connection;
    return { principal: ctx.principal, permission: PERMISSION, scope: { accountId: scope.accountId, workspaceId: scope.workspaceId }, ...(connection ? { connection } : {}) };
  }

  private flowRunStates(args: WorkspaceArgs & { filter?: FlowRunStateFilterInput | null }, ctx: GraphqlContext) {
    const s = this.subscriber(args, ctx);
    const after = args.after ? decodeFeedCursor(args.after) : undefined;
    const f = args.filter ?? {};
    const runs = lower(f.flowRunIds);
    const deployments = lower(f.deploymentIds);
    const flows = lower(f.flowIds);
    const types = f.stateTypes && f.stateTypes.length > 0 ? new Set(f.stateTypes) : undefined;
    const tags = f.tags && f.tags.length > 0 ? f.tags : undefined;
    type Data = { flowRunId: string; flow_id: string; deployment_id: string | null; state: State; tags?: readonly string[] };
    const wanted = (event: RecordedEvent) => {
      if (event.type !== 'FlowRunCreated' && event.type !== 'FlowRunStateChanged') return false;
      const d = event.data as Data;
      if (runs && !runs.has(d.flowRunId)) return false;
      if (flows && !flows.has(d.flow_id)) return false;
      if (deployments && (d.deployment_id === null || !deployments.has(d.deployment_id))) return false;
      return !types || types.has(d.state.type);
    };
    const select = (event: RecordedEvent) => {
      const d = event.data as Data;
      return runStateEvent(event, s.scope, d.flowRunId, d.flowRunId, d.state);
    };
    // Tags are on the run (FlowRunStateChanged does not repeat them): read once per event that passed the rest.
    const selectTagged = async (event: RecordedEvent) => {
      const d = event.data as Data;
      const runTags = d.tags ?? (await this.reads.scoped(s.scope).get<FlowRunDoc>(FLOW_RUNS, d.flowRunId))?.tags ?? [];
      return tags!.every((t) => runTags.includes(t)) ? select(event) : undefined;
    };
    return liveEvents(this.feed, this.gate, s, after, wanted, tags ? selectTagged : select);
  }

  private taskRunStates(args: WorkspaceArgs & { flowRunId: string }, ctx: GraphqlContext) {
    const s = this.subscriber(args, ctx);
    const after = args.after ? decodeFeedCursor(args.after) : undefined;
    const flowRunId = args.flowRunId.toLowerCase();
    type Data = { taskRunId: string; flow_run_id: string | null; state: State };
    const wanted = (event: RecordedEvent) =>
      (event.type === 'TaskRunCreated' || event.type === 'TaskRunStateChanged' || event.type === 'TaskRunStateRecorded') && (event.data as Data).flow_run_id === flowRunId;
    return liveEvents(this.feed, this.gate, s, after, wanted, (event) => {
      const d = event.data as Data;
      return runStateEvent(event, s.scope, d.taskRunId, d.flow_run_id, d.state);
    });
  }

  private flowRunLogs(args: WorkspaceArgs & { flowRunId: string }, ctx: GraphqlContext) {
    const s = this.subscriber(args, ctx);
    const after = args.after ? decodeLogCursor(args.after) : undefined;
    return liveLogs(this.logs, this.feed, this.gate, s, args.flowRunId.toLowerCase(), after);
  }
}
