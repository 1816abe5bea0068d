import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import {
  BLOCK_DOCUMENTS,
  BLOCK_SCHEMAS,
  BLOCK_TYPES,
  type BlockDocumentDoc,
  type BlockDocumentEvent,
  type BlockSchemaDoc,
  type BlockSchemaEvent,
  type BlockTypeDoc,
  type BlockTypeEvent,
} from '../../src/contexts/orchestration';

const scope = (event: RecordedEvent) => {
  const meta = event.metadata as EventMetadata;
  return { _account: meta.accountId, _workspace: meta.workspaceId };
};

export const blockTypesProjection: Projection<BlockTypeDoc> = {
  name: 'block_types',
  version: 1,
  collection: BLOCK_TYPES,
  indexes: [{ name: 'block_types_scope_slug', fields: [{ field: '_workspace' }, { field: 'slug' }] }],
  eventTypes: ['BlockTypeCreated', 'BlockTypeUpdated', 'BlockTypeDeleted'],
  keys: (e) => [(e.data as { blockTypeId: string }).blockTypeId],
  evolve(doc, event) {
    const e = event as unknown as BlockTypeEvent;
    switch (e.type) {
      case 'BlockTypeCreated': {
        const d = e.data;
        return {
          _id: d.blockTypeId,
          ...scope(event),
          id: d.blockTypeId,
          created: d.createdAt,
          updated: d.createdAt,
          name: d.name,
          slug: d.slug,
          logo_url: d.logoUrl,
          documentation_url: d.documentationUrl,
          description: d.description,
          code_example: d.codeExample,
          is_protected: d.isProtected,
        };
      }
      case 'BlockTypeUpdated': {
        const d = e.data;
        return doc && { ...doc, logo_url: d.logoUrl, documentation_url: d.documentationUrl, description: d.description, code_example: d.codeExample, is_protected: d.isProtected, updated: d.updatedAt };
      }
      case 'BlockTypeDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

export const blockSchemasProjection: Projection<BlockSchemaDoc> = {
  name: 'block_schemas',
  version: 1,
  collection: BLOCK_SCHEMAS,
  indexes: [
    { name: 'block_schemas_scope_checksum', fields: [{ field: '_workspace' }, { field: 'checksum' }] },
    { name: 'block_schemas_scope_type', fields: [{ field: '_workspace' }, { field: 'block_type_id' }] },
  ],
  eventTypes: ['BlockSchemaCreated', 'BlockSchemaDeleted'],
  keys: (e) => [(e.data as { blockSchemaId: string }).blockSchemaId],
  evolve(doc, event) {
    const e = event as unknown as BlockSchemaEvent;
    switch (e.type) {
      case 'BlockSchemaCreated': {
        const d = e.data;
        return {
          _id: d.blockSchemaId,
          ...scope(event),
          id: d.blockSchemaId,
          created: d.createdAt,
          updated: d.createdAt,
          checksum: d.checksum,
          fields_json: JSON.stringify(d.fields),
          block_type_id: d.blockTypeId,
          capabilities: [...d.capabilities],
          version: d.version,
        };
      }
      case 'BlockSchemaDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

export const blockDocumentsProjection: Projection<BlockDocumentDoc> = {
  name: 'block_documents',
  version: 1,
  collection: BLOCK_DOCUMENTS,
  indexes: [
    { name: 'block_documents_scope_name', fields: [{ field: '_workspace' }, { field: 'name' }] },
    { name: 'block_documents_scope_type', fields: [{ field: '_workspace' }, { field: 'block_type_id' }] },
  ],
  eventTypes: ['BlockDocumentCreated', 'BlockDocumentUpdated', 'BlockDocumentDeleted'],
  keys: (e) => [(e.data as { blockDocumentId: string }).blockDocumentId],
  evolve(doc, event) {
    const e = event as unknown as BlockDocumentEvent;
    switch (e.type) {
      case 'BlockDocumentCreated': {
        const d = e.data;
        return {
          _id: d.blockDocumentId,
          ...scope(event),
          id: d.blockDocumentId,
          created: d.createdAt,
          updated: d.createdAt,
          name: d.name,
          data_json: JSON.stringify(d.data),
          references: Object.entries(d.references).map(([name, id]) => ({ name, id })),
          block_schema_id: d.blockSchemaId,
          block_type_id: d.blockTypeId,
          block_type_name: d.blockTypeName,
          is_anonymous: d.isAnonymous,
        };
      }
      case 'BlockDocumentUpdated': {
        const d = e.data;
        return doc && { ...doc, block_schema_id: d.blockSchemaId, data_json: JSON.stringify(d.data), references: Object.entries(d.references).map(([name, id]) => ({ name, id })), updated: d.updatedAt };
      }
      case 'BlockDocumentDeleted':
        return undefined;
      default:
        return doc;
    }
  },
};

/** The blocks read models. */
export const blocksProjections: readonly Projection[] = [blockTypesProjection, blockSchemasProjection, blockDocumentsProjection] as unknown as readonly Projection[];
