import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { SortKey } from '../../../infrastructure/read-store/read-store.port';
import type { Principal, RequestContext } from '../../../shared/application';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { callerOf } from '../application/caller';
import { OrchestrationReads } from '../application/orchestration-reads';
import { VariableUseCases, type VariableUpdateInput } from '../application/variables/variable.use-cases';
import { VARIABLES, variableValue, type VariableDoc } from '../read-models';
import { body, compileFilter, findOptions, ops } from './prefect-filters';
import { object } from './run-bodies';
import { RawJsonBody } from '../../../infrastructure/http/json-body';

export const VARIABLE_SORTS: Record<string, readonly SortKey[]> = {
  NAME_ASC: [{ field: 'name', direction: 'asc' }],
  NAME_DESC: [{ field: 'name', direction: 'desc' }],
  CREATED_DESC: [{ field: 'created', direction: 'desc' }],
  UPDATED_DESC: [{ field: 'updated', direction: 'desc' }],
};

/** VariableFilter (prefect-api.md §7.2): `id{any_}`, `name{any_,like_}`, `tags{all_,is_null_}`; as in Prefect, `all_: []` filters nothing. */
export const variableFilter = (f: unknown) =>
  compileFilter(
    f,
    { id: ops.id('id'), name: ops.name('name'), tags: (s) => ops.tags('tags')({ ...s, all_: Array.isArray(s.all_) && s.all_.length === 0 ? undefined : s.all_ }) },
    'variables',
  );

/** Prefect's Variable JSON. */
export function toVariable(doc: VariableDoc) {
  return { id: doc.id, created: doc.created, updated: doc.updated, name: doc.name, value: variableValue(doc), tags: doc.tags };
}

function createBody(raw: unknown) {
  const b = object(raw, 'body');
  // `value` is required, and null is a value.
  if (!('value' in b)) throw new ValidationError('value is required', [{ loc: ['body', 'value'], msg: 'Field required', type: 'missing' }]);
  if (!('name' in b)) throw new ValidationError('name is required', [{ loc: ['body', 'name'], msg: 'Field required', type: 'missing' }]);
  return { name: b.name, value: b.value, tags: b.tags };
}

function updateBody(raw: unknown): VariableUpdateInput {
  const b = object(raw, 'body');
  return { ...('name' in b ? { name: b.name } : {}), ...('value' in b ? { value: b.value } : {}), ...('tags' in b ? { tags: b.tags } : {}) };
}

/** Prefect's `/variables` routes (prefect-api.md §6.12). */
@Controller(`${WORKSPACE_PREFIX}/variables`)
export class VariablesController {
  constructor(
    private readonly variables: VariableUseCases,
    private readonly reads: OrchestrationReads,
  ) {}

  @Post()
  @HttpCode(201)
  @RequiresScope('write_variables')
  async create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @RawJsonBody() raw: unknown) {
    const written = await this.variables.create(callerOf(p, ctx, ws), createBody(raw));
    await this.reads.afterWrite(written.position);
    return toVariable(await this.reads.getOrThrow<VariableDoc>(ws, VARIABLES, written.variableId, 'Variable not found.'));
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_variables')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    const docs = await this.reads.scoped(ws).find<VariableDoc>(VARIABLES, variableFilter(b.variables), findOptions(b, VARIABLE_SORTS, 'NAME_ASC'));
    return docs.map(toVariable);
  }

  @Post('count')
  @HttpCode(200)
  @RequiresScope('see_variables')
  count(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    return this.reads.scoped(ws).count(VARIABLES, variableFilter(body(raw).variables));
  }

  @Get('name/:name')
  @RequiresScope('see_variables')
  async byName(@Workspace() ws: WorkspaceScope, @Param('name') name: string) {
    return toVariable(await this.findByName(ws, name));
  }

  @Get(':id')
  @RequiresScope('see_variables')
  async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return toVariable(await this.reads.getOrThrow<VariableDoc>(ws, VARIABLES, id, 'Variable not found.'));
  }

  @Patch('name/:name')
  @HttpCode(204)
  @RequiresScope('write_variables')
  async updateByName(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('name') name: string, @RawJsonBody() raw: unknown) {
    const written = await this.variables.update(callerOf(p, ctx, ws), { name }, updateBody(raw));
    await this.reads.afterWrite(written.position);
  }

  @Patch(':id')
  @HttpCode(204)
  @RequiresScope('write_variables')
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @RawJsonBody() raw: unknown) {
    const written = await this.variables.update(callerOf(p, ctx, ws), { id }, updateBody(raw));
    await this.reads.afterWrite(written.position);
  }

  @Delete('name/:name')
  @HttpCode(204)
  @RequiresScope('manage_variables')
  async removeByName(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('name') name: string) {
    const written = await this.variables.delete(callerOf(p, ctx, ws), { name });
    await this.reads.afterWrite(written.position);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_variables')
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const written = await this.variables.delete(callerOf(p, ctx, ws), { id });
    await this.reads.afterWrite(written.position);
  }

  private async findByName(ws: WorkspaceScope, name: string): Promise<VariableDoc> {
    const [doc] = await this.reads.scoped(ws).find<VariableDoc>(VARIABLES, { name }, { limit: 1 });
    if (!doc) throw new NotFoundError('Variable not found.');
    return doc;
  }
}
