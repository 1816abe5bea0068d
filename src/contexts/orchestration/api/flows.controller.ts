import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsArray, IsObject, IsOptional, IsString } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { CreateFlowCommand, DeleteFlowCommand, UpdateFlowCommand } from '../application/flows/flow.commands';
import { OrchestrationReads } from '../application/orchestration-reads';
import { FLOWS, type FlowDoc } from '../read-models';
import { body, FLOW_SORTS, findOptions } from './prefect-filters';
import { FlowQueries } from './flow-queries';
import { toFlow } from './presenters';

export class FlowCreateDto {
  @IsString() name!: string;
  @IsOptional() @IsArray() @IsString({ each: true }) tags: string[] = [];
  @IsOptional() @IsObject() labels: Record<string, string | number | boolean> = {};
}

export class FlowUpdateDto {
  @IsOptional() @IsArray() @IsString({ each: true }) @Type(() => String) tags?: string[];
}

/** Prefect's `/flows` routes (reference/prefect-api.md §6.2). */
@Controller(`${WORKSPACE_PREFIX}/flows`)
export class FlowsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly reads: OrchestrationReads,
    private readonly queries: FlowQueries,
  ) {}

  @Post()
  @RequiresScope('run_flows')
  async create(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() dto: FlowCreateDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const written = await this.commands.execute(new CreateFlowCommand(principal, ctx, ws, { name: dto.name, tags: dto.tags, labels: dto.labels }));
    await this.reads.afterWrite(written.position);
    const flow = await this.reads.getOrThrow<FlowDoc>(ws, FLOWS, written.flowId, 'Flow not found');
    void reply.status(written.created ? 201 : 200);
    return toFlow(flow);
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_flows')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    const flows = await this.queries.find(ws, b, findOptions(b, FLOW_SORTS, 'NAME_ASC'));
    return flows.map(toFlow);
  }

  @Post('count')
  @HttpCode(200)
  @RequiresScope('see_flows')
  count(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    return this.queries.count(ws, body(raw));
  }

  @Get('name/:name')
  @RequiresScope('see_flows')
  async byName(@Workspace() ws: WorkspaceScope, @Param('name') name: string) {
    return toFlow(await this.queries.byName(ws, name));
  }

  @Get(':id')
  @RequiresScope('see_flows')
  async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return toFlow(await this.reads.getOrThrow<FlowDoc>(ws, FLOWS, id, 'Flow not found'));
  }

  @Patch(':id')
  @HttpCode(204)
  @RequiresScope('manage_flows')
  async update(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() dto: FlowUpdateDto) {
    const current = await this.reads.getOrThrow<FlowDoc>(ws, FLOWS, id, 'Flow not found');
    const written = await this.commands.execute(new UpdateFlowCommand(principal, ctx, ws, id, { tags: dto.tags ?? current.tags }));
    await this.reads.afterWrite(written.position);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_flows')
  async remove(@CurrentPrincipal() principal: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    await this.reads.getOrThrow<FlowDoc>(ws, FLOWS, id, 'Flow not found');
    const written = await this.commands.execute(new DeleteFlowCommand(principal, ctx, ws, id));
    await this.reads.afterWrite(written.position);
  }
}
