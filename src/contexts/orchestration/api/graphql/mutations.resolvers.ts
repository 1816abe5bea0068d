import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../../../infrastructure/event-store/event-store.port';
import type { GraphqlContext } from '../../../../infrastructure/graphql/graphql-context';
import { workspaceOf } from '../../../../infrastructure/graphql/graphql-schema';
import { GraphqlRegistry } from '../../../../infrastructure/graphql/graphql.registry';
import type { WorkspaceScope } from '../../../../infrastructure/http/workspace-scope';
import { ConflictError } from '../../../../shared/errors';
import { BlockUseCases } from '../../application/blocks/block.use-cases';
import { callerOf, type Caller } from '../../application/caller';
import { DeploymentUseCases } from '../../application/deployments/deployment.use-cases';
import { FlowRunUseCases } from '../../application/flow-runs/flow-run.use-cases';
import { OrchestrationReads } from '../../application/orchestration-reads';
import { SubflowMirror } from '../../application/task-runs/subflow-mirror';
import { VariableUseCases } from '../../application/variables/variable.use-cases';
import { WorkPoolReads } from '../../application/work-pools/work-pool-reads';
import { WorkPoolUseCases } from '../../application/work-pools/work-pool.use-cases';
import {
  BLOCK_DOCUMENTS,
  DEPLOYMENTS,
  FLOW_RUNS,
  VARIABLES,
  WORK_POOLS,
  WORK_QUEUES,
  type BlockDocumentDoc,
  type DeploymentDoc,
  type FlowRunDoc,
  type VariableDoc,
  type WorkPoolDoc,
  type WorkQueueDoc,
} from '../../read-models';
import { parseBlockDocumentCreate, parseBlockDocumentUpdate } from '../block-bodies';
import { parseDeploymentRun } from '../deployments-bodies';
import { parseSetState } from '../run-bodies';
import { parseWorkPoolUpdate, parseWorkQueueUpdate } from '../work-pools-bodies';
import { blockDocumentCreateBody, blockDocumentUpdateBody, deploymentRunBody, variableCreateBody, variableUpdateBody } from './mutation-inputs';
import { MutationVersions, VERSIONED_STREAMS } from './mutation-versions';

type Args = Record<string, unknown> & { accountId: string; workspaceId: string };
type Versioned = Args & { id: string; expectedVersion?: number | null };

const lower = (id: string) => id.toLowerCase();

/**
 * GraphQL mutations of orchestration (SDL: schema/orchestration.mutations.graphql). The directive on each field has
 * authorized the caller for the same scope as the REST route before a resolver runs; each resolver then runs the
 * REST route's use case (which authorizes again and records the caller as the events' actor), waits for the read
 * models, and answers the read-model document, the parent value of the queries' object types.
 */
@Injectable()
export class OrchestrationMutationResolvers implements OnModuleInit {
  private readonly versions: MutationVersions;

  constructor(
    private readonly registry: GraphqlRegistry,
    private readonly reads: OrchestrationReads,
    @Inject(EVENT_STORE) events: EventStore,
    private readonly deployments: DeploymentUseCases,
    private readonly runs: FlowRunUseCases,
    private readonly mirror: SubflowMirror,
    private readonly pools: WorkPoolUseCases,
    private readonly poolReads: WorkPoolReads,
    private readonly blocks: BlockUseCases,
    private readonly variables: VariableUseCases,
  ) {
    this.versions = new MutationVersions(events);
  }

