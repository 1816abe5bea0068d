import { ValidationError } from '../../../shared/errors';
import type { FlowRunDoc } from '../read-models';
import { toFlowRun } from './presenters';

/** Most buckets a history may have (as REST `/flow_runs/history`). */
export const MAX_HISTORY_BUCKETS = 500;

export interface HistoryStateRow {
  state_type: string;
  state_name: string;
  count_runs: number;
  sum_estimated_run_time: number;
  sum_estimated_lateness: number;
}

export interface HistoryBucket {
  interval_start: string;
  interval_end: string;
  states: HistoryStateRow[];
}

/** How many buckets of `intervalSeconds` cover [start, end); a VALIDATION_FAILED past MAX_HISTORY_BUCKETS. */
export function historyBucketCount(start: string, end: string, intervalSeconds: number): number {
  if (!(intervalSeconds > 0)) throw new ValidationError('history_interval_seconds must be a positive number');
  const buckets = Math.ceil((Date.parse(end) - Date.parse(start)) / (intervalSeconds * 1000));
  if (buckets > MAX_HISTORY_BUCKETS) throw new ValidationError(`history would have more than ${MAX_HISTORY_BUCKETS} intervals`);
  return Math.max(0, buckets);
}

/**
 * The REST `/flow_runs/history` buckets (FlowRunsController.history) of `runs`: by expected start time, each bucket's
 * runs grouped by (state type, state name) with their estimated run time and lateness summed. Same rules, same
 * shape, so the dashboard's history equals REST's for the same window and interval.
 */
export function runHistory(runs: readonly FlowRunDoc[], start: string, end: string, intervalSeconds: number, now: string): HistoryBucket[] {
  const buckets = historyBucketCount(start, end, intervalSeconds);
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  return Array.from({ length: buckets }, (_, i) => {
    const from = startMs + i * intervalSeconds * 1000;
    const to = Math.min(from + intervalSeconds * 1000, endMs);
    const byState = new Map<string, HistoryStateRow>();
    for (const r of runs) {
      if (!r.expected_start_time) continue;
      const t = Date.parse(r.expected_start_time);
      if (t < from || t >= to) continue;
      const key = `${r.state_type}/${r.state_name}`;
      const est = toFlowRun(r, now);
      const row = byState.get(key) ?? { state_type: r.state_type ?? '', state_name: r.state_name ?? '', count_runs: 0, sum_estimated_run_time: 0, sum_estimated_lateness: 0 };
      row.count_runs += 1;
      row.sum_estimated_run_time += est.estimated_run_time;
      row.sum_estimated_lateness += est.estimated_start_time_delta;
      byState.set(key, row);
    }
    return { interval_start: new Date(from).toISOString(), interval_end: new Date(to).toISOString(), states: [...byState.values()] };
  });
}
