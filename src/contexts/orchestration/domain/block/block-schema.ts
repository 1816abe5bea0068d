import type { Decider } from '../../../../shared/ddd';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../../shared/errors';
import type { JsonObject } from '../common/json';

/**
 * A block schema: the JSON schema of a block type's fields, identified by its checksum and version.
 * Creating the same checksum and version again answers the existing schema (Prefect's behaviour).
 */
export type BlockSchemaEvent =
  | {
      readonly type: 'BlockSchemaCreated';
      readonly data: { readonly blockSchemaId: string; readonly checksum: string; readonly fields: JsonObject; readonly blockTypeId: string; readonly capabilities: readonly string[]; readonly version: string; readonly createdAt: string };
    }
  | { readonly type: 'BlockSchemaDeleted'; readonly data: { readonly blockSchemaId: string; readonly deletedAt: string } };

export type BlockSchemaCommand =
  | {
      readonly type: 'CreateBlockSchema';
      readonly data: { readonly blockSchemaId: string; readonly checksum: string; readonly fields: JsonObject; readonly blockTypeId: string; readonly capabilities: readonly string[]; readonly version: string; readonly now: string };
    }
  /** `blockTypeProtected`: the schema's type is a system type, whose schemas stay. */
  | { readonly type: 'DeleteBlockSchema'; readonly data: { readonly blockTypeProtected: boolean; readonly now: string } };

export type BlockSchemaState =
  | { readonly status: 'absent' }
  | { readonly status: 'active'; readonly blockSchemaId: string; readonly checksum: string; readonly version: string; readonly blockTypeId: string }
  | { readonly status: 'deleted'; readonly blockSchemaId: string };

export const DEFAULT_BLOCK_SCHEMA_VERSION = 'non-versioned';

export const blockSchemaDecider: Decider<BlockSchemaState, BlockSchemaCommand, BlockSchemaEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve(state, event) {
    switch (event.type) {
      case 'BlockSchemaCreated': {
        const d = event.data;
        return { status: 'active', blockSchemaId: d.blockSchemaId, checksum: d.checksum, version: d.version, blockTypeId: d.blockTypeId };
      }
      case 'BlockSchemaDeleted':
        return state.status === 'absent' ? state : { status: 'deleted', blockSchemaId: event.data.blockSchemaId };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateBlockSchema': {
        if (state.status === 'active') return [];
        const c = command.data;
        if (!/^sha256:[0-9a-f]{64}$/.test(c.checksum)) throw new ValidationError('invalid block schema checksum');
        if (typeof c.version !== 'string' || c.version === '') throw new ValidationError('version must be a non-empty string');
        if (c.capabilities.some((x) => typeof x !== 'string')) throw new ValidationError('capabilities must be a list of strings');
        return [{ type: 'BlockSchemaCreated', data: { blockSchemaId: c.blockSchemaId, checksum: c.checksum, fields: c.fields, blockTypeId: c.blockTypeId, capabilities: [...c.capabilities], version: c.version, createdAt: c.now } }];
      }
      case 'DeleteBlockSchema':
        if (state.status !== 'active') throw new NotFoundError('Block schema not found');
        if (command.data.blockTypeProtected) throw new ForbiddenError('Block schemas for protected block types cannot be deleted.');
        return [{ type: 'BlockSchemaDeleted', data: { blockSchemaId: state.blockSchemaId, deletedAt: command.data.now } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
