import type { JsonValue } from '../common/json';
import { addSeconds, isBefore } from '../common/time';

/**
 * Prefect's run state model (prefect-api.md §5.1, §5.2). Field names are snake_case exactly as the
 * Prefect JSON has them, so a State can be stored in events and returned by the API unchanged.
 */

export const STATE_TYPES = ['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING'] as const;
export type StateType = (typeof STATE_TYPES)[number];

export const TERMINAL_STATE_TYPES: ReadonlySet<StateType> = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']);

/**
 * Every key is optional and, when present, never null: absent means Prefect's default (null, or
 * false for the boolean flags). `toStateDetailsJson` renders the full Prefect object.
 */
export interface StateDetails {
  readonly flow_run_id?: string;
  readonly task_run_id?: string;
  /** On a subflow's tracking task run: the subflow run's id. */
  readonly child_flow_run_id?: string;
  readonly scheduled_time?: string;
  readonly cache_key?: string;
  readonly cache_expiration?: string;
  readonly deferred?: boolean;
  readonly untrackable_result?: boolean;
  readonly pause_timeout?: string;
  readonly pause_reschedule?: boolean;
  readonly pause_key?: string;
  readonly run_input_keyset?: Readonly<Record<string, string>>;
  readonly refresh_cache?: boolean;
  readonly retriable?: boolean;
  /** A fresh uuid per client proposal; a repeated one is a retried request (PreventDuplicateTransitions). */
  readonly transition_id?: string;
  readonly task_parameters_id?: string;
  readonly traceparent?: string;
  readonly deployment_concurrency_lease_id?: string;
}

export const STATE_DETAILS_KEYS = [
  'flow_run_id',
  'task_run_id',
  'child_flow_run_id',
  'scheduled_time',
  'cache_key',
  'cache_expiration',
  'deferred',
  'untrackable_result',
  'pause_timeout',
  'pause_reschedule',
  'pause_key',
  'run_input_keyset',
  'refresh_cache',
  'retriable',
  'transition_id',
  'task_parameters_id',
  'traceparent',
  'deployment_concurrency_lease_id',
] as const satisfies readonly (keyof StateDetails)[];

/** A recorded state: the Prefect `State` JSON. `timestamp` is an ISO string. */
export interface State {
  readonly id: string;
  readonly type: StateType;
  readonly name: string;
  readonly timestamp: string;
  readonly message: string | null;
  /** Opaque result-record metadata (or null); stored verbatim. */
  readonly data: JsonValue;
  readonly state_details: StateDetails;
}

/** A run's state type, name and timestamp, denormalised on events for read models that filter and sort on them. */
export interface StateSummary {
  readonly state_type: StateType;
  readonly state_name: string;
  readonly state_timestamp: string;
}

export function stateSummary(state: State): StateSummary {
  return { state_type: state.type, state_name: state.name, state_timestamp: state.timestamp };
}

/** A proposed state (Prefect `StateCreate`): no id or timestamp, the server assigns both. */
export interface StateCreate {
  readonly type: StateType;
  readonly name?: string | null;
  readonly message?: string | null;
  readonly data?: JsonValue;
  readonly state_details?: StateDetails;
}

/**
 * A proposal as orchestration rules see and rewrite it: defaults applied (name, Scheduled time), but
 * not yet given an id and timestamp, which happens only if it is written.
 */
export interface StateDraft {
  readonly type: StateType;
  readonly name: string;
  readonly message: string | null;
  readonly data: JsonValue;
  readonly state_details: StateDetails;
}

export function isStateType(value: unknown): value is StateType {
  return typeof value === 'string' && (STATE_TYPES as readonly string[]).includes(value);
}

/** COMPLETED, FAILED, CANCELLED, CRASHED (Prefect calls these both "terminal" and "final"). */
export function isTerminal(type: StateType): boolean {
  return TERMINAL_STATE_TYPES.has(type);
}

/** Prefect's default name: the capitalised type (`RUNNING` → `Running`). */
export function defaultStateName(type: StateType): string {
  return type
    .split('_')
    .map((w) => w.charAt(0) + w.slice(1).toLowerCase())
    .join(' ');
}

