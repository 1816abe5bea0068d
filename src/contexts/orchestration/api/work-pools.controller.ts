import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { ValidationError } from '../../../shared/errors';
import { callerOf } from '../application/caller';
import { OrchestrationReads } from '../application/orchestration-reads';
import { WorkPoolReads } from '../application/work-pools/work-pool-reads';
import { runsOfPool, runsOfQueue } from '../application/work-pools/work-pool-status';
import { WorkPoolUseCases } from '../application/work-pools/work-pool.use-cases';
import { WorkerTelemetry } from '../application/work-pools/worker-telemetry';
import type { WorkQueueDoc } from '../read-models';
import { body, isoDate, paging } from './prefect-filters';
import { toFlowRun } from './presenters';
import { parseHeartbeat, parseWorkPoolCreate, parseWorkPoolUpdate, parseWorkQueueCreate, parseWorkQueueUpdate, workPoolFilter, workQueueFilter } from './work-pools-bodies';

type Json = Record<string, unknown>;

function stringList(v: unknown, where: string): string[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ValidationError(`${where} must be a list of strings`);
  return v as string[];
}

function positiveInt(v: unknown, where: string, fallback: number, min: number): number {
  if (v === null || v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ValidationError(`${where} must be an integer ≥ ${min}`);
  return v;
}

function anyList(s: unknown, key: string): string[] | undefined {
  if (!s || typeof s !== 'object') return undefined;
  const v = (s as Json)[key];
  return v === null || v === undefined ? undefined : stringList(v, key);
}

/** Prefect's `/work_pools` routes with their queues and workers (reference/prefect-api.md §6.6). */
@Controller(`${WORKSPACE_PREFIX}/work_pools`)
export class WorkPoolsController {
  constructor(
    private readonly pools: WorkPoolUseCases,
    private readonly poolReads: WorkPoolReads,
    private readonly telemetry: WorkerTelemetry,
    private readonly reads: OrchestrationReads,
  ) {}

  @Post()
  @HttpCode(201)
  @RequiresScope('write_work_pools')
  async create(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const r = await this.pools.createPool(callerOf(principal, ctx, ws), parseWorkPoolCreate(raw));
    await this.reads.afterWrite(r.position);
    const [pool] = await this.poolReads.presentPools(ws, [await this.poolReads.poolByName(ws, r.pool.name)]);
    return pool;
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_work_pools')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    const docs = await this.poolReads.findPools(ws, workPoolFilter(b.work_pools), { ...paging(b), sort: [{ field: 'name', direction: 'asc' }] });
    return this.poolReads.presentPools(ws, docs);
  }

  @Post('count')
  @HttpCode(200)
  @RequiresScope('see_work_pools')
  count(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    return this.poolReads.countPools(ws, workPoolFilter(body(raw).work_pools));
  }

  @Get(':name')
  @RequiresScope('see_work_pools')
  async read(@Workspace() ws: WorkspaceScope, @Param('name') name: string) {
    const [pool] = await this.poolReads.presentPools(ws, [await this.poolReads.poolByName(ws, name)]);
    return pool;
  }

  @Patch(':name')
  @HttpCode(204)
  @RequiresScope('write_work_pools')
  async update(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('name') name: string, @Body() raw: unknown) {
    const r = await this.pools.updatePool(callerOf(principal, ctx, ws), name, parseWorkPoolUpdate(raw));
    await this.reads.afterWrite(r.position);
  }

  @Delete(':name')
  @HttpCode(204)
  @RequiresScope('manage_work_pools')
  async remove(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('name') name: string) {
    const r = await this.pools.deletePool(callerOf(principal, ctx, ws), name);
    await this.reads.afterWrite(r.position);
  }

  @Post(':name/concurrency_status')
  @HttpCode(200)
  @RequiresScope('see_work_pools')
  async concurrencyStatus(@Workspace() ws: WorkspaceScope, @Param('name') name: string, @Body() raw: unknown) {
    const b = body(raw);
    const page = positiveInt(b.page, 'page', 1, 1);
    const flowRunLimit = positiveInt(b.flow_run_limit, 'flow_run_limit', 10, 0);
    if (flowRunLimit > 200) throw new ValidationError('flow_run_limit must be at most 200');
    const { limit } = paging({ limit: b.limit });
    const pool = await this.poolReads.poolByName(ws, name);
    const all = await this.poolReads.queuesOf(ws, pool.id);
    const queues = await Promise.all(
      all.slice((page - 1) * limit, page * limit).map(async (q) => {
        const active = await this.poolReads.activeSlots(ws, runsOfQueue(q));
        const flowRuns = flowRunLimit === 0 ? [] : await this.poolReads.slotHolders(ws, runsOfQueue(q), { limit: flowRunLimit });
        return { queue_id: q.id, queue_name: q.name, active_slots: active, concurrency_limit: q.concurrency_limit, flow_runs: flowRuns, flow_run_count: active };
      }),
    );
    return {
      active_slots: await this.poolReads.activeSlots(ws, runsOfPool(pool)),
      concurrency_limit: pool.concurrency_limit,
      queues,
      count: all.length,
      limit,
      pages: limit > 0 ? Math.ceil(all.length / limit) : 0,
      page,
    };
  }

  @Post(':name/get_scheduled_flow_runs')
  @HttpCode(200)
  @RequiresScope('write_work_queues')
  async scheduledRuns(@Workspace() ws: WorkspaceScope, @Param('name') name: string, @Body() raw: unknown) {
    const b = body(raw);
    const pool = await this.poolReads.poolByName(ws, name);
    const names = stringList(b.work_queue_names, 'work_queue_names');
    const all = await this.poolReads.queuesOf(ws, pool.id);
    const queues: WorkQueueDoc[] = names.length === 0 ? all : await Promise.all(names.map((n) => this.poolReads.queueByName(ws, pool, n)));
    const runs = await this.telemetry.scheduledRuns(ws, pool, queues, {
      queueNames: names,
      scheduledBefore: isoDate(b.scheduled_before, 'scheduled_before'),
      scheduledAfter: isoDate(b.scheduled_after, 'scheduled_after'),
      limit: paging({ limit: b.limit }).limit,
    });
    const now = this.poolReads.nowIso();
    return runs.map((r) => ({ work_pool_id: r.work_pool_id, work_queue_id: r.work_queue_id, flow_run: toFlowRun(r.run, now) }));
  }

  // ---- queues of a pool ----

  @Post(':pool/queues')
  @HttpCode(201)
  @RequiresScope('write_work_queues')
  async createQueue(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('pool') poolName: string, @Body() raw: unknown) {
    const r = await this.pools.createQueue(callerOf(principal, ctx, ws), poolName, parseWorkQueueCreate(raw));
    await this.reads.afterWrite(r.position);
    const [queue] = await this.poolReads.presentQueues(ws, [await this.poolReads.queueById(ws, r.queue.queueId)]);
    return queue;
  }

  @Post(':pool/queues/filter')
  @HttpCode(200)
  @RequiresScope('see_work_queues')
  async filterQueues(@Workspace() ws: WorkspaceScope, @Param('pool') poolName: string, @Body() raw: unknown) {
    const b = body(raw);
    const pool = await this.poolReads.poolByName(ws, poolName);
    const docs = await this.poolReads.queuesOf(ws, pool.id, workQueueFilter(b.work_queues), paging(b));
    return this.poolReads.presentQueues(ws, docs);
  }

  @Get(':pool/queues/:name')
  @RequiresScope('see_work_queues')
  async readQueue(@Workspace() ws: WorkspaceScope, @Param('pool') poolName: string, @Param('name') name: string) {
    const pool = await this.poolReads.poolByName(ws, poolName);
    const [queue] = await this.poolReads.presentQueues(ws, [await this.poolReads.queueByName(ws, pool, name)]);
    return queue;
  }

  @Patch(':pool/queues/:name')
  @HttpCode(204)
  @RequiresScope('write_work_queues')
  async updateQueue(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('pool') poolName: string, @Param('name') name: string, @Body() raw: unknown) {
    const changes = parseWorkQueueUpdate(raw);
    const pool = await this.poolReads.poolByName(ws, poolName);
    const queue = await this.poolReads.queueByName(ws, pool, name);
    const r = await this.pools.updateQueue(callerOf(principal, ctx, ws), pool.id, queue.id, changes);
    await this.reads.afterWrite(r.position);
  }

  @Delete(':pool/queues/:name')
  @HttpCode(204)
  @RequiresScope('manage_work_queues')
  async removeQueue(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('pool') poolName: string, @Param('name') name: string) {
    const pool = await this.poolReads.poolByName(ws, poolName);
    const queue = await this.poolReads.queueByName(ws, pool, name);
    const r = await this.pools.deleteQueue(callerOf(principal, ctx, ws), pool.id, queue.id);
    await this.reads.afterWrite(r.position);
  }

  // ---- workers ----

  /** Cloud answers the worker's id when asked (`return_id`), as plain text the client parses with UUID(); OSS answers 204. */
  @Post(':pool/workers/heartbeat')
  @RequiresScope('write_workers')
  async heartbeat(@Workspace() ws: WorkspaceScope, @Param('pool') poolName: string, @Body() raw: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = parseHeartbeat(raw);
    const id = await this.telemetry.heartbeat(ws, poolName, input);
    if (!input.returnId) {
      void reply.status(204);
      return;
    }
    void reply.status(200).header('content-type', 'text/plain; charset=utf-8');
    return id;
  }

  @Post(':pool/workers/filter')
  @HttpCode(200)
  @RequiresScope('see_workers')
  async filterWorkers(@Workspace() ws: WorkspaceScope, @Param('pool') poolName: string, @Body() raw: unknown) {
    const b = body(raw);
    const { limit, offset } = paging(b);
    const pool = await this.poolReads.poolByName(ws, poolName);
    const f = (b.workers && typeof b.workers === 'object' ? b.workers : {}) as Json;
    const hb = (f.last_heartbeat_time && typeof f.last_heartbeat_time === 'object' ? f.last_heartbeat_time : {}) as Json;
    const before = isoDate(hb.before_, 'last_heartbeat_time.before_');
    const after = isoDate(hb.after_, 'last_heartbeat_time.after_');
    const anyStatus = anyList(f.status, 'any_');
    const notAnyStatus = anyList(f.status, 'not_any_');
    const now = this.poolReads.nowMs();
    const matches = (w: { last_heartbeat_time: string; status: string }) => {
      const conditions: boolean[] = [];
      if (before !== undefined || after !== undefined) conditions.push((before === undefined || w.last_heartbeat_time <= before) && (after === undefined || w.last_heartbeat_time >= after));
      if (anyStatus !== undefined || notAnyStatus !== undefined) conditions.push((anyStatus === undefined || anyStatus.includes(w.status)) && (notAnyStatus === undefined || !notAnyStatus.includes(w.status)));
      if (conditions.length === 0) return true;
      return f.operator === 'or_' ? conditions.some(Boolean) : conditions.every(Boolean);
    };
    const workers = (await this.poolReads.workersOf(ws, pool.id)).map((w) => this.poolReads.toWorker(w, now)).filter((w) => matches(w as { last_heartbeat_time: string; status: string }));
    return workers.slice(offset, offset + limit);
  }

  @Delete(':pool/workers/:name')
  @HttpCode(204)
  @RequiresScope('manage_workers')
  async removeWorker(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('pool') poolName: string, @Param('name') name: string) {
    const r = await this.pools.deleteWorker(callerOf(principal, ctx, ws), poolName, name);
    await this.reads.afterWrite(r.position);
  }
}

