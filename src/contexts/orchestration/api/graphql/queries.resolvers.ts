import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../../../infrastructure/event-store/event-store.port';
import { pagedConnection, type ConnectionArgs } from '../../../../infrastructure/graphql/connections';
import { workspaceOf } from '../../../../infrastructure/graphql/graphql-schema';
import { GraphqlRegistry } from '../../../../infrastructure/graphql/graphql.registry';
import type { SortKey } from '../../../../infrastructure/read-store/read-store.port';
import { CLOCK, type Clock } from '../../../../shared/application';
import { microIso, type Document } from '../../../../shared/ddd';
import { ValidationError } from '../../../../shared/errors';
import { BlockQueries } from '../../application/blocks/block-queries';
import { OrchestrationReads, type TenantScope } from '../../application/orchestration-reads';
import { WorkPoolReads } from '../../application/work-pools/work-pool-reads';
import {
  BLOCK_DOCUMENTS,
  BLOCK_TYPES,
  CONCURRENCY_LIMITS,
  DEPLOYMENTS,
  FLOWS,
  FLOW_RUNS,
  VARIABLES,
  type BlockDocumentDoc,
  type BlockTypeDoc,
  type ConcurrencyLimitDoc,
  type DeploymentDoc,
  type FlowDoc,
  type FlowRunDoc,
  type VariableDoc,
} from '../../read-models';
import { ARTIFACT_SORTS, ArtifactQueries } from '../artifacts-queries';
import { blockDocumentFilter, blockTypeFilter, BLOCK_DOCUMENT_SORTS, BLOCK_TYPE_SORT } from '../block-filters';
import { DEPLOYMENT_SORTS, DeploymentQueries } from '../deployments-queries';
import { FlowQueries } from '../flow-queries';
import { and, FLOW_RUN_SORTS, FLOW_SORTS, isoDate } from '../prefect-filters';
import { RunQueries } from '../run-queries';
import { VARIABLE_SORTS, variableFilter } from '../variables.controller';
import { workPoolFilter } from '../work-pools-bodies';
import {
  artifactBody,
  blockDocumentBody,
  deploymentBody,
  flowBody,
  flowRunBody,
  variableFilterBody,
  workPoolFilterBody,
  type ArtifactFilterInput,
  type BlockDocumentFilterInput,
  type DeploymentFilterInput,
  type FlowFilterInput,
  type FlowRunFilterInput,
  type VariableFilterInput,
  type WorkPoolFilterInput,
} from './query-filters';
import { runHistory } from '../run-history';
import { orchestrationTypeResolvers, type OrchestrationQueryDeps } from './types-orchestration';

type Args = Record<string, unknown> & ConnectionArgs;
const HOUR = 3_600_000;

/** A sort enum value (the SDL enum makes anything else a VALIDATION_FAILED before we get here). */
function sortOf(table: Record<string, readonly SortKey[]>, value: unknown, fallback: string): readonly SortKey[] {
  return table[typeof value === 'string' ? value : fallback] ?? table[fallback]!;
}

function positiveCount(v: unknown, where: string, fallback: number): number {
  if (v === null || v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 200) throw new ValidationError(`${where} must be an integer between 0 and 200`);
  return v;
}

/** The dashboard's REST-equivalent bodies: the counts are `POST /flow_runs/count` with exactly these. */
export const dashboardBodies = {
  late: (from: string, to: string) => ({ flow_runs: { state: { name: { any_: ['Late'] } }, expected_start_time: { after_: from, before_: to } } }),
  failed: (from: string, to: string) => ({ flow_runs: { state: { type: { any_: ['FAILED'] } }, expected_start_time: { after_: from, before_: to } } }),
  inWindow: (from: string, to: string) => ({ flow_runs: { expected_start_time: { after_: from, before_: to } } }),
  upcoming: (now: string) => ({ flow_runs: { state: { type: { any_: ['SCHEDULED'] } }, expected_start_time: { after_: now } } }),
};

/**
 * GraphQL queries of orchestration (SDL: schema/orchestration.graphql): the runs dashboard, runs with their task runs,
 * logs and state timeline, and every other workspace resource. The directive wrapper has authorized the caller for
 * the field's workspace and scope before a resolver runs; the reads go through the same query services as REST,
 * scoped to that workspace.
 */
