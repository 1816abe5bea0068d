import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { SortKey } from '../../../infrastructure/read-store/read-store.port';
import type { Principal, RequestContext } from '../../../shared/application';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { compileFilter, filterBody, findOptions, ops } from '../../orchestration';
import { AutomationReads } from '../application/automation-reads';
import { AutomationUseCases } from '../application/automation.use-cases';
import { AUTOMATIONS, type AutomationDoc } from '../read-models';

const AUTOMATION_SORTS: Record<string, readonly SortKey[]> = {
  NAME_ASC: [{ field: 'name', direction: 'asc' }],
  CREATED_DESC: [{ field: 'created', direction: 'desc' }],
  UPDATED_DESC: [{ field: 'updated', direction: 'desc' }],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** AutomationFilter: name any_, created before_, tags all_/any_/is_null_. */
const automationFilter = (f: unknown) => compileFilter(f, { name: ops.id('name'), created: ops.time('created'), tags: ops.tags('tags') }, 'automations');

function toAutomation(d: AutomationDoc) {
  return {
    id: d.id,
    created: d.created,
    updated: d.updated,
    name: d.name,
    description: d.description,
    enabled: d.enabled,
    tags: d.tags,
    trigger: d.trigger,
    actions: d.actions,
    actions_on_trigger: d.actions_on_trigger,
    actions_on_resolve: d.actions_on_resolve,
    owner_resource: d.owner_resource,
  };
}

/**
 * Prefect's `/automations` routes (prefect-api.md §6.9; Prefect's api/automations.py): what
 * `prefect automation ls/inspect/enable/disable/delete`, `prefect deploy` with triggers and the UI use.
 */
@Controller(`${WORKSPACE_PREFIX}/automations`)
export class AutomationsController {
  constructor(
    private readonly automations: AutomationUseCases,
    private readonly reads: AutomationReads,
  ) {}

  private async automation(ws: WorkspaceScope, id: string): Promise<AutomationDoc> {
    if (!UUID.test(id)) throw new NotFoundError('Automation not found');
    return this.reads.getOrThrow<AutomationDoc>(ws, AUTOMATIONS, id.toLowerCase(), 'Automation not found');
  }

  @Post()
  @RequiresScope('manage_automations')
  async create(@CurrentPrincipal() principal: Principal, @Ctx() request: RequestContext, @Workspace() scope: WorkspaceScope, @Body() raw: unknown) {
    const spec = this.automations.parse(raw);
    const owner = (raw as { owner_resource?: unknown }).owner_resource;
    if (owner !== undefined && owner !== null && typeof owner !== 'string') throw new ValidationError('owner_resource: must be a string');
    const r = await this.automations.create({ principal, request, scope }, spec, (owner as string | null | undefined) ?? null);
    await this.reads.afterWrite(r.position);
    return toAutomation(await this.automation(scope, r.automationId));
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_automations')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = filterBody(raw);
    const docs = await this.reads.scoped(ws).find<AutomationDoc>(AUTOMATIONS, automationFilter(b.automations), findOptions(b, AUTOMATION_SORTS, 'NAME_ASC'));
    return docs.map(toAutomation);
  }

  @Post('count')
  @HttpCode(200)
  @RequiresScope('see_automations')
  count(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    return this.reads.scoped(ws).count(AUTOMATIONS, automationFilter(filterBody(raw).automations));
  }

  @Get('related-to/:resourceId')
  @RequiresScope('see_automations')
  async relatedTo(@Workspace() ws: WorkspaceScope, @Param('resourceId') resourceId: string) {
    const docs = await this.reads.scoped(ws).find<AutomationDoc>(AUTOMATIONS, { related_resources: { $all: [resourceId] } }, { sort: AUTOMATION_SORTS.NAME_ASC });
    return docs.map(toAutomation);
  }

  /** Deletes the automations a resource owns (`prefect deploy` replaces a deployment's triggers this way); 202 as Prefect. */
  @Delete('owned-by/:resourceId')
  @HttpCode(202)
  @RequiresScope('manage_automations')
  async deleteOwnedBy(@CurrentPrincipal() principal: Principal, @Ctx() request: RequestContext, @Workspace() scope: WorkspaceScope, @Param('resourceId') resourceId: string) {
    const owned = await this.reads.scoped(scope).find<AutomationDoc>(AUTOMATIONS, { owner_resource: resourceId });
    let last: number | undefined;
    for (const a of owned) last = (await this.automations.remove({ principal, request, scope }, a.id)).position ?? last;
    await this.reads.afterWrite(last);
  }

  @Get(':id')
  @RequiresScope('see_automations')
  async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return toAutomation(await this.automation(ws, id));
  }

  @Put(':id')
  @HttpCode(204)
  @RequiresScope('manage_automations')
  async replace(@CurrentPrincipal() principal: Principal, @Ctx() request: RequestContext, @Workspace() scope: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown) {
    const current = await this.automation(scope, id);
    const r = await this.automations.update({ principal, request, scope }, current.id, this.automations.parse(raw));
    await this.reads.afterWrite(r.position);
  }

  /** AutomationPartialUpdate: only `enabled`. */
  @Patch(':id')
  @HttpCode(204)
  @RequiresScope('manage_automations')
  async patch(@CurrentPrincipal() principal: Principal, @Ctx() request: RequestContext, @Workspace() scope: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown) {
    const enabled = (raw as { enabled?: unknown } | null)?.enabled;
    if (typeof enabled !== 'boolean') throw new ValidationError('enabled: must be a boolean');
    const current = await this.automation(scope, id);
    const r = await this.automations.setEnabled({ principal, request, scope }, current.id, enabled);
    await this.reads.afterWrite(r.position);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_automations')
  async remove(@CurrentPrincipal() principal: Principal, @Ctx() request: RequestContext, @Workspace() scope: WorkspaceScope, @Param('id') id: string) {
    const current = await this.automation(scope, id);
    const r = await this.automations.remove({ principal, request, scope }, current.id);
    await this.reads.afterWrite(r.position);
  }
}
