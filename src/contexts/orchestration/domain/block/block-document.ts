import type { Decider } from '../../../../shared/ddd';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { jsonEqual, type JsonObject } from '../common/json';
import { restoreObfuscated, separateReferences } from './block-data';

/**
 * A block document: a block type's configured values. `data` never holds a secret in the clear: the
 * application seals every value named by the schema's secret fields before the command is decided,
 * so commands, events and read models carry ciphertext only. References to other documents
 * (`{"$ref": {"block_document_id": ...}}` at a top-level key) are kept apart, as Prefect stores them.
 */
export type BlockDocumentEvent =
  | {
      readonly type: 'BlockDocumentCreated';
      readonly data: {
        readonly blockDocumentId: string;
        readonly name: string;
        readonly blockSchemaId: string;
        readonly blockTypeId: string;
        readonly blockTypeName: string;
        readonly isAnonymous: boolean;
        readonly data: JsonObject;
        readonly references: Readonly<Record<string, string>>;
        readonly createdAt: string;
      };
    }
  | {
      readonly type: 'BlockDocumentUpdated';
      readonly data: { readonly blockDocumentId: string; readonly blockSchemaId: string; readonly data: JsonObject; readonly references: Readonly<Record<string, string>>; readonly updatedAt: string };
    }
  | { readonly type: 'BlockDocumentDeleted'; readonly data: { readonly blockDocumentId: string; readonly deletedAt: string } };

export type BlockDocumentCommand =
  | {
      readonly type: 'CreateBlockDocument';
      readonly data: {
        readonly blockDocumentId: string;
        readonly name: string;
        readonly blockSchemaId: string;
        readonly blockTypeId: string;
        /** The block type the schema belongs to: a document's schema must be of its type. */
        readonly schemaBlockTypeId: string;
        readonly blockTypeName: string;
        readonly isAnonymous: boolean;
        readonly data: JsonObject;
        readonly now: string;
      };
    }
  | {
      readonly type: 'UpdateBlockDocument';
      readonly data: {
        /** The proposed schema and the type it belongs to (the current ones when not changing). */
        readonly blockSchemaId: string;
        readonly schemaBlockTypeId: string;
        /** Sealed new data, or undefined to keep the data; `********` in a secret field keeps its value. */
        readonly data: JsonObject | undefined;
        readonly mergeExistingData: boolean;
        /** The secret fields of the document's current schema. */
        readonly secretFields: readonly string[];
        readonly now: string;
      };
    }
  | { readonly type: 'DeleteBlockDocument'; readonly data: { readonly now: string } };

export type BlockDocumentState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'active';
      readonly blockDocumentId: string;
      readonly blockTypeId: string;
      readonly blockSchemaId: string;
      readonly data: JsonObject;
      readonly references: Readonly<Record<string, string>>;
    }
  | { readonly status: 'deleted'; readonly blockDocumentId: string };

/** Prefect's BlockDocumentName: lowercase letters, digits and dashes. */
export const BLOCK_DOCUMENT_NAME = /^[a-z0-9-]+$/;

export const blockDocumentDecider: Decider<BlockDocumentState, BlockDocumentCommand, BlockDocumentEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve(state, event) {
    switch (event.type) {
      case 'BlockDocumentCreated': {
        const d = event.data;
        return { status: 'active', blockDocumentId: d.blockDocumentId, blockTypeId: d.blockTypeId, blockSchemaId: d.blockSchemaId, data: d.data, references: d.references };
      }
      case 'BlockDocumentUpdated':
        return state.status === 'active' ? { ...state, blockSchemaId: event.data.blockSchemaId, data: event.data.data, references: event.data.references } : state;
      case 'BlockDocumentDeleted':
        return state.status === 'absent' ? state : { status: 'deleted', blockDocumentId: event.data.blockDocumentId };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'CreateBlockDocument': {
        const c = command.data;
        if (!c.isAnonymous && !BLOCK_DOCUMENT_NAME.test(c.name)) throw new ValidationError('Block document name must only contain lowercase letters, numbers, and dashes');
        if (c.schemaBlockTypeId !== c.blockTypeId) throw new ValidationError('The block schema does not belong to the block type');
        if (state.status === 'active') throw new ConflictError('Block already exists');
        const { data, references } = separateReferences(c.data);
        if (Object.values(references).includes(c.blockDocumentId)) throw new ValidationError('A block document cannot reference itself');
        return [
          {
            type: 'BlockDocumentCreated',
            data: { blockDocumentId: c.blockDocumentId, name: c.name, blockSchemaId: c.blockSchemaId, blockTypeId: c.blockTypeId, blockTypeName: c.blockTypeName, isAnonymous: c.isAnonymous, data, references, createdAt: c.now },
          },
        ];
      }
      case 'UpdateBlockDocument': {
        if (state.status !== 'active') throw new NotFoundError('Block document not found');
        const c = command.data;
        if (c.schemaBlockTypeId !== state.blockTypeId) throw new ValidationError('Must migrate block document to a block schema of the same block type.');
        let data = state.data;
        let references = state.references;
        if (c.data !== undefined) {
          // References live beside the data; merging happens over both, as Prefect merges the whole dict.
          const current: JsonObject = { ...state.data, ...Object.fromEntries(Object.entries(state.references).map(([k, id]) => [k, { $ref: { block_document_id: id } }])) };
          const update = restoreObfuscated(c.data, current, c.secretFields);
          const merged = c.mergeExistingData ? { ...current, ...update } : update;
          ({ data, references } = separateReferences(merged));
          if (Object.values(references).includes(state.blockDocumentId)) throw new ValidationError('A block document cannot reference itself');
        }
        if (c.blockSchemaId === state.blockSchemaId && jsonEqual(data, state.data) && jsonEqual(references, state.references)) return [];
        return [{ type: 'BlockDocumentUpdated', data: { blockDocumentId: state.blockDocumentId, blockSchemaId: c.blockSchemaId, data, references, updatedAt: c.now } }];
      }
      case 'DeleteBlockDocument':
        if (state.status !== 'active') throw new NotFoundError('Block document not found');
        return [{ type: 'BlockDocumentDeleted', data: { blockDocumentId: state.blockDocumentId, deletedAt: command.data.now } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
