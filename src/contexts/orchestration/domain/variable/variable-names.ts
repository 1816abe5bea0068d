import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError } from '../../../../shared/errors';

/**
 * The workspace's variable-name registry (`variableNames-<workspaceId>`): which variable holds which
 * name. Every append states the stream's revision, so two claims of one name can never both be
 * appended: the registry is where Prefect's "names are unique per workspace" is enforced.
 *
 * A claim has its own id. The variable's stream records which claim backs its current name, so a
 * claim left behind by a request that died half-way (claimed, then never created or renamed) can be
 * told apart from a live one and retired safely (see `variableDecider`'s AbandonVariableNameClaim).
 */

export interface NameClaim {
  readonly variableId: string;
  readonly claimId: string;
}

export type VariableNamesEvent =
  | { readonly type: 'VariableNameClaimed'; readonly data: { readonly name: string; readonly variableId: string; readonly claimId: string; readonly at: string } }
  | { readonly type: 'VariableNameReleased'; readonly data: { readonly name: string; readonly variableId: string; readonly claimId: string; readonly at: string } };

export type VariableNamesCommand =
  | { readonly type: 'ClaimVariableName'; readonly data: { readonly name: string; readonly variableId: string; readonly claimId: string; readonly now: string } }
  | { readonly type: 'ReleaseVariableName'; readonly data: { readonly name: string; readonly claimId: string; readonly now: string } };

export interface VariableNamesState {
  readonly names: Readonly<Record<string, NameClaim>>;
}

/** A claim either succeeds or names the claim that holds the name. */
export type ClaimOutcome = { readonly claimed: NameClaim } | { readonly heldBy: NameClaim };

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** ClaimVariableName, answering who holds the name instead of failing, so the caller can check that holder. */
export function claimVariableName(
  state: VariableNamesState,
  command: Extract<VariableNamesCommand, { type: 'ClaimVariableName' }>,
): { readonly events: readonly VariableNamesEvent[]; readonly output: ClaimOutcome } {
  const { name, variableId, claimId, now } = command.data;
  const held = has(state.names, name) ? state.names[name]! : undefined;
  if (held) return { events: [], output: held.claimId === claimId ? { claimed: held } : { heldBy: held } };
  return { events: [{ type: 'VariableNameClaimed', data: { name, variableId, claimId, at: now } }], output: { claimed: { variableId, claimId } } };
}

export const variableNamesDecider: Decider<VariableNamesState, VariableNamesCommand, VariableNamesEvent> = {
  initialState: () => ({ names: {} }),
  evolve(state, event) {
    switch (event.type) {
      case 'VariableNameClaimed':
        return { names: { ...state.names, [event.data.name]: { variableId: event.data.variableId, claimId: event.data.claimId } } };
      case 'VariableNameReleased': {
        if (state.names[event.data.name]?.claimId !== event.data.claimId) return state;
        const { [event.data.name]: _, ...rest } = state.names;
        return { names: rest };
      }
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'ClaimVariableName': {
        const { events, output } = claimVariableName(state, command);
        if ('heldBy' in output) throw new AlreadyExistsError(`A variable named "${command.data.name}" already exists.`);
        return events;
      }
      case 'ReleaseVariableName': {
        // Only the claim itself releases a name: a newer claim of the same name is left alone.
        const { name, claimId, now } = command.data;
        const held = has(state.names, name) ? state.names[name]! : undefined;
        if (!held || held.claimId !== claimId) return [];
        return [{ type: 'VariableNameReleased', data: { name, variableId: held.variableId, claimId, at: now } }];
      }
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
