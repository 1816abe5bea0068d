import { Injectable } from '@nestjs/common';
import type { Filter, FindOptions, SortKey } from '../../../infrastructure/read-store/read-store.port';
import { ValidationError } from '../../../shared/errors';
import { OrchestrationReads, type TenantScope } from '../application/orchestration-reads';
import { DEPLOYMENTS, FLOWS, FLOW_RUNS, WORK_POOLS, WORK_QUEUES, type DeploymentDoc } from '../read-models';
import { and, compileFilter, flowFilter, flowRunFilter, ops, taskRunFilter } from './prefect-filters';
import { RunQueries } from './run-queries';

type Body = Record<string, unknown>;
type Json = Record<string, unknown>;
const JOIN_LIMIT = 10_000;
const NOTHING: Filter = { _id: { $in: [] } };

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** DeploymentFilter's fields that live on the deployment document (prefect-api.md §7.2). */
export const deploymentFilter = (f: unknown) =>
  compileFilter(
    f,
    {
      id: ops.id('id'),
      name: ops.name('name'),
      paused: (s) => (typeof s.eq_ === 'boolean' ? [{ paused: s.eq_ }] : []),
      tags: ops.tags('tags'),
      work_queue_name: ops.id('work_queue_name'),
      work_queue_id: ops.id('work_queue_id'),
      concurrency_limit: ops.number('concurrency_limit'),
    },
    'deployments',
  );

const workPoolFilter = (f: unknown) => compileFilter(f, { id: ops.id('id'), name: ops.name('name'), type: ops.id('type') }, 'work_pools');
const workQueueFilter = (f: unknown) => compileFilter(f, { id: ops.id('id'), name: ops.name('name') }, 'work_pool_queues');

export const DEPLOYMENT_SORTS: Record<string, readonly SortKey[]> = {
  NAME_ASC: [{ field: 'name', direction: 'asc' }],
  NAME_DESC: [{ field: 'name', direction: 'desc' }],
  CREATED_DESC: [{ field: 'created', direction: 'desc' }],
  UPDATED_DESC: [{ field: 'updated', direction: 'desc' }],
};

/**
 * `/deployments/filter|count|paginate` bodies: `deployments` on the document, and `flows`,
 * `flow_runs`, `task_runs`, `work_pools`, `work_pool_queues` ANDed as joins resolved to id lists.
 */
@Injectable()
export class DeploymentQueries {
  constructor(
    private readonly reads: OrchestrationReads,
    private readonly runs: RunQueries,
  ) {}

  private async ids(scope: TenantScope, collection: string, filter: Filter, field = 'id'): Promise<string[]> {
    const docs = await this.reads.scoped(scope).find<Json & { _id: string }>(collection, filter, { limit: JOIN_LIMIT });
    return [...new Set(docs.map((d) => d[field]).filter((v): v is string => typeof v === 'string'))];
  }

  private async inIds(scope: TenantScope, field: string, collection: string, filter: Filter | undefined, idField = 'id'): Promise<Filter | undefined> {
    if (!filter) return undefined;
    const ids = await this.ids(scope, collection, filter, idField);
    return ids.length > 0 ? { [field]: { $in: ids } } : NOTHING;
  }

  async where(scope: TenantScope, body: Body): Promise<Filter | undefined> {
    const d = obj(body.deployments);
    const parts: (Filter | undefined)[] = [deploymentFilter(d)];
    const either = obj(d?.flow_or_deployment_name);
    if (either && either.like_ !== null && either.like_ !== undefined) {
      if (typeof either.like_ !== 'string') throw new ValidationError('deployments.flow_or_deployment_name.like_ must be a string');
      const flows = await this.ids(scope, FLOWS, { name: { $contains: either.like_ } });
      parts.push({ $or: [{ name: { $contains: either.like_ } }, { flow_id: { $in: flows } }] });
    }
    parts.push(await this.inIds(scope, 'flow_id', FLOWS, flowFilter(body.flows)));
    if (flowRunFilter(body.flow_runs) || taskRunFilter(body.task_runs)) {
      const runs = await this.runs.flowRunWhere(scope, { flow_runs: body.flow_runs, task_runs: body.task_runs });
      parts.push(await this.inIds(scope, 'id', FLOW_RUNS, runs ?? {}, 'deployment_id'));
    }
    parts.push(await this.inIds(scope, 'work_pool_id', WORK_POOLS, workPoolFilter(body.work_pools)));
    parts.push(await this.inIds(scope, 'work_queue_id', WORK_QUEUES, workQueueFilter(body.work_pool_queues)));
    return and(...parts);
  }

  async find(scope: TenantScope, body: Body, options: FindOptions): Promise<DeploymentDoc[]> {
    return this.reads.scoped(scope).find<DeploymentDoc>(DEPLOYMENTS, await this.where(scope, body), options);
  }

  async count(scope: TenantScope, body: Body): Promise<number> {
    return this.reads.scoped(scope).count(DEPLOYMENTS, await this.where(scope, body));
  }
}