  onModuleInit(): void {
    const revision = (type: Parameters<MutationVersions['field']>[0]) => ({ revision: this.versions.field(type) });
    this.registry.register({
      Mutation: {
        runDeployment: (_: unknown, args: Args & { deploymentId: string }, ctx: GraphqlContext) => this.runDeployment(this.caller(args, ctx), args),
        cancelFlowRun: (_: unknown, args: Versioned, ctx: GraphqlContext) => this.cancelFlowRun(this.caller(args, ctx), args),
        pauseDeployment: (_: unknown, args: Versioned, ctx: GraphqlContext) => this.setDeploymentPaused(this.caller(args, ctx), args, true),
        resumeDeployment: (_: unknown, args: Versioned, ctx: GraphqlContext) => this.setDeploymentPaused(this.caller(args, ctx), args, false),
        pauseWorkPool: (_: unknown, args: Args & { name: string; expectedVersion?: number | null }, ctx: GraphqlContext) => this.setPoolPaused(this.caller(args, ctx), args, true),
        resumeWorkPool: (_: unknown, args: Args & { name: string; expectedVersion?: number | null }, ctx: GraphqlContext) => this.setPoolPaused(this.caller(args, ctx), args, false),
        pauseWorkQueue: (_: unknown, args: Versioned, ctx: GraphqlContext) => this.setQueuePaused(this.caller(args, ctx), args, true),
        resumeWorkQueue: (_: unknown, args: Versioned, ctx: GraphqlContext) => this.setQueuePaused(this.caller(args, ctx), args, false),
        createBlockDocument: (_: unknown, args: Args & { input: Record<string, unknown> }, ctx: GraphqlContext) => this.createBlockDocument(this.caller(args, ctx), args),
        updateBlockDocument: (_: unknown, args: Versioned & { input: Record<string, unknown> }, ctx: GraphqlContext) => this.updateBlockDocument(this.caller(args, ctx), args),
        createVariable: (_: unknown, args: Args & { input: Record<string, unknown> }, ctx: GraphqlContext) => this.createVariable(this.caller(args, ctx), args),
        updateVariable: (_: unknown, args: Versioned & { input: Record<string, unknown> }, ctx: GraphqlContext) => this.updateVariable(this.caller(args, ctx), args),
        deleteVariable: (_: unknown, args: Versioned, ctx: GraphqlContext) => this.deleteVariable(this.caller(args, ctx), args),
      },
      FlowRun: revision('FlowRun'),
      Deployment: revision('Deployment'),
      WorkPool: revision('WorkPool'),
      WorkQueue: revision('WorkQueue'),
      BlockDocument: revision('BlockDocument'),
      Variable: revision('Variable'),
    });
  }

  /**
   * The use cases' caller; `expectedVersion` goes down to the append as its expected revision, so a write landing
   * between the early check below and the append still answers CONFLICT (atomic with the append).
   */
  private caller(args: Args & { expectedVersion?: number | null }, ctx: GraphqlContext): Caller {
    const scope: WorkspaceScope = workspaceOf(undefined, args);
    const c = callerOf(ctx.principal, ctx.request, scope);
    return typeof args.expectedVersion === 'number' ? { ...c, expectedRevision: args.expectedVersion } : c;
  }

  private async runDeployment(c: Caller, args: Args & { deploymentId: string }): Promise<FlowRunDoc> {
    const request = parseDeploymentRun(deploymentRunBody(args));
    const r = await this.deployments.createFlowRun(c, lower(args.deploymentId), request);
    await this.reads.afterWrite(r.position);
    return this.reads.getOrThrow<FlowRunDoc>(c.scope, FLOW_RUNS, r.flowRunId, 'Flow run not found');
  }

  /** The REST `set_state` path with a proposed CANCELLING (not forced): Prefect's policy decides what is written. */
  private async cancelFlowRun(c: Caller, args: Versioned): Promise<FlowRunDoc> {
    const run = await this.reads.getOrThrow<FlowRunDoc>(c.scope, FLOW_RUNS, lower(args.id), 'Flow run not found');
    await this.versions.check(VERSIONED_STREAMS.FlowRun(run), args.expectedVersion);
    const { state, force } = parseSetState({ state: { type: 'CANCELLING', name: 'Cancelling' } });
    const r = await this.runs.setState(c, run.id, state, force);
    let position = r.position;
    if (r.output.written && run.parent_task_run_id && r.output.result.state) {
      position = (await this.mirror.mirror(c, run.parent_task_run_id, run.id, r.output.result.state)) ?? position;
    }
    await this.reads.afterWrite(position);
    const now = r.output.result.state?.type;
    if (now !== 'CANCELLING' && now !== 'CANCELLED') {
      const reason = 'reason' in r.output.result.details ? r.output.result.details.reason : null;
      throw new ConflictError(`The flow run was not cancelled${reason ? `: ${reason}` : ''}`, { status: r.output.result.status, stateType: now ?? null });
    }
    return this.reads.getOrThrow<FlowRunDoc>(c.scope, FLOW_RUNS, run.id, 'Flow run not found');
  }

