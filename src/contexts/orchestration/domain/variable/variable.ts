import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../../../../shared/errors';
import type { JsonValue } from '../common/json';
import { validateVariableChanges, validateVariableName, validateVariableTags, validateVariableValue, type VariableChanges } from './variable-rules';

/**
 * One variable (`variable-<id>`): its name, value and tags. Its name is only ever one it holds a
 * claim on in the workspace's name registry (variable-names.ts): a create or rename first claims
 * the name there, then records here which claim backs the name; a rename or delete releases the old
 * claim afterwards.
 *
 * A request can die between the two appends, leaving a claim that backs no variable. Whoever next
 * wants that name asks the holder's stream to abandon the claim (AbandonVariableNameClaim): refused
 * when the claim backs the variable's current name (the name really is taken: 409), recorded
 * otherwise, after which the claim is released. The abandonment and the holder's own create or
 * rename with that claim are appended to the same stream with its expected revision, so exactly one
 * of them wins: a slow request can never take a name someone else has since been given.
 */

export type VariableEvent =
  | {
      readonly type: 'VariableCreated';
      readonly data: { readonly variableId: string; readonly name: string; readonly claimId: string; readonly value: JsonValue; readonly tags: readonly string[]; readonly createdAt: string };
    }
  | {
      readonly type: 'VariableUpdated';
      /** `rename`: set when the name changed, with the claim that backs the new name and the one to release. */
      readonly data: {
        readonly variableId: string;
        readonly changes: VariableChanges;
        readonly rename: { readonly previousName: string; readonly previousClaimId: string; readonly claimId: string } | null;
        readonly updatedAt: string;
      };
    }
  | { readonly type: 'VariableDeleted'; readonly data: { readonly variableId: string; readonly name: string; readonly claimId: string; readonly deletedAt: string } }
  | { readonly type: 'VariableNameClaimAbandoned'; readonly data: { readonly variableId: string; readonly claimId: string; readonly at: string } };

export type VariableCommand =
  | {
      readonly type: 'CreateVariable';
      readonly data: { readonly variableId: string; readonly name: unknown; readonly claimId: string; readonly value: unknown; readonly tags: unknown; readonly now: string };
    }
  | {
      readonly type: 'UpdateVariable';
      /**
       * `expectedName`: the name the caller addressed the variable by (by-name routes), else null.
       * `newClaim`: the registry claim on `changes.name` when it renames the variable.
       */
      readonly data: {
        readonly variableId: string;
        readonly changes: { readonly name?: unknown; readonly value?: unknown; readonly tags?: unknown };
        readonly expectedName: string | null;
        readonly newClaim: { readonly name: string; readonly claimId: string } | null;
        readonly now: string;
      };
    }
  | { readonly type: 'DeleteVariable'; readonly data: { readonly variableId: string; readonly expectedName: string | null; readonly now: string } }
  | { readonly type: 'AbandonVariableNameClaim'; readonly data: { readonly variableId: string; readonly claimId: string; readonly now: string } };

export type VariableState =
  | { readonly status: 'absent'; readonly abandoned: readonly string[] }
  | {
      readonly status: 'active';
      readonly name: string;
      readonly claimId: string;
      readonly value: JsonValue;
      readonly tags: readonly string[];
      readonly abandoned: readonly string[];
    }
  | { readonly status: 'deleted'; readonly name: string; readonly claimId: string };

function active(state: VariableState, expectedName: string | null) {
  if (state.status !== 'active' || (expectedName !== null && state.name !== expectedName)) throw new NotFoundError('Variable not found.');
  return state;
}

const taken = (name: string) => new AlreadyExistsError(`A variable named "${name}" already exists.`);

/** Values must round-trip exactly, so key order counts here. */
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const variableDecider: Decider<VariableState, VariableCommand, VariableEvent> = {
  initialState: () => ({ status: 'absent', abandoned: [] }),
  evolve(state, event) {
    switch (event.type) {
      case 'VariableCreated': {
        const { name, claimId, value, tags } = event.data;
        return { status: 'active', name, claimId, value, tags, abandoned: state.status === 'deleted' ? [] : state.abandoned };
      }
      case 'VariableUpdated': {
        if (state.status !== 'active') return state;
        const c = event.data.changes;
        return {
          ...state,
          ...(c.name !== undefined ? { name: c.name } : {}),
          ...('value' in c && c.value !== undefined ? { value: c.value } : {}),
          ...(c.tags !== undefined ? { tags: c.tags } : {}),
          ...(event.data.rename ? { claimId: event.data.rename.claimId } : {}),
        };
      }
      case 'VariableDeleted':
        return state.status === 'active' ? { status: 'deleted', name: state.name, claimId: state.claimId } : state;
      case 'VariableNameClaimAbandoned':
        return state.status === 'deleted' ? state : { ...state, abandoned: [...state.abandoned, event.data.claimId] };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateVariable': {
        const c = command.data;
        const name = validateVariableName(c.name);
        const value = validateVariableValue(c.value);
        const tags = validateVariableTags(c.tags);
        // The same create retried after it was appended decides nothing.
        if (state.status === 'active' && state.claimId === c.claimId) return [];
        // Someone took the name while this create was between its claim and here.
        if (state.status !== 'absent' || state.abandoned.includes(c.claimId)) throw taken(name);
        return [{ type: 'VariableCreated', data: { variableId: c.variableId, name, claimId: c.claimId, value, tags, createdAt: c.now } }];
      }
      case 'UpdateVariable': {
        const { variableId, expectedName, newClaim, now } = command.data;
        // Validate the body before looking the variable up, as Prefect does (422 before 404).
        const changes = validateVariableChanges(command.data.changes);
        const current = active(state, expectedName);
        const renaming = changes.name !== undefined && changes.name !== current.name;
        if (renaming) {
          if (!newClaim || newClaim.name !== changes.name) throw new ConflictError('The variable changed while it was being renamed; try again.');
          if (current.abandoned.includes(newClaim.claimId)) throw taken(changes.name!);
        }
        const effective: { name?: string; value?: JsonValue; tags?: readonly string[] } = {};
        if (renaming) effective.name = changes.name!;
        if ('value' in changes && !sameJson(changes.value, current.value)) effective.value = changes.value!;
        if (changes.tags !== undefined && !sameJson(changes.tags, current.tags)) effective.tags = changes.tags;
        if (Object.keys(effective).length === 0) return [];
        const rename = renaming ? { previousName: current.name, previousClaimId: current.claimId, claimId: newClaim!.claimId } : null;
        return [{ type: 'VariableUpdated', data: { variableId, changes: effective, rename, updatedAt: now } }];
      }
      case 'DeleteVariable': {
        const { variableId, expectedName, now } = command.data;
        const current = active(state, expectedName);
        return [{ type: 'VariableDeleted', data: { variableId, name: current.name, claimId: current.claimId, deletedAt: now } }];
      }
      case 'AbandonVariableNameClaim': {
        const { variableId, claimId, now } = command.data;
        // A deleted variable will never use a claim again: nothing to record, the claim may go.
        if (state.status === 'deleted' || state.abandoned.includes(claimId)) return [];
        if (state.status === 'active' && state.claimId === claimId) throw taken(state.name);
        return [{ type: 'VariableNameClaimAbandoned', data: { variableId, claimId, at: now } }];
      }
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
