import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { Ctx } from '../../../infrastructure/http/request-context.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Principal, RequestContext } from '../../../shared/application';
import { NotFoundError } from '../../../shared/errors';
import { ArtifactUseCases, type ArtifactUpdateInput } from '../application/artifacts/artifact.use-cases';
import { callerOf } from '../application/caller';
import { OrchestrationReads } from '../application/orchestration-reads';
import type { ArtifactInput } from '../domain/artifact/artifact';
import { ARTIFACTS, artifactDataOf, artifactMetadataOf, type ArtifactCollectionDoc, type ArtifactDoc } from '../read-models';
import { ARTIFACT_SORTS, ArtifactQueries } from './artifacts-queries';
import { body, findOptions } from './prefect-filters';
import { object, optUuid } from './run-bodies';
import { RawJsonBody } from '../../../infrastructure/http/json-body';

const NOT_FOUND = 'Artifact not found.';

/** Prefect's Artifact JSON. */
export function toArtifact(doc: ArtifactDoc) {
  return {
    id: doc.id,
    created: doc.created,
    updated: doc.updated,
    key: doc.key,
    type: doc.type,
    description: doc.description,
    data: artifactDataOf(doc),
    metadata_: artifactMetadataOf(doc),
    flow_run_id: doc.flow_run_id,
    task_run_id: doc.task_run_id,
  };
}

/** Prefect's ArtifactCollection JSON: the latest artifact's fields, `id` the collection's, `latest_id` the artifact's. */
export function toArtifactCollection(doc: ArtifactCollectionDoc) {
  return {
    id: doc.id,
    created: doc.created,
    updated: doc.updated,
    key: doc.key,
    latest_id: doc.latest_id,
    type: doc.type,
    description: doc.description,
    data: artifactDataOf(doc),
    metadata_: artifactMetadataOf(doc),
    flow_run_id: doc.flow_run_id,
    task_run_id: doc.task_run_id,
  };
}

function createBody(raw: unknown): ArtifactInput {
  const b = object(raw ?? {}, 'body');
  return {
    key: b.key,
    type: b.type,
    description: b.description,
    data: b.data,
    metadata_: b.metadata_,
    flow_run_id: optUuid(b, 'flow_run_id') ?? null,
    task_run_id: optUuid(b, 'task_run_id') ?? null,
  };
}

function updateBody(raw: unknown): ArtifactUpdateInput {
  const b = object(raw, 'body');
  return { ...('data' in b ? { data: b.data } : {}), ...('description' in b ? { description: b.description } : {}), ...('metadata_' in b ? { metadata_: b.metadata_ } : {}) };
}

/** Prefect's `/artifacts` routes (prefect-api.md §6.13). */
@Controller(`${WORKSPACE_PREFIX}/artifacts`)
export class ArtifactsController {
  constructor(
    private readonly artifacts: ArtifactUseCases,
    private readonly queries: ArtifactQueries,
    private readonly reads: OrchestrationReads,
  ) {}

  @Post()
  @HttpCode(201)
  @RequiresScope('write_artifacts')
  async create(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const written = await this.artifacts.create(callerOf(p, ctx, ws), createBody(raw));
    await this.reads.afterWrite(written.position);
    return toArtifact(await this.reads.getOrThrow<ArtifactDoc>(ws, ARTIFACTS, written.artifactId, NOT_FOUND));
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_artifacts')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    return (await this.queries.findArtifacts(ws, b, findOptions(b, ARTIFACT_SORTS, 'ID_DESC'))).map(toArtifact);
  }

  @Post('count')
  @HttpCode(200)
  @RequiresScope('see_artifacts')
  count(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    return this.queries.countArtifacts(ws, body(raw));
  }

  @Post('latest/filter')
  @HttpCode(200)
  @RequiresScope('see_artifacts')
  async latestFilter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    const b = body(raw);
    return (await this.queries.findCollections(ws, b, findOptions(b, ARTIFACT_SORTS, 'ID_DESC'))).map(toArtifactCollection);
  }

  @Post('latest/count')
  @HttpCode(200)
  @RequiresScope('see_artifacts')
  latestCount(@Workspace() ws: WorkspaceScope, @Body() raw: unknown) {
    return this.queries.countCollections(ws, body(raw));
  }

  /** The key's latest artifact (the artifact itself: its own id, not the collection's). */
  @Get(':key/latest')
  @RequiresScope('see_artifacts')
  async latest(@Workspace() ws: WorkspaceScope, @Param('key') key: string) {
    const collection = await this.queries.latestByKey(ws, key);
    if (!collection) throw new NotFoundError(NOT_FOUND);
    return toArtifact(await this.reads.getOrThrow<ArtifactDoc>(ws, ARTIFACTS, collection.latest_id, NOT_FOUND));
  }

  @Get(':id')
  @RequiresScope('see_artifacts')
  async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    return toArtifact(await this.reads.getOrThrow<ArtifactDoc>(ws, ARTIFACTS, id, NOT_FOUND));
  }

  @Patch(':id')
  @HttpCode(204)
  @RequiresScope('write_artifacts')
  async update(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string, @RawJsonBody() raw: unknown) {
    const changes = updateBody(raw);
    const current = await this.reads.getOrThrow<ArtifactDoc>(ws, ARTIFACTS, id, NOT_FOUND);
    const written = await this.artifacts.update(callerOf(p, ctx, ws), id, current.key, changes);
    await this.reads.afterWrite(written.position);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequiresScope('manage_artifacts')
  async remove(@CurrentPrincipal() p: Principal, @Ctx() ctx: RequestContext, @Workspace() ws: WorkspaceScope, @Param('id') id: string) {
    const current = await this.reads.getOrThrow<ArtifactDoc>(ws, ARTIFACTS, id, NOT_FOUND);
    const written = await this.artifacts.delete(callerOf(p, ctx, ws), id, current.key);
    await this.reads.afterWrite(written.position);
  }
}
