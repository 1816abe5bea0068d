import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RawJsonBody } from '../../../infrastructure/http/json-body';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { microIso } from '../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { callerOf } from '../application/caller';
import { deploymentIdFor, DeploymentUseCases } from '../application/deployments/deployment.use-cases';
import { OrchestrationReads } from '../application/orchestration-reads';
import { DEPLOYMENTS, FLOWS, FLOW_RUNS, type DeploymentDoc, type FlowDoc, type FlowRunDoc } from '../read-models';
import { parseDeploymentCreate, parseDeploymentRun, parseDeploymentUpdate, parseScheduleList, parseSchedulePatch } from './deployments-bodies';
import { presentDeployment, presentDeployments, toDeploymentSchedule } from './deployments-presenter';
import { DEPLOYMENT_SORTS, DeploymentQueries } from './deployments-queries';
import { body, findOptions, isoDate, paging, sorting } from './prefect-filters';
import { toFlowRun } from './presenters';
import { object } from './run-bodies';

const now = () => microIso(new Date());
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Prefect's `/deployments` routes (prefect-api.md §4.3, §4.7, §4.8, §6.5). */
@Controller(`${WORKSPACE_PREFIX}/deployments`)
export class DeploymentsController {
  constructor(
    private readonly deployments: DeploymentUseCases,
    private readonly reads: OrchestrationReads,
    private readonly queries: DeploymentQueries,
  ) {}

  private doc(ws: WorkspaceScope, id: string): Promise<DeploymentDoc> {
    return this.reads.getOrThrow<DeploymentDoc>(ws, DEPLOYMENTS, id.toLowerCase(), 'Deployment not found');
  }

