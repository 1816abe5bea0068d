import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { callerOf } from '../application/caller';
import { OrchestrationReads } from '../application/orchestration-reads';
import { BlockQueries } from '../application/blocks/block-queries';
import { BlockUseCases } from '../application/blocks/block.use-cases';
import { parseJsonKeepingNumbers } from '../domain/block/schema-checksum';
import { bodyText } from '../../../infrastructure/http/json-body';
import { parseBlockSchemaCreate } from './block-bodies';
import { blockSchemaFilter, BLOCK_SCHEMA_SORT } from './block-filters';
import { body, paging } from './prefect-filters';

/** The schema's fields exactly as the client wrote them (numbers included), from the body's text. */
function rawFields(req: FastifyRequest): unknown {
  const text = bodyText(req);
  if (text === undefined) return undefined;
  try {
    const parsed = parseJsonKeepingNumbers(text) as Record<string, unknown> | null;
    return parsed && typeof parsed === 'object' ? parsed.fields : undefined;
  } catch {
    return undefined;
  }
}

/** Prefect's `/block_schemas` routes and `/block_capabilities` (reference/prefect-api.md §6.10). */
@Controller(`${WORKSPACE_PREFIX}/block_schemas`)
export class BlockSchemasController {
  constructor(
    private readonly blocks: BlockUseCases,
    private readonly queries: BlockQueries,
    private readonly reads: OrchestrationReads,
  ) {}

  /** 201 for a new schema; the same checksum and version again answers the existing one with 200. */
  @Post()
  @RequiresScope('manage_blocks')
  async create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const written = await this.blocks.createSchema(callerOf(p, ctx, ws), parseBlockSchemaCreate(raw, rawFields(req)));
    await this.reads.afterWrite(written.position);
    void reply.status(written.created ? 201 : 200);
    return this.queries.schema(ws, written.id);
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_blocks')
  filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    return this.queries.schemas(ws, blockSchemaFilter(b.block_schemas), { ...paging(b), sort: BLOCK_SCHEMA_SORT });
  }

  @Get('checksum/:checksum')
  @RequiresScope('see_blocks')
  byChecksum(@Workspace() ws: WorkspaceScope, @Param('checksum') checksum: string, @Query('version') version?: string) {
    return this.queries.schemaByChecksum(ws, checksum, version || undefined);
  }

  @Get(':id')
  @RequiresScope('see_blocks')
  read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return this.queries.schema(ws, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_blocks')
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const written = await this.blocks.deleteSchema(callerOf(p, ctx, ws), id);
    await this.reads.afterWrite(written.position);
  }
}

@Controller(`${WORKSPACE_PREFIX}/block_capabilities`)
export class BlockCapabilitiesController {
  constructor(private readonly queries: BlockQueries) {}

  @Get()
  @RequiresScope('see_blocks')
  list(@Workspace() ws: WorkspaceScope) {
    return this.queries.capabilities(ws);
  }
}
