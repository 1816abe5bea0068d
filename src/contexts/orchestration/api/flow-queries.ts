import { Injectable } from '@nestjs/common';
import type { FindOptions } from '../../../infrastructure/read-store/read-store.port';
import { NotFoundError } from '../../../shared/errors';
import { OrchestrationReads, type TenantScope } from '../application/orchestration-reads';
import { FLOWS, type FlowDoc } from '../read-models';
import { RunQueries } from './run-queries';

/** Flow queries with Prefect's filter bodies, including `flow_runs`/`task_runs` joins. */
@Injectable()
export class FlowQueries {
  constructor(
    private readonly reads: OrchestrationReads,
    private readonly runs: RunQueries,
  ) {}

  async find(scope: TenantScope, body: Record<string, unknown>, options: FindOptions): Promise<FlowDoc[]> {
    return this.reads.scoped(scope).find<FlowDoc>(FLOWS, await this.runs.flowWhere(scope, body), options);
  }

  async count(scope: TenantScope, body: Record<string, unknown>): Promise<number> {
    return this.reads.scoped(scope).count(FLOWS, await this.runs.flowWhere(scope, body));
  }

  async byName(scope: TenantScope, name: string): Promise<FlowDoc> {
    const [flow] = await this.reads.scoped(scope).find<FlowDoc>(FLOWS, { name }, { limit: 1 });
    if (!flow) throw new NotFoundError('Flow not found');
    return flow;
  }
}
