import { NotFoundError } from '../../../../shared/errors';
import { jsonEqual } from '../common/json';
import { draftState, stateSummary, withDetails, type StateDraft } from '../states/state';
import { orchestrationDetails, type OrchestrationOutput } from '../transition/orchestration-result';
import { runPolicy } from '../transition/run-policy';
import type { FlowRun, FlowRunPolicy } from './flow-run';
import type { SetFlowRunState } from './flow-run.commands';
import type { DeploymentConcurrencyEffect, FlowRunEvent } from './flow-run.events';
import { CoreFlowPolicy, MinimalFlowPolicy } from './flow-run.policy';
import type { FlowRuleContext, FlowRunPolicyChange } from './flow-run.rules';
import type { FlowRunState } from './flow-run.state';
import { writeFlowRunState } from './flow-run.transforms';

export type FlowRunOrchestrationOutput = OrchestrationOutput<DeploymentConcurrencyEffect>;

const applyPolicyChange = (policy: FlowRunPolicy, change: FlowRunPolicyChange): FlowRunPolicy => ({ ...policy, ...change });

/**
 * `POST /flow_runs/{id}/set_state`: runs the proposal through CoreFlowPolicy (or MinimalFlowPolicy
 * when forced), then the global transforms, and answers Prefect's OrchestrationResult. Events are
 * produced only when a state is written: ACCEPT, or REJECT with a replacement state.
 */
export function orchestrateFlowRunState(state: FlowRunState, command: SetFlowRunState): { readonly events: FlowRunEvent[]; readonly output: FlowRunOrchestrationOutput } {
  if (state.status !== 'active') throw new NotFoundError('Flow run not found');
  const run = state.run;
  const c = command.data;
  const proposed = draftState(c.proposed, c.now);
  const ctx: FlowRuleContext = {
    run,
    initial: run.state,
    proposed,
    intended: { from: run.state.type, to: proposed.type },
    now: c.now,
    stateId: c.stateId,
    clientVersion: c.clientVersion,
    ...(c.deploymentConcurrency !== undefined ? { deploymentConcurrency: c.deploymentConcurrency } : {}),
  };
  const decided = runPolicy(c.force ? MinimalFlowPolicy : CoreFlowPolicy, ctx, (r: FlowRun, change: FlowRunPolicyChange) => ({
    ...r,
    empirical_policy: applyPolicyChange(r.empirical_policy, change),
  }));

  if (decided.proposed === null) {
    return {
      events: [],
      output: {
        result: { state: run.state, status: decided.status, details: orchestrationDetails(decided.status, decided.reason, decided.delaySeconds) },
        written: false,
        effects: [],
      },
    };
  }

  const toWrite = carryTransitionId(decided.proposed, proposed);
  const policyBefore = decided.before.reduce(applyPolicyChange, run.empirical_policy);
  const written = writeFlowRunState({ ...run, empirical_policy: policyBefore }, run.state, toWrite, c.stateId, c.now);
  const policy = decided.after.reduce(applyPolicyChange, written.empirical_policy);
  const status = decided.status === 'REJECT' ? 'REJECT' : 'ACCEPT';
  const event: FlowRunEvent = {
    type: 'FlowRunStateChanged',
    data: {
      flowRunId: run.id,
      flow_id: run.flow_id,
      deployment_id: run.deployment_id,
      parent_task_run_id: run.parent_task_run_id,
      initial_state: run.state,
      state: written.state,
      ...stateSummary(written.state),
      status,
      reason: decided.reason,
      forced: c.force,
      run_count: written.run_count,
      ...written.times,
      ...(jsonEqual(policy, run.empirical_policy) ? {} : { empirical_policy: policy }),
      ...(decided.effects.length > 0 ? { concurrency: decided.effects } : {}),
    },
  };
  return {
    events: [event],
    output: {
      result: { state: written.state, status, details: orchestrationDetails(status, decided.reason, 0) },
      written: true,
      effects: decided.effects,
    },
  };
}

/**
 * A replacement state (AwaitingRetry, Cancelled, ...) keeps the proposal's transition id, so a client
 * that retries the same request gets the same answer from PreventDuplicateTransitions instead of
 * having its proposal judged against the replacement.
 */
function carryTransitionId(written: StateDraft, proposed: StateDraft): StateDraft {
  const id = proposed.state_details.transition_id;
  if (written === proposed || id === undefined || written.state_details.transition_id !== undefined) return written;
  return { ...written, state_details: withDetails(written.state_details, { transition_id: id }) };
}
