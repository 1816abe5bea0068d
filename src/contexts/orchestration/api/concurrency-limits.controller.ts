import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { microIso } from '../../../shared/ddd';
import { NotFoundError } from '../../../shared/errors';
import { callerOf } from '../application/caller';
import { ConcurrencySlots, limitIdFor } from '../application/concurrency/concurrency-slots';
import { OrchestrationReads } from '../application/orchestration-reads';
import { CONCURRENCY_LIMITS, type ConcurrencyLimitDoc } from '../read-models';
import { body, paging } from './prefect-filters';
import { activeLeases, activeSlots, publicFields } from './presenters';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class GlobalLimitCreateDto {
  @IsString() name!: string;
  @IsInt() @Min(0) limit!: number;
  @IsOptional() @IsBoolean() active: boolean = true;
  @IsOptional() @IsInt() @Min(0) active_slots: number = 0;
  @IsOptional() @IsInt() @Min(0) denied_slots: number = 0;
  @IsOptional() @IsNumber() @Min(0) slot_decay_per_second: number = 0;
}

export class GlobalLimitUpdateDto {
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsInt() @Min(0) limit?: number;
  @IsOptional() @IsBoolean() active?: boolean;
  @IsOptional() @IsNumber() @Min(0) slot_decay_per_second?: number;
}

class HolderDto {
  @IsString() type!: string;
  @IsString() id!: string;
}

export class IncrementWithLeaseDto {
  @IsArray() @IsString({ each: true }) names!: string[];
  @IsInt() @Min(1) slots!: number;
  @IsOptional() @IsIn(['concurrency', 'rate_limit']) mode: 'concurrency' | 'rate_limit' = 'concurrency';
  @IsOptional() @IsNumber() lease_duration: number = 300;
  @IsOptional() @ValidateNested() @Type(() => HolderDto) @IsObject() holder?: HolderDto;
}

export class IncrementDto {
  @IsArray() @IsString({ each: true }) names!: string[];
  @IsInt() @Min(1) slots!: number;
  @IsOptional() @IsIn(['concurrency', 'rate_limit']) mode: 'concurrency' | 'rate_limit' = 'concurrency';
}

export class DecrementDto {
  @IsArray() @IsString({ each: true }) names!: string[];
  @IsInt() @Min(1) slots!: number;
  @IsOptional() @IsNumber() occupancy_seconds?: number;
}

/** Legacy `concurrency()` (prefect.concurrency.v1): one slot per tag limit for a task run. */
export class TagSlotsDto {
  @IsArray() @IsString({ each: true }) names!: string[];
  @IsOptional() @IsString() task_run_id?: string;
  @IsOptional() @IsNumber() occupancy_seconds?: number;
}

export class LeaseDto {
  @IsString() lease_id!: string;
}

export class RenewDto {
  @IsOptional() @IsNumber() lease_duration: number = 300;
}

export class TagLimitCreateDto {
  @IsString() tag!: string;
  @IsInt() @Min(0) concurrency_limit!: number;
}

function toGlobalLimit(doc: ConcurrencyLimitDoc, now: string) {
  const { leases, unleased_slots, unleased_at, ...rest } = publicFields(doc);
  return { ...rest, active_slots: activeSlots(doc, now) };
}

function toTagLimit(doc: ConcurrencyLimitDoc, now: string) {
  return {
    id: doc.id,
    created: doc.created,
    updated: doc.updated,
    tag: doc.name.slice('tag:'.length),
    concurrency_limit: doc.limit,
    active_slots: activeLeases(doc, now)
      .filter((l) => l.holder?.type === 'task_run')
      .map((l) => l.holder!.id),
  };
}

abstract class LimitsBase {
  constructor(
    protected readonly slots: ConcurrencySlots,
    protected readonly reads: OrchestrationReads,
  ) {}


  protected async byIdOrName(ws: WorkspaceScope, idOrName: string): Promise<ConcurrencyLimitDoc> {
    const id = UUID.test(idOrName) ? idOrName.toLowerCase() : limitIdFor(ws.workspaceId, idOrName);
    return this.reads.getOrThrow<ConcurrencyLimitDoc>(ws, CONCURRENCY_LIMITS, id, 'Concurrency limit not found');
  }

