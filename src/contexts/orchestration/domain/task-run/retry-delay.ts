import type { TaskRunPolicy } from './task-run';

/**
 * The delay before a task's next retry, as Prefect's RetryFailedTasks computes it: the n-th entry of
 * a per-attempt list (the last one once attempts outnumber it), or the single delay; with a jitter
 * factor, a clamped Poisson interval around it. The domain draws no random numbers: `sample` is a
 * uniform draw in [0, 1) supplied on the command (0.5 gives the median).
 */
export function taskRetryDelaySeconds(policy: TaskRunPolicy, runCount: number, sample: number): number {
  const base = baseDelay(policy.retry_delay, runCount);
  const jitter = policy.retry_jitter_factor;
  return jitter !== null && jitter > 0 && base > 0 ? clampedPoissonInterval(base, jitter, sample) : base;
}

function baseDelay(delay: TaskRunPolicy['retry_delay'], runCount: number): number {
  if (delay === null) return 0;
  if (typeof delay === 'number') return delay;
  if (delay.length === 0) return 0;
  // Python indexing: min(run_count - 1, len - 1), where -1 (a run that never ran) is the last entry.
  const i = Math.min(runCount - 1, delay.length - 1);
  return delay[i < 0 ? delay.length + i : i] ?? 0;
}

const exponentialCdf = (x: number, average: number): number => 1 - Math.exp(-x / average);

function lowerClampMultiple(k: number): number {
  if (k >= 50) return 0;
  return Math.log2(Math.max(2 ** k / (2 ** k - 1), 1e-10));
}

/** Prefect's `clamped_poisson_interval` with the uniform draw made explicit. */
export function clampedPoissonInterval(average: number, clampingFactor: number, sample: number): number {
  const upperMultiple = 1 + clampingFactor;
  const upper = exponentialCdf(average * upperMultiple, average);
  const lower = exponentialCdf(Math.max(0, average * lowerClampMultiple(upperMultiple)), average);
  const u = lower + (upper - lower) * Math.min(Math.max(sample, 0), 1);
  return -Math.log(Math.max(1 - u, 1e-10)) * average;
}
