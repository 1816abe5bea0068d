import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { callerOf } from '../application/caller';
import { OrchestrationReads } from '../application/orchestration-reads';
import { BlockQueries, toBlockType } from '../application/blocks/block-queries';
import { BlockUseCases } from '../application/blocks/block.use-cases';
import { BLOCK_TYPES, type BlockTypeDoc } from '../read-models';
import { parseBlockTypeCreate, parseBlockTypeUpdate } from './block-bodies';
import { blockDocumentFilter, blockSchemaFilter, blockTypeFilter, BLOCK_TYPE_SORT, boolQuery } from './block-filters';
import { and, body, paging } from './prefect-filters';

/** Prefect's `/block_types` routes (reference/prefect-api.md §6.10). */
@Controller(`${WORKSPACE_PREFIX}/block_types`)
export class BlockTypesController {
  constructor(
    private readonly blocks: BlockUseCases,
    private readonly queries: BlockQueries,
    private readonly reads: OrchestrationReads,
  ) {}

  @Post()
  @RequiresScope('manage_blocks')
  async create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const written = await this.blocks.createType(callerOf(p, ctx, ws), parseBlockTypeCreate(raw));
    await this.reads.afterWrite(written.position);
    return toBlockType(await this.reads.getOrThrow<BlockTypeDoc>(ws, BLOCK_TYPES, written.id, 'Block type not found'));
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_blocks')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    const bySchema = blockSchemaFilter(b.block_schemas);
    const typeIds = bySchema ? { id: { $in: [...new Set((await this.queries.schemaIds(ws, bySchema)).map((s) => s.block_type_id))] } } : undefined;
    return this.queries.types(ws, and(blockTypeFilter(b.block_types), typeIds), { ...paging(b), sort: BLOCK_TYPE_SORT });
  }

  @Post('install_system_block_types')
  @HttpCode(200)
  @RequiresScope('manage_blocks')
  async install(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope) {
    await this.reads.afterWrite(await this.blocks.installSystemTypes(callerOf(p, ctx, ws)));
    return null;
  }

  @Get('slug/:slug')
  @RequiresScope('see_blocks')
  async bySlug(@Workspace() ws: WorkspaceScope, @Param('slug') slug: string) {
    return toBlockType(await this.queries.typeBySlug(ws, slug));
  }

  @Get('slug/:slug/block_documents')
  @RequiresScope('see_blocks')
  async documents(@CurrentPrincipal() p: Principal, @Workspace() ws: WorkspaceScope, @Param('slug') slug: string, @Query('include_secrets') includeSecrets?: string) {
    const type = await this.queries.typeBySlug(ws, slug);
    const reveal = await this.queries.revealSecrets(p, ws, boolQuery(includeSecrets, 'include_secrets'));
    return this.queries.documents(ws, and(blockDocumentFilter(undefined), { block_type_id: type.id }), { sort: [{ field: 'name', direction: 'asc' }] }, reveal);
  }

  @Get('slug/:slug/block_documents/name/:name')
  @RequiresScope('see_blocks')
  async documentByName(@CurrentPrincipal() p: Principal, @Workspace() ws: WorkspaceScope, @Param('slug') slug: string, @Param('name') name: string, @Query('include_secrets') includeSecrets?: string) {
    const reveal = await this.queries.revealSecrets(p, ws, boolQuery(includeSecrets, 'include_secrets'));
    return this.queries.documentByName(ws, slug, name, reveal);
  }

  @Get(':id')
  @RequiresScope('see_blocks')
  async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return toBlockType(await this.reads.getOrThrow<BlockTypeDoc>(ws, BLOCK_TYPES, id, 'Block type not found'));
  }

  @Patch(':id')
  @HttpCode(204)
  @RequiresScope('manage_blocks')
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown) {
    const written = await this.blocks.updateType(callerOf(p, ctx, ws), id, parseBlockTypeUpdate(raw));
    await this.reads.afterWrite(written.position);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_blocks')
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const written = await this.blocks.deleteType(callerOf(p, ctx, ws), id);
    await this.reads.afterWrite(written.position);
  }
}
