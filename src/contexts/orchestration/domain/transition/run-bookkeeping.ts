import { secondsBetween } from '../common/time';
import { isTerminal, type State } from '../states/state';

/** The timing fields Prefect keeps on every run (flow and task) and derives from its states. */
export interface RunTimes {
  readonly start_time: string | null;
  readonly end_time: string | null;
  /** Seconds spent RUNNING, summed over every stay. */
  readonly total_run_time: number;
  readonly expected_start_time: string | null;
  readonly next_scheduled_start_time: string | null;
}

export const NO_RUN_TIMES: RunTimes = { start_time: null, end_time: null, total_run_time: 0, expected_start_time: null, next_scheduled_start_time: null };

/**
 * Prefect's common global transforms (global_policy.py: SetStartTime, SetEndTime, IncrementRunTime,
 * SetExpectedStartTime, SetNextScheduledStartTime), for a state being written after `initial`.
 * Run state type/name/timestamp need no bookkeeping here: they are read off the state itself.
 */
export function advanceRunTimes(times: RunTimes, initial: State | null, written: State): RunTimes {
  const ts = written.timestamp;
  let { start_time, end_time, total_run_time, expected_start_time, next_scheduled_start_time } = times;

  // first time RUNNING
  if (written.type === 'RUNNING' && start_time === null) start_time = ts;

  // leaving a final state reopens the run; entering one closes it (and starts it, if it never ran)
  if (initial !== null && isTerminal(initial.type) && !isTerminal(written.type)) end_time = null;
  if (isTerminal(written.type) && end_time === null) {
    if (start_time === null) start_time = ts;
    end_time = ts;
  }

  // time spent in the RUNNING state just left; rounded to the millisecond our timestamps carry
  if (initial !== null && initial.type === 'RUNNING') {
    total_run_time = Math.round((total_run_time + secondsBetween(initial.timestamp, ts)) * 1000) / 1000;
  }

  if (expected_start_time === null) {
    expected_start_time = written.type === 'SCHEDULED' ? (written.state_details.scheduled_time ?? ts) : ts;
  }

  if (initial !== null && initial.type === 'SCHEDULED') next_scheduled_start_time = null;
  if (written.type === 'SCHEDULED') next_scheduled_start_time = written.state_details.scheduled_time ?? null;

  return { start_time, end_time, total_run_time, expected_start_time, next_scheduled_start_time };
}

export function runTimesOf(run: RunTimes): RunTimes {
  return {
    start_time: run.start_time,
    end_time: run.end_time,
    total_run_time: run.total_run_time,
    expected_start_time: run.expected_start_time,
    next_scheduled_start_time: run.next_scheduled_start_time,
  };
}
