import { toMillis } from '../common/time';
import { withDetails } from '../states/state';
import { abort, accept, ACCEPT, governs, types, wait, type RuleContext, type RuleOutcome } from './rule';

/**
 * Rules Prefect applies to both flow and task runs (core_policy.py: CopyScheduledTime,
 * WaitForScheduledTime, PreventPendingTransitions, RenameReruns).
 */

/** SCHEDULED → PENDING: the pending state keeps the scheduled time unless it proposes its own. */
export function copyScheduledTime(ctx: RuleContext<unknown>): RuleOutcome {
  if (!governs(ctx.intended, types('SCHEDULED'), types('PENDING')) || ctx.initial === null) return ACCEPT;
  if (ctx.proposed.state_details.scheduled_time !== undefined) return ACCEPT;
  const scheduled = ctx.initial.state_details.scheduled_time;
  return accept({ proposed: { ...ctx.proposed, state_details: withDetails(ctx.proposed.state_details, { scheduled_time: scheduled }) } });
}

/**
 * Whole seconds until `scheduledTime`, rounded as Prefect does: floor of the delay plus one when the
 * fractional part is more than half a second.
 */
export function secondsUntil(now: string, scheduledTime: string): number {
  const ms = toMillis(scheduledTime) - toMillis(now);
  const whole = Math.floor(ms / 1000);
  return whole + (ms - whole * 1000 > 500 ? 1 : 0);
}

/** SCHEDULED/PENDING → RUNNING: too early is WAIT until the current state's scheduled time. */
export function waitForScheduledTime(ctx: RuleContext<unknown>): RuleOutcome {
  if (!governs(ctx.intended, types('SCHEDULED', 'PENDING'), types('RUNNING')) || ctx.initial === null) return ACCEPT;
  const scheduled = ctx.initial.state_details.scheduled_time;
  if (scheduled === undefined) return ACCEPT;
  const delay = secondsUntil(ctx.now, scheduled);
  return delay > 0 ? wait(delay, 'Scheduled time is in the future') : ACCEPT;
}

/**
 * PENDING/RUNNING/CANCELLING/CANCELLED → PENDING is refused, so that two workers submitting the same
 * run cannot both proceed. Moving between named PENDING sub-states (Pending → Submitting →
 * InfrastructurePending) is allowed, and keeps what earlier rules put on the pending state.
 */
export function preventPendingTransitions(ctx: RuleContext<unknown>): RuleOutcome {
  if (!governs(ctx.intended, types('PENDING', 'CANCELLING', 'RUNNING', 'CANCELLED'), types('PENDING')) || ctx.initial === null) return ACCEPT;
  const { initial, proposed } = ctx;
  if (initial.type === 'PENDING' && proposed.type === 'PENDING' && initial.name !== proposed.name && proposed.name !== 'Pending') {
    return accept({
      proposed: {
        ...proposed,
        state_details: withDetails(proposed.state_details, {
          scheduled_time: initial.state_details.scheduled_time,
          deployment_concurrency_lease_id: initial.state_details.deployment_concurrency_lease_id,
        }),
      },
    });
  }
  return abort(`This run is in a ${initial.type} state and cannot transition to a PENDING state.`);
}

/** → RUNNING on a run that ran before: named `Retrying` after AwaitingRetry, else `Rerunning`. */
export function renameReruns(ctx: RuleContext<{ readonly run_count: number }>): RuleOutcome {
  if (ctx.initial === null || ctx.intended.to !== 'RUNNING' || ctx.run.run_count <= 0) return ACCEPT;
  return accept({ proposed: { ...ctx.proposed, name: ctx.initial.name === 'AwaitingRetry' ? 'Retrying' : 'Rerunning' } });
}