@Injectable()
export class OrchestrationQueryResolvers implements OnModuleInit {
  private readonly deps: OrchestrationQueryDeps;

  constructor(
    private readonly registry: GraphqlRegistry,
    private readonly reads: OrchestrationReads,
    private readonly runs: RunQueries,
    private readonly flows: FlowQueries,
    private readonly deploymentQueries: DeploymentQueries,
    private readonly pools: WorkPoolReads,
    private readonly blocks: BlockQueries,
    private readonly artifacts: ArtifactQueries,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.deps = { reads, runs, deployments: deploymentQueries, pools, blocks, events, clock };
  }

  onModuleInit(): void {
    const ws = (args: Args): TenantScope => workspaceOf(undefined, args);
    const byId = <D,>(collection: string, message: string) => (_: unknown, args: Args) => this.reads.getOrThrow<D & Document>(ws(args), collection, String(args.id).toLowerCase(), message);

    this.registry.register({
      Query: {
        flowRunsDashboard: (_: unknown, args: Args) => this.dashboard(ws(args), args),

        flowRuns: (_: unknown, args: Args) => {
          const scope = ws(args);
          const body = flowRunBody(args.filter as FlowRunFilterInput | null);
          const sort = sortOf(FLOW_RUN_SORTS, args.sort, 'ID_DESC');
          return pagedConnection(
            args,
            (page) => this.runs.findFlowRuns(scope, body, { ...page, sort }),
            () => this.runs.countFlowRuns(scope, body),
          );
        },
        flowRun: byId<FlowRunDoc>(FLOW_RUNS, 'Flow run not found'),

        flows: (_: unknown, args: Args) => {
          const scope = ws(args);
          const body = flowBody(args.filter as FlowFilterInput | null);
          const sort = sortOf(FLOW_SORTS, args.sort, 'NAME_ASC');
          return pagedConnection(
            args,
            (page) => this.flows.find(scope, body, { ...page, sort }),
            () => this.flows.count(scope, body),
          );
        },
        flow: byId<FlowDoc>(FLOWS, 'Flow not found'),

        deployments: (_: unknown, args: Args) => {
          const scope = ws(args);
          const body = deploymentBody(args.filter as DeploymentFilterInput | null);
          const sort = sortOf(DEPLOYMENT_SORTS, args.sort, 'NAME_ASC');
          return pagedConnection(
            args,
            (page) => this.deploymentQueries.find(scope, body, { ...page, sort }),
            () => this.deploymentQueries.count(scope, body),
          );
        },
        deployment: byId<DeploymentDoc>(DEPLOYMENTS, 'Deployment not found'),

        workPools: (_: unknown, args: Args) => {
          const scope = ws(args);
          const filter = workPoolFilter(workPoolFilterBody(args.filter as WorkPoolFilterInput | null));
          return pagedConnection(
            args,
            (page) => this.pools.findPools(scope, filter, { ...page, sort: [{ field: 'name', direction: 'asc' }] }),
            () => this.pools.countPools(scope, filter),
          );
        },
        workPool: (_: unknown, args: Args) => this.pools.poolByName(ws(args), String(args.name)),

        blockDocuments: async (_: unknown, args: Args) => {
          const scope = ws(args);
          const b = blockDocumentBody(args.filter as BlockDocumentFilterInput | null);
          const byType = blockTypeFilter(b.block_types);
          const filter = and(blockDocumentFilter(b.block_documents), byType ? { block_type_id: { $in: await this.blocks.typeIds({ kind: 'workspace', ...scope }, byType) } } : undefined);
          return pagedConnection(
            args,
            (page) => this.reads.scoped(scope).find<BlockDocumentDoc>(BLOCK_DOCUMENTS, filter, { ...page, sort: BLOCK_DOCUMENT_SORTS.NAME_ASC }),
            () => this.blocks.countDocuments({ kind: 'workspace', ...scope }, filter),
          );
        },
        blockTypes: (_: unknown, args: Args) => {
          const scope = ws(args);
          return pagedConnection(
            args,
            (page) => this.reads.scoped(scope).find<BlockTypeDoc>(BLOCK_TYPES, undefined, { ...page, sort: BLOCK_TYPE_SORT }),
            () => this.reads.scoped(scope).count(BLOCK_TYPES),
          );
        },

        variables: (_: unknown, args: Args) => {
          const scope = ws(args);
          const filter = variableFilter(variableFilterBody(args.filter as VariableFilterInput | null));
          return pagedConnection(
            args,
            (page) => this.reads.scoped(scope).find<VariableDoc>(VARIABLES, filter, { ...page, sort: VARIABLE_SORTS.NAME_ASC }),
            () => this.reads.scoped(scope).count(VARIABLES, filter),
          );
        },
        artifacts: (_: unknown, args: Args) => {
          const scope = ws(args);
          const body = artifactBody(args.filter as ArtifactFilterInput | null);
          return pagedConnection(
            args,
            (page) => this.artifacts.findArtifacts(scope, body, { ...page, sort: ARTIFACT_SORTS.ID_DESC }),
            () => this.artifacts.countArtifacts(scope, body),
          );
        },
        concurrencyLimits: (_: unknown, args: Args) => {
          const scope = ws(args);
          return pagedConnection(
            args,
            (page) => this.reads.scoped(scope).find<ConcurrencyLimitDoc>(CONCURRENCY_LIMITS, undefined, { ...page, sort: [{ field: 'name', direction: 'asc' }] }),
            () => this.reads.scoped(scope).count(CONCURRENCY_LIMITS),
          );
        },
      },
      ...orchestrationTypeResolvers(this.deps),
    });
  }

