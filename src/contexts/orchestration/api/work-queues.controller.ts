import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { callerOf } from '../application/caller';
import { OrchestrationReads } from '../application/orchestration-reads';
import { WorkPoolReads } from '../application/work-pools/work-pool-reads';
import { QUEUE_POLL_TIMEOUT_SECONDS, runsOfQueue } from '../application/work-pools/work-pool-status';
import { WorkPoolUseCases } from '../application/work-pools/work-pool.use-cases';
import { WorkerTelemetry } from '../application/work-pools/worker-telemetry';
import { DEFAULT_AGENT_WORK_POOL_NAME } from '../domain/work-pool/work-pool';
import { FLOW_RUNS, WORK_POOLS, type WorkPoolDoc, type WorkQueueDoc } from '../read-models';
import { body, isoDate, paging } from './prefect-filters';
import { toFlowRun } from './presenters';
import { parseWorkQueueCreate, parseWorkQueueUpdate, workQueueFilter } from './work-pools-bodies';

/**
 * Prefect's legacy `/work_queues` routes (reference/prefect-api.md §6.7): queues by id, whatever
 * their pool; a queue created here without a pool lives in Prefect's `default-agent-pool`.
 */
@Controller(`${WORKSPACE_PREFIX}/work_queues`)
export class WorkQueuesController {
  constructor(
    private readonly pools: WorkPoolUseCases,
    private readonly poolReads: WorkPoolReads,
    private readonly telemetry: WorkerTelemetry,
    private readonly reads: OrchestrationReads,
  ) {}

  private async present(ws: WorkspaceScope, queue: WorkQueueDoc) {
    const [out] = await this.poolReads.presentQueues(ws, [queue]);
    return out;
  }

  @Post()
  @HttpCode(201)
  @RequiresScope('write_work_queues')
  async create(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const input = parseWorkQueueCreate(raw);
    const caller = callerOf(principal, ctx, ws);
    const agent = await this.pools.ensureAgentPool(caller, 'write_work_queues');
    let queueId: string;
    let position = agent.position;
    const justCreated = agent.position !== undefined && agent.pool.queues.length === 1;
    const defaultQueue = agent.pool.queues.find((q) => q.queueId === agent.pool.defaultQueueId)!;
    if (justCreated && input.name === defaultQueue.name) {
      // Prefect: the agent pool was created for this request, and its default queue is the one asked for.
      queueId = defaultQueue.queueId;
    } else {
      const r = await this.pools.createQueue(caller, DEFAULT_AGENT_WORK_POOL_NAME, input);
      queueId = r.queue.queueId;
      position = r.position;
    }
    await this.reads.afterWrite(position);
    return this.present(ws, await this.poolReads.queueById(ws, queueId));
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_work_queues')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    const docs = await this.poolReads.findQueues(ws, workQueueFilter(b.work_queues), { ...paging(b), sort: [{ field: 'name', direction: 'asc' }] });
    return this.poolReads.presentQueues(ws, docs);
  }

  @Get('name/:name')
  @RequiresScope('see_work_queues')
  async byName(@Workspace() ws: WorkspaceScope, @Param('name') name: string) {
    const scoped = this.reads.scoped(ws);
    const [agent] = await scoped.find<WorkPoolDoc>(WORK_POOLS, { name: DEFAULT_AGENT_WORK_POOL_NAME }, { limit: 1 });
    const [queue] = await this.poolReads.findQueues(ws, agent ? { work_pool_id: agent.id, name } : { name }, { limit: 1 });
    if (!queue) throw new NotFoundError('work queue not found');
    return this.present(ws, queue);
  }

  @Get(':id')
  @RequiresScope('see_work_queues')
  async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return this.present(ws, await this.poolReads.queueById(ws, id));
  }

  @Patch(':id')
  @HttpCode(204)
  @RequiresScope('write_work_queues')
  async update(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown) {
    const changes = parseWorkQueueUpdate(raw);
    const queue = await this.poolReads.queueById(ws, id);
    const r = await this.pools.updateQueue(callerOf(principal, ctx, ws), queue.work_pool_id, queue.id, changes);
    await this.reads.afterWrite(r.position);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_work_queues')
  async remove(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const queue = await this.poolReads.queueById(ws, id);
    const r = await this.pools.deleteQueue(callerOf(principal, ctx, ws), queue.work_pool_id, queue.id);
    await this.reads.afterWrite(r.position);
  }

  /** The UI reads without counting as a poll (`X-Prefect-Ui: true`); an agent's read is a poll. */
  @Post(':id/get_runs')
  @HttpCode(200)
  @RequiresScope('write_work_queues')
  async getRuns(@Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown, @Headers('x-prefect-ui') ui: string | undefined) {
    const b = body(raw);
    const queue = await this.poolReads.queueById(ws, id);
    const pool = await this.reads.getOrThrow<WorkPoolDoc>(ws, WORK_POOLS, queue.work_pool_id, 'work queue not found');
    const query = { queueNames: [queue.name], scheduledBefore: isoDate(b.scheduled_before, 'scheduled_before'), scheduledAfter: undefined, limit: paging({ limit: b.limit }).limit };
    // A legacy queue answers for itself: its pool's pause and limit are not consulted (Prefect's get_runs).
    const runs = await this.telemetry.scheduledRuns(ws, { ...pool, is_paused: false, concurrency_limit: null }, [queue], query, { recordPoll: ui !== 'true' });
    const now = this.poolReads.nowIso();
    return runs.map((r) => toFlowRun(r.run, now));
  }

  @Post(':id/concurrency_status')
  @HttpCode(200)
  @RequiresScope('see_work_queues')
  async concurrencyStatus(@Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown) {
    const b = body(raw);
    const page = b.page === null || b.page === undefined ? 1 : b.page;
    if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) throw new ValidationError('page must be an integer ≥ 1');
    const { limit } = paging({ limit: b.limit });
    const queue = await this.poolReads.queueById(ws, id);
    const total = await this.poolReads.activeSlots(ws, runsOfQueue(queue));
    const flowRuns = limit === 0 ? [] : await this.poolReads.slotHolders(ws, runsOfQueue(queue), { limit, offset: (page - 1) * limit });
    return { active_slots: total, concurrency_limit: queue.concurrency_limit, flow_runs: flowRuns, count: total, limit, pages: limit > 0 ? Math.ceil(total / limit) : 0, page };
  }

  @Get(':id/status')
  @RequiresScope('see_work_queues')
  async status(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const queue = await this.poolReads.queueById(ws, id);
    const lastPolled = (await this.poolReads.lastPolled(ws, [queue.id])).get(queue.id) ?? null;
    const lateRuns = await this.reads.scoped(ws).count(FLOW_RUNS, { $and: [runsOfQueue(queue), { state_name: 'Late' }] });
    const maximumLateRuns = 0;
    const recent = lastPolled !== null && this.poolReads.nowMs() - Date.parse(lastPolled) <= QUEUE_POLL_TIMEOUT_SECONDS * 1000;
    return {
      healthy: lateRuns <= maximumLateRuns && recent,
      late_runs_count: lateRuns,
      last_polled: lastPolled,
      health_check_policy: { maximum_late_runs: maximumLateRuns, maximum_seconds_since_last_polled: QUEUE_POLL_TIMEOUT_SECONDS },
    };
  }
}
