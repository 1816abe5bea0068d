import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { microIso } from '../../../shared/ddd';
import { callerOf } from '../application/caller';
import { OrchestrationReads } from '../application/orchestration-reads';
import { TaskRunUseCases } from '../application/task-runs/task-run.use-cases';
import type { StateType } from '../domain/states/state';
import { FLOW_RUNS, TASK_RUNS, type FlowRunDoc, type TaskRunDoc } from '../read-models';
import { body, findOptions, TASK_RUN_SORTS } from './prefect-filters';
import { toTaskRun } from './presenters';
import { object, optString, parseSetState, parseTaskRunCreate } from './run-bodies';
import { RunQueries } from './run-queries';

const now = () => microIso(new Date());

/** Prefect's `/task_runs` routes (prefect-api.md §6.4). In 3.x only subflow tracking runs come this way. */
@Controller(`${WORKSPACE_PREFIX}/task_runs`)
export class TaskRunsController {
  constructor(
    private readonly taskRuns: TaskRunUseCases,
    private readonly reads: OrchestrationReads,
    private readonly queries: RunQueries,
  ) {}


  private run(ws: WorkspaceScope, id: string): Promise<TaskRunDoc> {
    return this.reads.getOrThrow<TaskRunDoc>(ws, TASK_RUNS, id.toLowerCase(), 'Task run not found');
  }

  @Post()
  @RequiresScope('run_flows')
  async create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = parseTaskRunCreate(raw);
    if (input.flow_run_id) await this.reads.getOrThrow<FlowRunDoc>(ws, FLOW_RUNS, input.flow_run_id, 'Flow run not found');
    const r = await this.taskRuns.create(callerOf(p, ctx, ws), input);
    await this.reads.afterWrite(r.position);
    void reply.status(r.created ? 201 : 200);
    return toTaskRun(await this.run(ws, r.taskRunId), now());
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_flows')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    const t = now();
    return (await this.queries.findTaskRuns(ws, b, findOptions(b, TASK_RUN_SORTS, 'ID_DESC'))).map((d) => toTaskRun(d, t));
  }

  @Post('count')
  @HttpCode(200)
  @RequiresScope('see_flows')
  count(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    return this.queries.countTaskRuns(ws, body(raw));
  }

  @Get(':id')
  @RequiresScope('see_flows')
  async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return toTaskRun(await this.run(ws, id), now());
  }

  @Patch(':id')
  @HttpCode(204)
  @RequiresScope('run_flows')
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown) {
    const name = optString(object(raw, 'body'), 'name');
    const run = await this.run(ws, id);
    if (typeof name === 'string') await this.reads.afterWrite((await this.taskRuns.rename(callerOf(p, ctx, ws), run.id, name)).position);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_flows')
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const run = await this.run(ws, id);
    await this.reads.afterWrite((await this.taskRuns.remove(callerOf(p, ctx, ws), run.id)).position);
  }

  @Post(':id/set_state')
  @RequiresScope('run_flows')
  async setState(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { state, force } = parseSetState(raw);
    const run = await this.run(ws, id);
    const parent = run.flow_run_id ? await this.reads.scoped(ws).get<FlowRunDoc>(FLOW_RUNS, run.flow_run_id) : undefined;
    const context = parent
      ? {
          parentFlowRunStateType: (parent.state_type as StateType | null) ?? null,
          parentFlowRun: {
            runCount: parent.run_count,
            pauseTimeout: (parent.state?.state_details.pause_timeout as string | undefined) ?? null,
            pauseReschedule: parent.state?.state_details.pause_reschedule === true,
          },
        }
      : {};
    const r = await this.taskRuns.setState(callerOf(p, ctx, ws), run.id, state, force, context);
    await this.reads.afterWrite(r.position);
    void reply.status(r.output.written ? 201 : 200);
    return r.output.result;
  }
}
