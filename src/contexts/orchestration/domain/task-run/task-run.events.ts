import type { State, StateSummary } from '../states/state';
import type { TaskRunBody } from './task-run';

/**
 * Tag concurrency-slot work a REST transition implies (v1/v2 limits named `tag:<tag>`); recorded on
 * the event for a reactor and returned to the caller. Acquired: keep the slots reserved for this
 * transition (without it, give them back). Released: the run left RUNNING/CANCELLING.
 */
export type TaskConcurrencyEffect =
  | { readonly type: 'TaskTagSlotsAcquired'; readonly tags: readonly string[] }
  | { readonly type: 'TaskTagSlotsReleased'; readonly tags: readonly string[] };

export type TaskRunCreatedData = { readonly taskRunId: string } & TaskRunBody & StateSummary;

/** A state written through REST orchestration (`set_state`, creation aside) or mirrored from a subflow. */
export interface TaskRunStateChangedData extends StateSummary {
  readonly taskRunId: string;
  readonly flow_run_id: string | null;
  readonly initial_state: State;
  readonly state: State;
  readonly status: 'ACCEPT' | 'REJECT';
  readonly reason: string | null;
  readonly forced: boolean;
  readonly run_count: number;
  readonly flow_run_run_count: number;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly total_run_time: number;
  readonly expected_start_time: string | null;
  readonly next_scheduled_start_time: string | null;
  /** Set when the state mirrors a subflow's: the subflow state it copies (makes mirroring idempotent). */
  readonly mirrored_child_state_id?: string;
  readonly concurrency?: readonly TaskConcurrencyEffect[];
}

/**
 * A state reported by the client (3.x engine, `prefect.task-run.*` event). Its state is always added
 * to the run's history; the run itself takes the reported fields and state only when this state is
 * newer than the one it has (`current`), since events arrive late, out of order or twice.
 */
export interface TaskRunStateRecordedData {
  readonly taskRunId: string;
  readonly flow_run_id: string | null;
  readonly state: State;
  /** The state became the run's current state. */
  readonly current: boolean;
  /** This event brought the run into existence. */
  readonly created: boolean;
  /** The whole run after this event when `current`, else null. */
  readonly run: TaskRunBody | null;
}

export type TaskRunEvent =
  | { readonly type: 'TaskRunCreated'; readonly data: TaskRunCreatedData }
  | { readonly type: 'TaskRunStateChanged'; readonly data: TaskRunStateChangedData }
  | { readonly type: 'TaskRunStateRecorded'; readonly data: TaskRunStateRecordedData }
  | { readonly type: 'TaskRunUpdated'; readonly data: { readonly taskRunId: string; readonly changes: { readonly name?: string }; readonly updatedAt: string } }
  | { readonly type: 'TaskRunDeleted'; readonly data: { readonly taskRunId: string; readonly deletedAt: string } };

export type TaskRunEventType = TaskRunEvent['type'];