  /** The window the dashboard covers: `window`, or `since` → now, or the last 24 hours. */
  private window(args: Args, nowMs: number): { from: string; to: string } {
    const window = args.window as { from: string; to: string } | null | undefined;
    if (window && args.since) throw new ValidationError('give either window or since, not both');
    const from = window ? isoDate(window.from, 'window.from')! : isoDate(args.since ?? new Date(nowMs - 24 * HOUR).toISOString(), 'since')!;
    const to = window ? isoDate(window.to, 'window.to')! : microIso(new Date(nowMs));
    if (Date.parse(from) >= Date.parse(to)) throw new ValidationError('the window must end after it starts');
    return { from, to };
  }

  private async dashboard(scope: TenantScope, args: Args) {
    const nowMs = this.clock.now().getTime();
    const now = microIso(new Date(nowMs));
    const { from, to } = this.window(args, nowMs);
    const recent = positiveCount(args.recent, 'recent', 10);
    const upcoming = positiveCount(args.upcoming, 'upcoming', 10);
    const interval = args.historyIntervalSeconds ?? (Date.parse(to) - Date.parse(from)) / 1000 / 24;
    if (typeof interval !== 'number' || !(interval > 0)) throw new ValidationError('historyIntervalSeconds must be a positive number');
    const recentTo = to < now ? to : now;
    const [recentRuns, upcomingRuns, lateCount, failedCount, windowRuns] = await Promise.all([
      recent === 0 || recentTo < from ? [] : this.runs.findFlowRuns(scope, dashboardBodies.inWindow(from, recentTo), { limit: recent, sort: FLOW_RUN_SORTS.EXPECTED_START_TIME_DESC }),
      upcoming === 0 ? [] : this.runs.findFlowRuns(scope, dashboardBodies.upcoming(now), { limit: upcoming, sort: FLOW_RUN_SORTS.EXPECTED_START_TIME_ASC }),
      this.runs.countFlowRuns(scope, dashboardBodies.late(from, to)),
      this.runs.countFlowRuns(scope, dashboardBodies.failed(from, to)),
      this.runs.findFlowRuns(scope, dashboardBodies.inWindow(from, to), {}),
    ]);
    const history = runHistory(windowRuns, from, to, interval, now).map((b) => ({
      intervalStart: b.interval_start,
      intervalEnd: b.interval_end,
      states: b.states.map((s) => ({ stateType: s.state_type, stateName: s.state_name, countRuns: s.count_runs, sumEstimatedRunTime: s.sum_estimated_run_time, sumEstimatedLateness: s.sum_estimated_lateness })),
    }));
    return { from, to, recentRuns, upcomingRuns, lateCount, failedCount, history };
  }
}
