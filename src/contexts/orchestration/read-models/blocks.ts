/** Read-model documents of blocks (collections and Prefect-shaped documents). */
import type { Document } from '../../../shared/ddd';

export const BLOCK_TYPES = 'block_types';
export const BLOCK_SCHEMAS = 'block_schemas';
export const BLOCK_DOCUMENTS = 'block_documents';

/** Prefect's BlockType. */
export interface BlockTypeDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  slug: string;
  logo_url: string | null;
  documentation_url: string | null;
  description: string | null;
  code_example: string | null;
  is_protected: boolean;
}

/**
 * Prefect's BlockSchema without its joined block_type. The JSON schema is kept as text: its keys
 * (`$ref`, `$defs`, dotted names) are not all legal field names in every read store.
 */
export interface BlockSchemaDoc extends Document {
  id: string;
  created: string;
  updated: string;
  checksum: string;
  fields_json: string;
  block_type_id: string;
  capabilities: string[];
  version: string;
}

/**
 * A block document. `data_json` holds the data with every secret value sealed (never plaintext);
 * `references` names the data keys that refer to other block documents, and those documents.
 */
export interface BlockDocumentDoc extends Document {
  id: string;
  created: string;
  updated: string;
  name: string;
  data_json: string;
  references: { name: string; id: string }[];
  block_schema_id: string;
  block_type_id: string;
  block_type_name: string;
  is_anonymous: boolean;
}
