import { Injectable } from '@nestjs/common';
import type { FindOptions } from '../../../infrastructure/read-store/read-store.port';
import { NotFoundError } from '../../../shared/errors';
import { OrchestrationReads, type TenantScope } from '../application/orchestration-reads';
import { FLOWS, type FlowDoc } from '../read-models';
import { and, flowFilter } from './prefect-filters';

/** Flow queries with Prefect's filter bodies; joins to runs arrive with the flow-run read models. */
@Injectable()
export class FlowQueries {
  constructor(private readonly reads: OrchestrationReads) {}

  find(scope: TenantScope, body: Record<string, unknown>, options: FindOptions): Promise<FlowDoc[]> {
    return this.reads.scoped(scope).find<FlowDoc>(FLOWS, and(flowFilter(body.flows)), options);
  }

  count(scope: TenantScope, body: Record<string, unknown>): Promise<number> {
    return this.reads.scoped(scope).count(FLOWS, and(flowFilter(body.flows)));
  }

  async byName(scope: TenantScope, name: string): Promise<FlowDoc> {
    const [flow] = await this.reads.scoped(scope).find<FlowDoc>(FLOWS, { name }, { limit: 1 });
    if (!flow) throw new NotFoundError('Flow not found');
    return flow;
  }
}
