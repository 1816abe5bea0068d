import { Injectable } from '@nestjs/common';
import type { Filter, FindOptions } from '../../../infrastructure/read-store/read-store.port';
import { OrchestrationReads, type TenantScope } from '../application/orchestration-reads';
import { FLOWS, FLOW_RUNS, TASK_RUNS, type FlowDoc, type FlowRunDoc, type TaskRunDoc } from '../read-models';
import { and, flowFilter, flowRunFilter, taskRunFilter } from './prefect-filters';

type Body = Record<string, unknown>;
/** Joins are resolved to id lists; past this many ids a join would be a scan, so it is capped. */
const JOIN_LIMIT = 10_000;

const NOTHING: Filter = { _id: { $in: [] } };

/**
 * Flow-run and task-run queries with Prefect's combined filter bodies: `flows`, `flow_runs`,
 * `task_runs` (and `parent_flow_run_id`) are ANDed as joins, resolved through the scoped store.
 */
@Injectable()
export class RunQueries {
  constructor(private readonly reads: OrchestrationReads) {}

  private async ids(scope: TenantScope, collection: string, filter: Filter, field = 'id'): Promise<string[]> {
    const docs = await this.reads.scoped(scope).find<Record<string, unknown> & { _id: string }>(collection, filter, { limit: JOIN_LIMIT });
    return [...new Set(docs.map((d) => d[field]).filter((v): v is string => typeof v === 'string'))];
  }

  /** The flow-run part of a body, with the joins it names. */
  async flowRunWhere(scope: TenantScope, body: Body): Promise<Filter | undefined> {
    const parts: (Filter | undefined)[] = [];
    const runs = (body.flow_runs ?? null) as Body | null;
    const parent = runs && typeof runs === 'object' ? ((runs.parent_flow_run_id ?? null) as Body | null) : null;
    parts.push(flowRunFilter(runs && parent ? { ...runs, parent_flow_run_id: null } : runs));
    const flows = flowFilter(body.flows);
    if (flows) parts.push({ flow_id: { $in: await this.ids(scope, FLOWS, flows) } });
    const tasks = taskRunFilter(body.task_runs);
    if (tasks) parts.push({ id: { $in: await this.ids(scope, TASK_RUNS, tasks, 'flow_run_id') } });
    if (parent && Array.isArray(parent.any_)) {
      const trackers = await this.ids(scope, TASK_RUNS, { flow_run_id: { $in: parent.any_ as string[] } });
      parts.push({ parent_task_run_id: { $in: trackers } });
    }
    const deployments = (body.deployments ?? null) as Body | null;
    const deploymentIds = deployments && typeof deployments === 'object' ? ((deployments.id as Body | null)?.any_ as string[] | undefined) : undefined;
    if (deploymentIds) parts.push({ deployment_id: { $in: deploymentIds } });
    return and(...parts);
  }

  async findFlowRuns(scope: TenantScope, body: Body, options: FindOptions): Promise<FlowRunDoc[]> {
    return this.reads.scoped(scope).find<FlowRunDoc>(FLOW_RUNS, await this.flowRunWhere(scope, body), options);
  }

  async countFlowRuns(scope: TenantScope, body: Body): Promise<number> {
    return this.reads.scoped(scope).count(FLOW_RUNS, await this.flowRunWhere(scope, body));
  }

  async taskRunWhere(scope: TenantScope, body: Body): Promise<Filter | undefined> {
    const parts: (Filter | undefined)[] = [taskRunFilter(body.task_runs)];
    const runs = flowRunFilter(body.flow_runs);
    const flows = flowFilter(body.flows);
    if (runs || flows) {
      const runIds = await this.ids(scope, FLOW_RUNS, and(runs, flows ? { flow_id: { $in: await this.ids(scope, FLOWS, flows) } } : undefined) ?? {});
      parts.push(runIds.length > 0 ? { flow_run_id: { $in: runIds } } : NOTHING);
    }
    return and(...parts);
  }

  async findTaskRuns(scope: TenantScope, body: Body, options: FindOptions): Promise<TaskRunDoc[]> {
    return this.reads.scoped(scope).find<TaskRunDoc>(TASK_RUNS, await this.taskRunWhere(scope, body), options);
  }

  async countTaskRuns(scope: TenantScope, body: Body): Promise<number> {
    return this.reads.scoped(scope).count(TASK_RUNS, await this.taskRunWhere(scope, body));
  }

  /** For the flows routes: `flow_runs`/`task_runs` in a flows filter keep the flows that have such runs. */
  async flowWhere(scope: TenantScope, body: Body): Promise<Filter | undefined> {
    const parts: (Filter | undefined)[] = [flowFilter(body.flows)];
    if (flowRunFilter(body.flow_runs) || taskRunFilter(body.task_runs)) {
      parts.push({ id: { $in: await this.ids(scope, FLOW_RUNS, (await this.flowRunWhere(scope, { flow_runs: body.flow_runs, task_runs: body.task_runs })) ?? {}, 'flow_id') } });
    }
    return and(...parts);
  }

  async flowsByIds(scope: TenantScope, ids: readonly string[]): Promise<FlowDoc[]> {
    return this.reads.scoped(scope).getMany<FlowDoc>(FLOWS, ids);
  }
}
