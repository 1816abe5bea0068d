import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { FLOW_RUNS, type FlowRunDoc } from '../../../orchestration';
import { relatedMatches, resourceMatches } from '../../domain/engine/resource-match';
import { metricBreached, metricNodes } from '../../domain/engine/trigger-evaluation';
import type { MetricTriggerSpec } from '../../domain/automation/automation-spec';
import type { AutomationDoc } from '../../read-models';

const TERMINAL = ['COMPLETED', 'FAILED', 'CRASHED', 'CANCELLED'];

/** A flow run seen as an event resource: its labels and its related flow, deployment, queue, pool and tags. */
function runResource(r: FlowRunDoc) {
  const resource = { 'prefect.resource.id': `prefect.flow-run.${r.id}`, 'prefect.resource.name': r.name };
  const related: Record<string, string>[] = [{ 'prefect.resource.id': `prefect.flow.${r.flow_id}`, 'prefect.resource.role': 'flow' }];
  if (r.deployment_id) related.push({ 'prefect.resource.id': `prefect.deployment.${r.deployment_id}`, 'prefect.resource.role': 'deployment' });
  if (r.work_queue_id) related.push({ 'prefect.resource.id': `prefect.work-queue.${r.work_queue_id}`, 'prefect.resource.role': 'work-queue', 'prefect.resource.name': r.work_queue_name ?? '' });
  if (r.work_pool_id) related.push({ 'prefect.resource.id': `prefect.work-pool.${r.work_pool_id}`, 'prefect.resource.role': 'work-pool', 'prefect.resource.name': r.work_pool_name ?? '' });
  for (const t of r.tags) related.push({ 'prefect.resource.id': `prefect.tag.${t}`, 'prefect.resource.role': 'tag' });
  return { resource, related };
}

/**
 * Metric triggers (Cloud): successes, duration and lateness of the matching flow runs over the
 * trigger's `range`, computed from the flow_runs read model on the engine's timer.
 *  - successes: completed / finished runs that ended in the range;
 *  - duration: mean run time (seconds) of runs that ended in the range;
 *  - lateness: mean seconds between expected and actual start of runs expected to start in the range.
 */
@Injectable()
export class MetricEvaluator {
  /** Metrics are recomputed at most this often per automation (the engine's loop runs far more often). */
  static readonly everyMs = 5000;
  private readonly last = new Map<string, { at: number; result: Map<string, boolean> }>();

  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /** Metric node id → whether its metric is out of bounds now; empty between recomputations. */
  async evaluate(a: AutomationDoc, now: string): Promise<Map<string, boolean>> {
    const nodes = metricNodes(a.trigger);
    if (nodes.length === 0) return new Map();
    const t = new Date(now).getTime();
    const previous = this.last.get(a.id);
    if (previous && t - previous.at < MetricEvaluator.everyMs) return new Map();
    const out = new Map<string, boolean>();
    for (const node of nodes) out.set(node.id, metricBreached(node, await this.value(a, node, now)));
    this.last.set(a.id, { at: t, result: out });
    return out;
  }

  async value(a: AutomationDoc, t: MetricTriggerSpec, now: string): Promise<number | null> {
    const since = new Date(new Date(now).getTime() - t.metric.range * 1000).toISOString();
    const field = t.metric.name === 'lateness' ? 'expected_start_time' : 'end_time';
    const runs = (await this.readStore.find<FlowRunDoc>(FLOW_RUNS, { _workspace: a._workspace ?? null, [field]: { $gte: since } }, { limit: 10_000 })).filter((r) => {
      const { resource, related } = runResource(r);
      return resourceMatches(t.match, resource) && relatedMatches(t.match_related, related);
    });
    switch (t.metric.name) {
      case 'successes': {
        const finished = runs.filter((r) => r.state_type !== null && TERMINAL.includes(r.state_type));
        return finished.length === 0 ? null : finished.filter((r) => r.state_type === 'COMPLETED').length / finished.length;
      }
      case 'duration': {
        const finished = runs.filter((r) => r.state_type !== null && TERMINAL.includes(r.state_type));
        return finished.length === 0 ? null : finished.reduce((n, r) => n + r.total_run_time, 0) / finished.length;
      }
      case 'lateness': {
        const late = runs.map((r) => {
          const expected = r.expected_start_time ? new Date(r.expected_start_time).getTime() : NaN;
          const started = r.start_time ? new Date(r.start_time).getTime() : new Date(now).getTime();
          return Math.max(0, (started - expected) / 1000);
        }).filter((x) => Number.isFinite(x));
        return late.length === 0 ? null : late.reduce((n, x) => n + x, 0) / late.length;
      }
      default: {
        const never: never = t.metric.name;
        return never;
      }
    }
  }
}