  private async setDeploymentPaused(c: Caller, args: Versioned, paused: boolean): Promise<DeploymentDoc> {
    const current = await this.reads.getOrThrow<DeploymentDoc>(c.scope, DEPLOYMENTS, lower(args.id), 'Deployment not found');
    await this.versions.check(VERSIONED_STREAMS.Deployment(current), args.expectedVersion);
    await this.reads.afterWrite((await this.deployments.setPaused(c, current.id, paused)).position);
    return this.reads.getOrThrow<DeploymentDoc>(c.scope, DEPLOYMENTS, current.id, 'Deployment not found');
  }

  private async setPoolPaused(c: Caller, args: Args & { name: string; expectedVersion?: number | null }, paused: boolean): Promise<WorkPoolDoc> {
    const pool = await this.poolReads.poolByName(c.scope, args.name);
    await this.versions.check(VERSIONED_STREAMS.WorkPool(pool), args.expectedVersion);
    await this.reads.afterWrite((await this.pools.updatePool(c, pool.name, parseWorkPoolUpdate({ is_paused: paused }))).position);
    return this.reads.getOrThrow<WorkPoolDoc>(c.scope, WORK_POOLS, pool.id, `Work pool "${pool.name}" not found.`);
  }

  private async setQueuePaused(c: Caller, args: Versioned, paused: boolean): Promise<WorkQueueDoc> {
    const queue = await this.poolReads.queueById(c.scope, lower(args.id));
    await this.versions.check(VERSIONED_STREAMS.WorkQueue(queue), args.expectedVersion);
    await this.reads.afterWrite((await this.pools.updateQueue(c, queue.work_pool_id, queue.id, parseWorkQueueUpdate({ is_paused: paused }))).position);
    return this.reads.getOrThrow<WorkQueueDoc>(c.scope, WORK_QUEUES, queue.id, 'work queue not found');
  }

  private async createBlockDocument(c: Caller, args: Args & { input: Record<string, unknown> }): Promise<BlockDocumentDoc> {
    const written = await this.blocks.createDocument(c, parseBlockDocumentCreate(blockDocumentCreateBody(args.input)));
    await this.reads.afterWrite(written.position);
    return this.reads.getOrThrow<BlockDocumentDoc>(c.scope, BLOCK_DOCUMENTS, written.id, 'Block document not found');
  }

  private async updateBlockDocument(c: Caller, args: Versioned & { input: Record<string, unknown> }): Promise<BlockDocumentDoc> {
    const current = await this.reads.getOrThrow<BlockDocumentDoc>(c.scope, BLOCK_DOCUMENTS, lower(args.id), 'Block document not found');
    const request = parseBlockDocumentUpdate(blockDocumentUpdateBody(args.input));
    await this.versions.check(VERSIONED_STREAMS.BlockDocument(current), args.expectedVersion);
    await this.reads.afterWrite((await this.blocks.updateDocument(c, current.id, request)).position);
    return this.reads.getOrThrow<BlockDocumentDoc>(c.scope, BLOCK_DOCUMENTS, current.id, 'Block document not found');
  }

  private async createVariable(c: Caller, args: Args & { input: Record<string, unknown> }): Promise<VariableDoc> {
    const written = await this.variables.create(c, variableCreateBody(args.input));
    await this.reads.afterWrite(written.position);
    return this.reads.getOrThrow<VariableDoc>(c.scope, VARIABLES, written.variableId, 'Variable not found.');
  }

  private async updateVariable(c: Caller, args: Versioned & { input: Record<string, unknown> }): Promise<VariableDoc> {
    const current = await this.reads.getOrThrow<VariableDoc>(c.scope, VARIABLES, lower(args.id), 'Variable not found.');
    await this.versions.check(VERSIONED_STREAMS.Variable(current), args.expectedVersion);
    await this.reads.afterWrite((await this.variables.update(c, { id: current.id }, variableUpdateBody(args.input))).position);
    return this.reads.getOrThrow<VariableDoc>(c.scope, VARIABLES, current.id, 'Variable not found.');
  }

  private async deleteVariable(c: Caller, args: Versioned): Promise<string> {
    const current = await this.reads.getOrThrow<VariableDoc>(c.scope, VARIABLES, lower(args.id), 'Variable not found.');
    await this.versions.check(VERSIONED_STREAMS.Variable(current), args.expectedVersion);
    await this.reads.afterWrite((await this.variables.delete(c, { id: current.id })).position);
    return current.id;
  }
}