  protected now(): string {
    return microIso(new Date());
  }
}

/** Global concurrency limits with leases (`/v2/concurrency_limits`, prefect-api.md §5.6, §6.11). */
@Controller(`${WORKSPACE_PREFIX}/v2/concurrency_limits`)
export class GlobalConcurrencyLimitsController extends LimitsBase {
  constructor(slots: ConcurrencySlots, reads: OrchestrationReads) {
    super(slots, reads);
  }

  @Post()
  @RequiresScope('manage_concurrency_limits')
  async create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() dto: GlobalLimitCreateDto) {
    const r = await this.slots.create(callerOf(p, ctx, ws), { name: dto.name, limit: dto.limit, active: dto.active, slotDecayPerSecond: dto.slot_decay_per_second }, false);
    await this.reads.afterWrite(r.position);
    return toGlobalLimit(await this.byIdOrName(ws, r.limitId), this.now());
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_concurrency_limits')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const docs = await this.reads.scoped(ws).find<ConcurrencyLimitDoc>(CONCURRENCY_LIMITS, undefined, { ...paging(body(raw)), sort: [{ field: 'name', direction: 'asc' }] });
    const now = this.now();
    return docs.map((d) => toGlobalLimit(d, now));
  }

  @Post('increment-with-lease')
  @HttpCode(200)
  @RequiresScope('run_flows')
  async incrementWithLease(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() dto: IncrementWithLeaseDto) {
    const holder = dto.holder ? { type: dto.holder.type, id: dto.holder.id } : null;
    const lease = await this.slots.acquire(callerOf(p, ctx, ws), { names: dto.names, slots: dto.slots, leaseSeconds: dto.lease_duration, holder });
    await this.reads.afterWrite(lease.position);
    return { lease_id: lease.leaseId, limits: lease.limits };
  }

  /** Slots without a lease (`rate_limit()`, legacy `concurrency()`): all-or-nothing, 423 when full. */
  @Post('increment')
  @HttpCode(200)
  @RequiresScope('run_flows')
  async increment(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() dto: IncrementDto) {
    const r = await this.slots.take(callerOf(p, ctx, ws), dto.names, dto.slots, dto.mode);
    await this.reads.afterWrite(r.position);
    return r.limits;
  }

  @Post('decrement')
  @HttpCode(200)
  @RequiresScope('run_flows')
  async decrement(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() dto: DecrementDto) {
    const r = await this.slots.giveBack(callerOf(p, ctx, ws), dto.names, dto.slots);
    await this.reads.afterWrite(r.position);
    return r.limits;
  }

  @Post('decrement-with-lease')
  @HttpCode(204)
  @RequiresScope('run_flows')
  async decrementWithLease(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() dto: LeaseDto) {
    await this.reads.afterWrite(await this.slots.release(callerOf(p, ctx, ws), dto.lease_id));
  }

  @Post('leases/:leaseId/renew')
  @HttpCode(204)
  @RequiresScope('run_flows')
  async renew(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('leaseId') leaseId: string, @Body() dto: RenewDto) {
    await this.slots.renew(callerOf(p, ctx, ws), leaseId, dto.lease_duration);
  }

  @Get(':idOrName')
  @RequiresScope('see_concurrency_limits')
  async read(@Workspace() ws: WorkspaceScope, @Param('idOrName') idOrName: string) {
    return toGlobalLimit(await this.byIdOrName(ws, idOrName), this.now());
  }

  @Patch(':idOrName')
  @HttpCode(204)
  @RequiresScope('manage_concurrency_limits')
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('idOrName') idOrName: string, @Body() dto: GlobalLimitUpdateDto) {
    const doc = await this.byIdOrName(ws, idOrName);
    const r = await this.slots.update(callerOf(p, ctx, ws), doc.id, { name: dto.name, limit: dto.limit, active: dto.active, slotDecayPerSecond: dto.slot_decay_per_second });
    await this.reads.afterWrite(r.position);
  }

  @Delete(':idOrName')
  @HttpCode(204)
  @RequiresScope('manage_concurrency_limits')
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('idOrName') idOrName: string) {
    const doc = await this.byIdOrName(ws, idOrName);
    await this.reads.afterWrite((await this.slots.remove(callerOf(p, ctx, ws), doc.id)).position);
  }
}

