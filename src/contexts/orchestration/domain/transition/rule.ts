import type { State, StateDraft, StateType } from '../states/state';

/**
 * The vocabulary of orchestration rules (STYLE rule 4; Prefect `orchestration/rules.py`).
 *
 * A rule is a pure function of a context to an outcome. Unlike Prefect's rules, which mutate a shared
 * context inside nested context managers, ours return what they want done: the proposal rewritten,
 * changes to the run (`before`: visible to later rules and to the global transforms; `after`:
 * applied once the state is written, as Prefect's `after_transition` hooks), and side effects.
 */

/** The transition as proposed, before any rule rewrote it. `from` is null for a run's first state. */
export interface Transition {
  readonly from: StateType | null;
  readonly to: StateType;
}

export interface RuleContext<R> {
  /** The run, with the `before` changes of earlier rules applied. */
  readonly run: R;
  /** The run's current state; null only while a run receives its first state. */
  readonly initial: State | null;
  /** The proposal as earlier rules left it. */
  readonly proposed: StateDraft;
  readonly intended: Transition;
  readonly now: string;
}

export interface RuleChanges<P, X> {
  readonly before?: P;
  readonly after?: P;
  readonly effects?: readonly X[];
}

export type RuleOutcome<P = never, X = never> =
  /** No objection; possibly a rewritten proposal. */
  | ({ readonly kind: 'accept'; readonly proposed?: StateDraft } & RuleChanges<P, X>)
  /** Write `state` instead (status REJECT), or with null write nothing and answer with the current state. */
  | ({ readonly kind: 'reject'; readonly state: StateDraft | null; readonly reason: string } & RuleChanges<P, X>)
  /** Write nothing; the client retries after `delaySeconds`. */
  | { readonly kind: 'wait'; readonly delaySeconds: number; readonly reason: string }
  /** Write nothing; the client gives up on this run. */
  | { readonly kind: 'abort'; readonly reason: string };

export interface PolicyRule<C, P, X> {
  /** Prefect's class name, so a policy reads like Prefect's `priority()` list. */
  readonly name: string;
  /**
   * Universal transforms (Prefect `BaseUniversalTransform`) fire on every transition that still
   * writes a state, even after another rule rewrote it; ordinary rules stop governing once the
   * proposal no longer has the type they were asked about.
   */
  readonly universal?: boolean;
  readonly apply: (ctx: C) => RuleOutcome<P, X>;
}

export type StateTypeSet = ReadonlySet<StateType | null> | 'any';

/** Whether a rule declared for `from` → `to` governs the intended transition. */
export function governs(intended: Transition, from: StateTypeSet, to: StateTypeSet): boolean {
  return (from === 'any' || from.has(intended.from)) && (to === 'any' || to.has(intended.to));
}

export const ACCEPT: RuleOutcome<never, never> = { kind: 'accept' };

export function accept<P = never, X = never>(changes: { readonly proposed?: StateDraft } & RuleChanges<P, X> = {}): RuleOutcome<P, X> {
  return { kind: 'accept', ...changes };
}

export function reject<P = never, X = never>(state: StateDraft | null, reason: string, changes: RuleChanges<P, X> = {}): RuleOutcome<P, X> {
  return { kind: 'reject', state, reason, ...changes };
}

export function wait(delaySeconds: number, reason: string): RuleOutcome<never, never> {
  return { kind: 'wait', delaySeconds, reason };
}

export function abort(reason: string): RuleOutcome<never, never> {
  return { kind: 'abort', reason };
}

export const types = (...t: StateType[]): ReadonlySet<StateType | null> => new Set(t);