  @Post()
  @RequiresScope('write_deployments')
  async create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @RawJsonBody() raw: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    // As sent: an explicit null (e.g. `concurrency_limit: null`) clears a value here, it is not "the default".
    const written = await this.deployments.upsert(callerOf(p, ctx, ws), parseDeploymentCreate(raw));
    await this.reads.afterWrite(written.position);
    void reply.status(written.created ? 201 : 200);
    return presentDeployment(this.reads, ws, await this.doc(ws, written.deploymentId), now());
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_deployments')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    return presentDeployments(this.reads, ws, await this.queries.find(ws, b, findOptions(b, DEPLOYMENT_SORTS, 'NAME_ASC')), now());
  }

  @Post('count')
  @HttpCode(200)
  @RequiresScope('see_deployments')
  count(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    return this.queries.count(ws, body(raw));
  }

  @Post('paginate')
  @HttpCode(200)
  @RequiresScope('see_deployments')
  async paginate(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    const page = b.page === null || b.page === undefined ? 1 : b.page;
    if (typeof page !== 'number' || !Number.isInteger(page) || page < 1) throw new ValidationError('page must be an integer of at least 1');
    const { limit } = paging({ limit: b.limit });
    const sort = sorting(b.sort, DEPLOYMENT_SORTS, 'NAME_ASC');
    const [docs, count] = await Promise.all([this.queries.find(ws, b, { limit, offset: (page - 1) * limit, sort }), this.queries.count(ws, b)]);
    return { results: await presentDeployments(this.reads, ws, docs, now()), count, limit, pages: limit > 0 ? Math.ceil(count / limit) : 0, page };
  }

  /** Runners (`flow.serve`) poll here; the poll is recorded as telemetry and makes the deployments READY. */
  @Post('get_scheduled_flow_runs')
  @HttpCode(200)
  @RequiresScope('see_deployments')
  async scheduledRuns(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = object(raw, 'body');
    const ids = b.deployment_ids;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || !UUID.test(id))) throw new ValidationError('deployment_ids must be a list of UUIDs');
    const before = isoDate(b.scheduled_before, 'scheduled_before');
    const { limit } = paging({ limit: b.limit });
    const deploymentIds = (ids as string[]).map((id) => id.toLowerCase());
    const filter = { deployment_id: { $in: deploymentIds }, state_type: 'SCHEDULED', ...(before ? { next_scheduled_start_time: { $lte: before } } : {}) };
    const runs = await this.reads.scoped(ws).find<FlowRunDoc>(FLOW_RUNS, filter, { limit, sort: [{ field: 'next_scheduled_start_time', direction: 'asc' }] });
    await this.deployments.recordPoll(callerOf(p, ctx, ws), deploymentIds);
    const t = now();
    return runs.map((r) => toFlowRun(r, t));
  }

  @Get('name/:flow/:name')
  @RequiresScope('see_deployments')
  async byName(@Workspace() ws: WorkspaceScope, @Param('flow') flowName: string, @Param('name') name: string) {
    const [flow] = await this.reads.scoped(ws).find<FlowDoc>(FLOWS, { name: flowName }, { limit: 1 });
    if (!flow) throw new NotFoundError('Deployment not found');
    return presentDeployment(this.reads, ws, await this.doc(ws, deploymentIdFor(ws.workspaceId, flow.id, name)), now());
  }

  @Get(':id')
  @RequiresScope('see_deployments')
  async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return presentDeployment(this.reads, ws, await this.doc(ws, id), now());
  }

  @Patch(':id')
  @HttpCode(204)
  @RequiresScope('write_deployments')
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @RawJsonBody() raw: unknown) {
    const request = parseDeploymentUpdate(raw);
    await this.reads.afterWrite((await this.deployments.update(callerOf(p, ctx, ws), id, request)).position);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_deployments')
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    await this.reads.afterWrite((await this.deployments.remove(callerOf(p, ctx, ws), id)).position);
  }

  @Post(':id/pause_deployment')
  @HttpCode(200)
  @RequiresScope('write_deployments')
  async pause(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    await this.reads.afterWrite((await this.deployments.setPaused(callerOf(p, ctx, ws), id, true)).position);
    return null;
  }

  @Post(':id/resume_deployment')
  @HttpCode(200)
  @RequiresScope('write_deployments')
  async resume(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    await this.reads.afterWrite((await this.deployments.setPaused(callerOf(p, ctx, ws), id, false)).position);
    return null;
  }

  @Post(':id/create_flow_run')
  @RequiresScope('run_deployments')
  async createFlowRun(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const request = parseDeploymentRun(raw);
    const r = await this.deployments.createFlowRun(callerOf(p, ctx, ws), id, request);
    await this.reads.afterWrite(r.position);
    void reply.status(r.created ? 201 : 200);
    return toFlowRun(await this.reads.getOrThrow<FlowRunDoc>(ws, FLOW_RUNS, r.flowRunId, 'Flow run not found'), now());
  }

  @Get(':id/schedules')
  @RequiresScope('see_deployments')
  async schedules(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return (await this.doc(ws, id)).schedules.map(toDeploymentSchedule);
  }

  @Post(':id/schedules')
  @HttpCode(201)
  @RequiresScope('write_deployments')
  async addSchedules(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown) {
    const schedules = parseScheduleList(raw);
    const r = await this.deployments.addSchedules(callerOf(p, ctx, ws), id, schedules);
    await this.reads.afterWrite(r.position);
    const created = new Set(r.ids);
    return (await this.doc(ws, id)).schedules.filter((s) => created.has(s.id)).map(toDeploymentSchedule);
  }

  @Patch(':id/schedules/:scheduleId')
  @HttpCode(204)
  @RequiresScope('write_deployments')
  async updateSchedule(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Param('scheduleId') scheduleId: string, @Body() raw: unknown) {
    const { replaces: _replaces, ...patch } = parseSchedulePatch(raw, 'body');
    await this.reads.afterWrite((await this.deployments.updateSchedule(callerOf(p, ctx, ws), id, scheduleId, patch)).position);
  }

  @Delete(':id/schedules/:scheduleId')
  @HttpCode(204)
  @RequiresScope('write_deployments')
  async deleteSchedule(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Param('scheduleId') scheduleId: string) {
    await this.reads.afterWrite((await this.deployments.deleteSchedule(callerOf(p, ctx, ws), id, scheduleId)).position);
  }
}
