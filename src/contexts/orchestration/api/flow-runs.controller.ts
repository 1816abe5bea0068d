import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { historyBucketCount, runHistory } from './run-history';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { microIso } from '../../../shared/ddd';
import { ValidationError } from '../../../shared/errors';
import { callerOf } from '../application/caller';
import { FlowRunUseCases } from '../application/flow-runs/flow-run.use-cases';
import { SubflowMirror } from '../application/task-runs/subflow-mirror';
import { OrchestrationReads } from '../application/orchestration-reads';
import { FLOWS, FLOW_RUNS, type FlowDoc, type FlowRunDoc } from '../read-models';
import { body, FLOW_RUN_SORTS, findOptions, isoDate } from './prefect-filters';
import { toFlowRun } from './presenters';
import { object, optLabels, parseFlowRunCreate, parseFlowRunUpdate, parseSetState } from './run-bodies';
import { RunQueries } from './run-queries';

const now = () => microIso(new Date());

/** Prefect's `/flow_runs` routes (prefect-api.md §6.3). */
@Controller(`${WORKSPACE_PREFIX}/flow_runs`)
export class FlowRunsController {
  constructor(
    private readonly runs: FlowRunUseCases,
    private readonly reads: OrchestrationReads,
    private readonly queries: RunQueries,
    private readonly mirror: SubflowMirror,
  ) {}


  private run(ws: WorkspaceScope, id: string): Promise<FlowRunDoc> {
    return this.reads.getOrThrow<FlowRunDoc>(ws, FLOW_RUNS, id.toLowerCase(), 'Flow run not found');
  }

  @Post()
  @RequiresScope('run_flows')
  async create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = parseFlowRunCreate(raw);
    await this.reads.getOrThrow<FlowDoc>(ws, FLOWS, input.flow_id, 'Flow not found');
    const r = await this.runs.create(callerOf(p, ctx, ws), input);
    await this.reads.afterWrite(r.position);
    void reply.status(r.created ? 201 : 200);
    return toFlowRun(await this.run(ws, r.flowRunId), now());
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_flows')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    const t = now();
    return (await this.queries.findFlowRuns(ws, b, findOptions(b, FLOW_RUN_SORTS, 'ID_DESC'))).map((d) => toFlowRun(d, t));
  }

  @Post('count')
  @HttpCode(200)
  @RequiresScope('see_flows')
  count(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    return this.queries.countFlowRuns(ws, body(raw));
  }

  @Post('history')
  @HttpCode(200)
  @RequiresScope('see_flows')
  async history(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = object(raw, 'body');
    const start = isoDate(b.history_start, 'history_start');
    const end = isoDate(b.history_end, 'history_end');
    const interval = b.history_interval_seconds ?? b.history_interval;
    if (!start || !end) throw new ValidationError('history_start and history_end are required');
    if (typeof interval !== 'number' || interval <= 0) throw new ValidationError('history_interval_seconds must be a positive number');
    historyBucketCount(start, end, interval);
    const runs = await this.queries.findFlowRuns(ws, { ...b, flow_runs: b.flow_runs }, {});
    return runHistory(runs, start, end, interval, now());
  }

  @Get(':id')
  @RequiresScope('see_flows')
  async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return toFlowRun(await this.run(ws, id), now());
  }

  @Patch(':id')
  @HttpCode(204)
  @RequiresScope('run_flows')
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown) {
    const changes = parseFlowRunUpdate(raw);
    const run = await this.run(ws, id);
    await this.reads.afterWrite((await this.runs.update(callerOf(p, ctx, ws), run.id, changes)).position);
  }

  @Patch(':id/labels')
  @HttpCode(204)
  @RequiresScope('run_flows')
  async labels(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown) {
    const labels = optLabels({ labels: raw }, 'labels');
    if (!labels) throw new ValidationError('labels must be an object');
    const run = await this.run(ws, id);
    await this.reads.afterWrite((await this.runs.updateLabels(callerOf(p, ctx, ws), run.id, labels)).position);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_flows')
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const run = await this.run(ws, id);
    await this.reads.afterWrite((await this.runs.remove(callerOf(p, ctx, ws), run.id)).position);
  }

  @Post(':id/set_state')
  @RequiresScope('run_flows')
  async setState(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { state, force } = parseSetState(raw);
    const run = await this.run(ws, id);
    const caller = callerOf(p, ctx, ws);
    const r = await this.runs.setState(caller, run.id, state, force);
    let position = r.position;
    if (r.output.written && run.parent_task_run_id && r.output.result.state) {
      position = (await this.mirror.mirror(caller, run.parent_task_run_id, run.id, r.output.result.state)) ?? position;
    }
    await this.reads.afterWrite(position);
    void reply.status(r.output.written ? 201 : 200);
    return r.output.result;
  }
}