/** Tag-based (v1) limits: a façade over global limits named `tag:<tag>`, as in Prefect 3. */
@Controller(`${WORKSPACE_PREFIX}/concurrency_limits`)
export class TagConcurrencyLimitsController extends LimitsBase {
  constructor(slots: ConcurrencySlots, reads: OrchestrationReads) {
    super(slots, reads);
  }

  @Post()
  @RequiresScope('manage_concurrency_limits')
  async create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() dto: TagLimitCreateDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const r = await this.slots.create(callerOf(p, ctx, ws), { name: `tag:${dto.tag}`, limit: dto.concurrency_limit, active: true, slotDecayPerSecond: 0 }, true);
    await this.reads.afterWrite(r.position);
    void reply.status(r.created ? 201 : 200);
    return toTagLimit(await this.byIdOrName(ws, r.limitId), this.now());
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_concurrency_limits')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const docs = await this.reads.scoped(ws).find<ConcurrencyLimitDoc>(CONCURRENCY_LIMITS, { name: { $startsWith: 'tag:' } }, { ...paging(body(raw)), sort: [{ field: 'name', direction: 'asc' }] });
    const now = this.now();
    return docs.filter((d) => d.name.startsWith('tag:')).map((d) => toTagLimit(d, now));
  }

  /** `concurrency()` of prefect.concurrency.v1: a slot on every named tag's limit, all or nothing, 423 when one is full. */
  @Post('increment')
  @HttpCode(200)
  @RequiresScope('run_flows')
  async increment(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() dto: TagSlotsDto) {
    const r = await this.slots.take(callerOf(p, ctx, ws), dto.names.map((n) => `tag:${n}`), 1, 'concurrency');
    await this.reads.afterWrite(r.position);
    return r.limits.map((l) => ({ ...l, name: l.name.slice('tag:'.length) }));
  }

  @Post('decrement')
  @HttpCode(200)
  @RequiresScope('run_flows')
  async decrement(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() dto: TagSlotsDto) {
    const r = await this.slots.giveBack(callerOf(p, ctx, ws), dto.names.map((n) => `tag:${n}`), 1);
    await this.reads.afterWrite(r.position);
    return r.limits.map((l) => ({ ...l, name: l.name.slice('tag:'.length) }));
  }

  @Get('tag/:tag')
  @RequiresScope('see_concurrency_limits')
  async byTag(@Workspace() ws: WorkspaceScope, @Param('tag') tag: string) {
    return toTagLimit(await this.byIdOrName(ws, `tag:${tag}`), this.now());
  }

  @Delete('tag/:tag')
  @HttpCode(204)
  @RequiresScope('manage_concurrency_limits')
  async removeByTag(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('tag') tag: string) {
    const doc = await this.byIdOrName(ws, `tag:${tag}`);
    await this.reads.afterWrite((await this.slots.remove(callerOf(p, ctx, ws), doc.id)).position);
  }

  @Post('tag/:tag/reset')
  @HttpCode(200)
  @RequiresScope('manage_concurrency_limits')
  async reset(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('tag') tag: string) {
    const doc = await this.byIdOrName(ws, `tag:${tag}`);
    await this.reads.afterWrite((await this.slots.reset(callerOf(p, ctx, ws), doc.id)).position);
  }

  @Get(':id')
  @RequiresScope('see_concurrency_limits')
  async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const doc = await this.byIdOrName(ws, id);
    if (!doc.name.startsWith('tag:')) throw new NotFoundError('Concurrency limit not found');
    return toTagLimit(doc, this.now());
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_concurrency_limits')
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const doc = await this.byIdOrName(ws, id);
    if (!doc.name.startsWith('tag:')) throw new NotFoundError('Concurrency limit not found');
    await this.reads.afterWrite((await this.slots.remove(callerOf(p, ctx, ws), doc.id)).position);
  }
}
