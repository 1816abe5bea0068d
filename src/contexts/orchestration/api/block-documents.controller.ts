import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import type { Filter } from '../../../infrastructure/read-store/read-store.port';
import { callerOf } from '../application/caller';
import { OrchestrationReads } from '../application/orchestration-reads';
import { BlockQueries } from '../application/blocks/block-queries';
import { BlockUseCases } from '../application/blocks/block.use-cases';
import { parseBlockDocumentCreate, parseBlockDocumentUpdate } from './block-bodies';
import { blockDocumentFilter, blockSchemaFilter, blockTypeFilter, BLOCK_DOCUMENT_SORTS, boolQuery } from './block-filters';
import { and, body, findOptions } from './prefect-filters';

/** Prefect's `/block_documents` routes (reference/prefect-api.md §6.10). */
@Controller(`${WORKSPACE_PREFIX}/block_documents`)
export class BlockDocumentsController {
  constructor(
    private readonly blocks: BlockUseCases,
    private readonly queries: BlockQueries,
    private readonly reads: OrchestrationReads,
  ) {}

  @Post()
  @RequiresScope('manage_blocks')
  async create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const written = await this.blocks.createDocument(callerOf(p, ctx, ws), parseBlockDocumentCreate(raw));
    await this.reads.afterWrite(written.position);
    return this.queries.document(ws, written.id, false);
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_blocks')
  async filter(@CurrentPrincipal() p: Principal, @Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    const reveal = await this.queries.revealSecrets(p, ws, b.include_secrets === true);
    return this.queries.documents(ws, await this.compile(ws, b), findOptions(b, BLOCK_DOCUMENT_SORTS, 'NAME_ASC'), reveal);
  }

  @Post('count')
  @HttpCode(200)
  @RequiresScope('see_blocks')
  async count(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    return this.queries.countDocuments(ws, await this.compile(ws, body(raw)));
  }

  @Get(':id')
  @RequiresScope('see_blocks')
  async read(@CurrentPrincipal() p: Principal, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Query('include_secrets') includeSecrets?: string) {
    const reveal = await this.queries.revealSecrets(p, ws, boolQuery(includeSecrets, 'include_secrets'));
    return this.queries.document(ws, id, reveal);
  }

  @Patch(':id')
  @HttpCode(204)
  @RequiresScope('manage_blocks')
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @Body() raw: unknown) {
    const written = await this.blocks.updateDocument(callerOf(p, ctx, ws), id, parseBlockDocumentUpdate(raw));
    await this.reads.afterWrite(written.position);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_blocks')
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const written = await this.blocks.deleteDocument(callerOf(p, ctx, ws), id);
    await this.reads.afterWrite(written.position);
  }

  /** The document filter, joined with the block-type and block-schema filters. */
  private async compile(ws: WorkspaceScope, b: Record<string, unknown>): Promise<Filter | undefined> {
    const byType = blockTypeFilter(b.block_types);
    const bySchema = blockSchemaFilter(b.block_schemas);
    const typeIds = byType ? { block_type_id: { $in: await this.queries.typeIds(ws, byType) } } : undefined;
    const schemaIds = bySchema ? { block_schema_id: { $in: (await this.queries.schemaIds(ws, bySchema)).map((s) => s.id) } } : undefined;
    return and(blockDocumentFilter(b.block_documents), typeIds, schemaIds);
  }
}
