import type { StateDraft, StateType } from '../states/state';
import type { SetStateStatus } from './orchestration-result';
import type { PolicyRule, RuleContext } from './rule';

/** What a policy decided about one proposal. */
export interface PolicyResult<P, X> {
  readonly status: SetStateStatus;
  readonly reason: string | null;
  readonly delaySeconds: number;
  /** The state to write, or null when nothing is written (WAIT, ABORT, REJECT without a state). */
  readonly proposed: StateDraft | null;
  /** Run changes to apply before the global transforms, from the rules whose decision stood. */
  readonly before: readonly P[];
  /** Run changes to apply after the state is written. */
  readonly after: readonly P[];
  readonly effects: readonly X[];
  /** The rules that governed the transition, in order (for specs and debugging). */
  readonly governedBy: readonly string[];
}

interface Acted<P, X> {
  readonly universal: boolean;
  /** The proposal type this rule left behind; its changes stand only if the final type matches. */
  readonly leftType: StateType | null;
  readonly before?: P;
  readonly after?: P;
  readonly effects?: readonly X[];
}

/**
 * Runs an ordered policy the way Prefect nests its rules:
 *  - a rule governs only while the proposal still has the type it was intended to have; once a rule
 *    replaced it with another type (or with nothing), later ordinary rules do not fire;
 *  - a rule whose transition a later rule changed "fizzles": its changes and effects are dropped
 *    (Prefect reverts them in `cleanup` or never runs its `after_transition`);
 *  - universal transforms fire for every proposal that is still to be written;
 *  - when nothing is written there are no changes and no effects at all: with event sourcing a run
 *    changes only through the event that records a written state.
 * A REJECT that keeps the proposal's type lets later rules run, as in Prefect.
 */
export function runPolicy<R, C extends RuleContext<R>, P, X>(
  rules: readonly PolicyRule<C, P, X>[],
  ctx: C,
  applyBefore: (run: R, change: P) => R,
): PolicyResult<P, X> {
  let current: C = ctx;
  let proposed: StateDraft | null = ctx.proposed;
  let status: SetStateStatus = 'ACCEPT';
  let reason: string | null = null;
  let delaySeconds = 0;
  const acted: Acted<P, X>[] = [];
  const governedBy: string[] = [];

  for (const rule of rules) {
    if (proposed === null) break;
    if (!rule.universal && proposed.type !== ctx.intended.to) continue;
    const outcome = rule.apply({ ...current, proposed });
    governedBy.push(rule.name);
    switch (outcome.kind) {
      case 'accept':
        proposed = outcome.proposed ?? proposed;
        acted.push({ universal: rule.universal === true, leftType: proposed.type, before: outcome.before, after: outcome.after, effects: outcome.effects });
        break;
      case 'reject':
        proposed = outcome.state;
        status = 'REJECT';
        reason = outcome.reason;
        acted.push({ universal: rule.universal === true, leftType: proposed?.type ?? null, before: outcome.before, after: outcome.after, effects: outcome.effects });
        break;
      case 'wait':
        proposed = null;
        status = 'WAIT';
        reason = outcome.reason;
        delaySeconds = outcome.delaySeconds;
        break;
      case 'abort':
        proposed = null;
        status = 'ABORT';
        reason = outcome.reason;
        break;
      default: {
        const never: never = outcome;
        return never;
      }
    }
    const before = outcome.kind === 'accept' || outcome.kind === 'reject' ? outcome.before : undefined;
    if (before !== undefined) current = { ...current, run: applyBefore(current.run, before) };
  }

  if (proposed === null) return { status, reason, delaySeconds, proposed, before: [], after: [], effects: [], governedBy };
  const finalType = proposed.type;
  const stood = acted.filter((a) => a.universal || a.leftType === finalType);
  return {
    status,
    reason,
    delaySeconds,
    proposed,
    before: stood.flatMap((a) => (a.before === undefined ? [] : [a.before])),
    after: stood.flatMap((a) => (a.after === undefined ? [] : [a.after])),
    effects: stood.flatMap((a) => a.effects ?? []),
    governedBy,
  };
}
