import type { State } from '../states/state';

/** Prefect's `SetStateStatus`. */
export type SetStateStatus = 'ACCEPT' | 'REJECT' | 'WAIT' | 'ABORT';

/** `details` of an OrchestrationResult; the client picks the variant by `type`, so it is always present. */
export type OrchestrationDetails =
  | { readonly type: 'accept_details' }
  | { readonly type: 'reject_details'; readonly reason: string | null }
  | { readonly type: 'wait_details'; readonly delay_seconds: number; readonly reason: string | null }
  | { readonly type: 'abort_details'; readonly reason: string | null };

/** The JSON body of every `set_state` / `resume` response (prefect-api.md §5.3). */
export interface OrchestrationResult {
  /** The written state, or the run's current one when nothing was written. */
  readonly state: State | null;
  readonly status: SetStateStatus;
  readonly details: OrchestrationDetails;
}

/**
 * What an orchestrate function hands back besides events: the response body, and whether a new state
 * row was written (HTTP 201) or not (200). `effects` lists concurrency-slot work the caller (or a
 * reactor reading the same facts from the event) must carry out.
 */
export interface OrchestrationOutput<X = never> {
  readonly result: OrchestrationResult;
  readonly written: boolean;
  readonly effects: readonly X[];
}

export function orchestrationDetails(status: SetStateStatus, reason: string | null, delaySeconds: number): OrchestrationDetails {
  switch (status) {
    case 'ACCEPT':
      return { type: 'accept_details' };
    case 'REJECT':
      return { type: 'reject_details', reason };
    case 'WAIT':
      return { type: 'wait_details', delay_seconds: delaySeconds, reason };
    case 'ABORT':
      return { type: 'abort_details', reason };
    default: {
      const never: never = status;
      return never;
    }
  }
}
