import { Injectable } from '@nestjs/common';
import type { Filter, FindOptions, SortKey } from '../../../infrastructure/read-store/read-store.port';
import { ValidationError } from '../../../shared/errors';
import { OrchestrationReads, type TenantScope } from '../application/orchestration-reads';
import { ARTIFACTS, ARTIFACT_COLLECTIONS, DEPLOYMENTS, FLOWS, FLOW_RUNS, TASK_RUNS, type ArtifactCollectionDoc, type ArtifactDoc } from '../read-models';
import { and, compileFilter, flowFilter, flowRunFilter, ops, taskRunFilter } from './prefect-filters';

type Json = Record<string, unknown>;
/** Joins are resolved to id lists; past this many ids a join would be a scan, so it is capped. */
const JOIN_LIMIT = 10_000;

const desc = (field: string): SortKey => ({ field, direction: 'desc' });
const asc = (field: string): SortKey => ({ field, direction: 'asc' });

/** ArtifactSort and ArtifactCollectionSort (default ID_DESC). */
export const ARTIFACT_SORTS: Record<string, readonly SortKey[]> = {
  ID_DESC: [desc('id')],
  CREATED_DESC: [desc('created')],
  UPDATED_DESC: [desc('updated')],
  KEY_DESC: [desc('key')],
  KEY_ASC: [asc('key')],
};

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `key{any_,like_,exists_}`. */
const keyField = (s: Json) => {
  const out = ops.name('key')({ any_: s.any_, like_: s.like_ });
  if (typeof s.exists_ === 'boolean') out.push(s.exists_ ? { key: { $ne: null } } : { key: null });
  return out;
};

/** `type{any_,not_any_}`; as in SQL, `NOT IN` never matches a null type. */
const typeField = (s: Json) => {
  const out = ops.id('type')({ any_: s.any_ });
  if (Array.isArray(s.not_any_) && s.not_any_.length > 0) out.push({ type: { $nin: s.not_any_ as string[] } }, { type: { $ne: null } });
  else if (s.not_any_ !== undefined && s.not_any_ !== null && !Array.isArray(s.not_any_)) throw new ValidationError('type.not_any_ must be a list');
  return out;
};

/** ArtifactFilter (prefect-api.md §7.2). */
export const artifactFilter = (f: unknown) =>
  compileFilter(f, { id: ops.id('id'), key: keyField, flow_run_id: ops.id('flow_run_id'), task_run_id: ops.id('task_run_id'), type: typeField }, 'artifacts');

/** ArtifactCollectionFilter: as ArtifactFilter, with `latest_id` instead of `id`. */
export const artifactCollectionFilter = (f: unknown) =>
  compileFilter(f, { latest_id: ops.id('latest_id'), key: keyField, flow_run_id: ops.id('flow_run_id'), task_run_id: ops.id('task_run_id'), type: typeField }, 'artifacts');

/** The DeploymentFilter fields that live on the deployment document. */
export const deploymentJoinFilter = (f: unknown) =>
  compileFilter(
    f,
    { id: ops.id('id'), name: ops.name('name'), tags: (s) => ops.tags('tags')({ all_: s.all_, any_: s.any_ }), work_queue_name: ops.id('work_queue_name'), paused: ops.id('paused'), flow_id: ops.id('flow_id') },
    'deployments',
  );

/**
 * Artifact and artifact-collection queries with Prefect's bodies: `flow_runs`, `flows` and
 * `deployments` select artifacts whose flow run matches all three (an artifact without a flow run
 * never does), `task_runs` those whose task run matches, as Prefect's EXISTS sub-queries do.
 */
@Injectable()
export class ArtifactQueries {
  constructor(private readonly reads: OrchestrationReads) {}

  private async ids(scope: TenantScope, collection: string, filter: Filter | undefined, field = 'id'): Promise<string[]> {
    const docs = await this.reads.scoped(scope).find<Json & { _id: string }>(collection, filter, { limit: JOIN_LIMIT });
    return [...new Set(docs.map((d) => d[field]).filter((v): v is string => typeof v === 'string'))];
  }

  async where(scope: TenantScope, body: Json, own: Filter | undefined): Promise<Filter | undefined> {
    const parts: (Filter | undefined)[] = [own];
    if (isObject(body.flow_runs) || isObject(body.flows) || isObject(body.deployments)) {
      const runParts: (Filter | undefined)[] = [isObject(body.flow_runs) ? flowRunFilter(body.flow_runs) : undefined];
      if (isObject(body.flows)) runParts.push({ flow_id: { $in: await this.ids(scope, FLOWS, flowFilter(body.flows)) } });
      if (isObject(body.deployments)) runParts.push({ deployment_id: { $in: await this.ids(scope, DEPLOYMENTS, deploymentJoinFilter(body.deployments)) } });
      parts.push({ flow_run_id: { $in: await this.ids(scope, FLOW_RUNS, and(...runParts)) } });
    }
    if (isObject(body.task_runs)) parts.push({ task_run_id: { $in: await this.ids(scope, TASK_RUNS, taskRunFilter(body.task_runs)) } });
    return and(...parts);
  }

  async findArtifacts(scope: TenantScope, body: Json, options: FindOptions): Promise<ArtifactDoc[]> {
    return this.reads.scoped(scope).find<ArtifactDoc>(ARTIFACTS, await this.where(scope, body, artifactFilter(body.artifacts)), options);
  }

  async countArtifacts(scope: TenantScope, body: Json): Promise<number> {
    return this.reads.scoped(scope).count(ARTIFACTS, await this.where(scope, body, artifactFilter(body.artifacts)));
  }

  async findCollections(scope: TenantScope, body: Json, options: FindOptions): Promise<ArtifactCollectionDoc[]> {
    return this.reads.scoped(scope).find<ArtifactCollectionDoc>(ARTIFACT_COLLECTIONS, await this.where(scope, body, artifactCollectionFilter(body.artifacts)), options);
  }

  async countCollections(scope: TenantScope, body: Json): Promise<number> {
    return this.reads.scoped(scope).count(ARTIFACT_COLLECTIONS, await this.where(scope, body, artifactCollectionFilter(body.artifacts)));
  }

  async latestByKey(scope: TenantScope, key: string): Promise<ArtifactCollectionDoc | undefined> {
    const [doc] = await this.reads.scoped(scope).find<ArtifactCollectionDoc>(ARTIFACT_COLLECTIONS, { key }, { limit: 1 });
    return doc;
  }
}