/**
 * Applies the defaults Prefect applies when it builds a State from a StateCreate: the name from the
 * type, and a SCHEDULED state without `scheduled_time` is scheduled for `now`.
 */
export function draftState(proposal: StateCreate, now: string): StateDraft {
  const details = proposal.state_details ?? {};
  return {
    type: proposal.type,
    name: proposal.name ?? defaultStateName(proposal.type),
    message: proposal.message ?? null,
    data: proposal.data ?? null,
    state_details: proposal.type === 'SCHEDULED' && details.scheduled_time === undefined ? { ...details, scheduled_time: now } : details,
  };
}

/** A proposal made into a recorded state with the given id and timestamp. */
export function acceptState(proposal: StateCreate | StateDraft, id: string, timestamp: string): State {
  const draft = draftState(proposal, timestamp);
  return { id, type: draft.type, name: draft.name, timestamp, message: draft.message, data: draft.data, state_details: draft.state_details };
}

/** The draft a recorded state was made from (to copy a state under a new id, as Prefect's fresh_copy). */
export function stateAsDraft(state: State): StateDraft {
  return { type: state.type, name: state.name, message: state.message, data: state.data, state_details: state.state_details };
}

/**
 * Whether state data looks like persisted result metadata: a non-empty object whose `type` is not
 * `unpersisted`. Prefect refuses to let a run with such a result leave COMPLETED.
 */
export function hasPersistedResult(data: JsonValue): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  return Object.keys(data).length > 0 && (data as { readonly type?: JsonValue }).type !== 'unpersisted';
}

/** Sets (or, with undefined, removes) state-details keys without leaving `undefined` values behind. */
export function withDetails(details: StateDetails, changes: { readonly [K in keyof StateDetails]?: StateDetails[K] | undefined }): StateDetails {
  const out: Record<string, unknown> = { ...details };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out as StateDetails;
}

/** The full Prefect `state_details` object: every key, null or false where absent. */
export function toStateDetailsJson(details: StateDetails): Record<(typeof STATE_DETAILS_KEYS)[number], unknown> {
  const booleans = new Set(['deferred', 'untrackable_result', 'pause_reschedule']);
  const out = {} as Record<(typeof STATE_DETAILS_KEYS)[number], unknown>;
  for (const k of STATE_DETAILS_KEYS) out[k] = details[k] ?? (booleans.has(k) ? false : null);
  return out;
}

/** True when `a` is strictly later than `b`. */
export function isLaterThan(a: string, b: string): boolean {
  return isBefore(b, a);
}

// Named states the server itself creates (Prefect's `states.Scheduled(...)` and friends).

export function scheduledDraft(scheduledTime: string, name = 'Scheduled', message: string | null = null, data: JsonValue = null): StateDraft {
  return { type: 'SCHEDULED', name, message, data, state_details: { scheduled_time: scheduledTime } };
}

/** The state a failed run retries from: SCHEDULED `AwaitingRetry`, `delaySeconds` from now. */
export function awaitingRetryDraft(now: string, delaySeconds: number, message: string | null, data: JsonValue): StateDraft {
  return scheduledDraft(addSeconds(now, delaySeconds), 'AwaitingRetry', message, data);
}

export function cancelledDraft(message: string | null = null): StateDraft {
  return { type: 'CANCELLED', name: 'Cancelled', message, data: null, state_details: {} };
}

export function failedDraft(message: string | null): StateDraft {
  return { type: 'FAILED', name: 'Failed', message, data: null, state_details: {} };
}

/** A PAUSED state as the server builds it (e.g. task `NotReady` while its flow is paused). */
export function pausedDraft(name: string, pauseTimeout: string | null, reschedule: boolean): StateDraft {
  return { type: 'PAUSED', name, message: null, data: null, state_details: { ...(pauseTimeout !== null ? { pause_timeout: pauseTimeout } : {}), pause_reschedule: reschedule } };
}
