import type { Decider } from '../../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../../shared/errors';

/** Prefect forbids these characters in flow names (and other object names). */
export const FORBIDDEN_NAME_CHARACTERS = /[/%&><]/;

export type Labels = Readonly<Record<string, string | number | boolean>>;

export type FlowEvent =
  | { readonly type: 'FlowCreated'; readonly data: { readonly flowId: string; readonly name: string; readonly tags: readonly string[]; readonly labels: Labels; readonly createdAt: string } }
  | { readonly type: 'FlowUpdated'; readonly data: { readonly flowId: string; readonly tags: readonly string[]; readonly updatedAt: string } }
  | { readonly type: 'FlowDeleted'; readonly data: { readonly flowId: string; readonly deletedAt: string } };

export type FlowCommand =
  | { readonly type: 'CreateFlow'; readonly data: { readonly flowId: string; readonly name: string; readonly tags: readonly string[]; readonly labels: Labels; readonly now: string } }
  | { readonly type: 'UpdateFlow'; readonly data: { readonly tags: readonly string[]; readonly now: string } }
  | { readonly type: 'DeleteFlow'; readonly data: { readonly now: string } };

export type FlowState =
  | { readonly status: 'absent' }
  | { readonly status: 'active'; readonly flowId: string; readonly name: string; readonly tags: readonly string[] }
  | { readonly status: 'deleted'; readonly flowId: string };

export function validateObjectName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw new ValidationError(`${kind} name must be a non-empty string`);
  if (FORBIDDEN_NAME_CHARACTERS.test(name)) throw new ValidationError(`${kind} name must not contain / % & > <`);
  return name;
}

export const flowDecider: Decider<FlowState, FlowCommand, FlowEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve(state, event) {
    switch (event.type) {
      case 'FlowCreated':
        return { status: 'active', flowId: event.data.flowId, name: event.data.name, tags: event.data.tags };
      case 'FlowUpdated':
        return state.status === 'active' ? { ...state, tags: event.data.tags } : state;
      case 'FlowDeleted':
        return state.status === 'absent' ? state : { status: 'deleted', flowId: event.data.flowId };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateFlow': {
        // Prefect's create is an upsert by name: an existing flow is returned unchanged.
        if (state.status === 'active') return [];
        const c = command.data;
        return [{ type: 'FlowCreated', data: { flowId: c.flowId, name: validateObjectName('Flow', c.name), tags: c.tags, labels: c.labels, createdAt: c.now } }];
      }
      case 'UpdateFlow':
        if (state.status !== 'active') throw new NotFoundError('Flow not found');
        return [{ type: 'FlowUpdated', data: { flowId: state.flowId, tags: command.data.tags, updatedAt: command.data.now } }];
      case 'DeleteFlow':
        if (state.status !== 'active') throw new NotFoundError('Flow not found');
        return [{ type: 'FlowDeleted', data: { flowId: state.flowId, deletedAt: command.data.now } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
