import { Injectable } from '@nestjs/common';
import type { Filter, FindOptions } from '../../../../infrastructure/read-store/read-store.port';
import { isSealed, SecretsService } from '../../../../infrastructure/secrets';
import type { Principal } from '../../../../shared/application';
import { CommandRunner } from '../../../../shared/application';
import { ForbiddenError, NotFoundError } from '../../../../shared/errors';
import type { WorkspaceScope } from '../../../../infrastructure/http/workspace-scope';
import { OrchestrationReads } from '../orchestration-reads';
import type { JsonObject, JsonValue } from '../../domain/common/json';
import { mapSecrets, mapStrings, OBFUSCATED } from '../../domain/block/block-data';
import { BLOCK_DOCUMENTS, BLOCK_SCHEMAS, BLOCK_TYPES, type BlockDocumentDoc, type BlockSchemaDoc, type BlockTypeDoc } from '../../read-models';

export const SEE_SECRET_BLOCKS = 'see_secret_blocks';

type PublicBlockType = Omit<BlockTypeDoc, '_id' | '_pos' | '_account' | '_workspace'>;

export interface PublicBlockSchema {
  id: string;
  created: string;
  updated: string;
  checksum: string;
  fields: JsonObject;
  block_type_id: string;
  block_type: PublicBlockType | null;
  capabilities: string[];
  version: string;
}

interface Reference {
  block_document: { id: string; name: string; block_type: PublicBlockType | null; is_anonymous: boolean; block_document_references: Record<string, Reference> };
}

export function toBlockType(doc: BlockTypeDoc): PublicBlockType {
  const { _id, _pos, _account, _workspace, ...rest } = doc;
  return rest;
}

/**
 * Block reads in Prefect's shapes: schemas with their type, documents with their schema, type and
 * nested referenced documents. Secret values read as `********` unless the caller asked for them
 * and holds `see_secret_blocks`.
 */
@Injectable()
export class BlockQueries {
  constructor(
    private readonly reads: OrchestrationReads,
    private readonly runner: CommandRunner,
    private readonly secrets: SecretsService,
  ) {}

  /** Whether to show secrets: asked for, and allowed (otherwise masked, not refused, as Prefect Cloud does). */
  async revealSecrets(principal: Principal, scope: WorkspaceScope, includeSecrets: boolean): Promise<boolean> {
    if (!includeSecrets) return false;
    try {
      await this.runner.authorize(principal, SEE_SECRET_BLOCKS, scope);
      return true;
    } catch (err) {
      if (err instanceof ForbiddenError) return false;
      throw err;
    }
  }

  // ---------------------------------------------------------------- types

  async types(scope: WorkspaceScope, filter: Filter | undefined, options: FindOptions): Promise<PublicBlockType[]> {
    return (await this.reads.scoped(scope).find<BlockTypeDoc>(BLOCK_TYPES, filter, options)).map(toBlockType);
  }

  async typeBySlug(scope: WorkspaceScope, slug: string): Promise<BlockTypeDoc> {
    const [doc] = await this.reads.scoped(scope).find<BlockTypeDoc>(BLOCK_TYPES, { slug }, { limit: 1 });
    if (!doc) throw new NotFoundError('Block type not found');
    return doc;
  }

  async typeIds(scope: WorkspaceScope, filter: Filter | undefined): Promise<string[]> {
    return (await this.reads.scoped(scope).find<BlockTypeDoc>(BLOCK_TYPES, filter)).map((d) => d.id);
  }

  // ---------------------------------------------------------------- schemas

  async schemas(scope: WorkspaceScope, filter: Filter | undefined, options: FindOptions): Promise<PublicBlockSchema[]> {
    return this.presentSchemas(scope, await this.reads.scoped(scope).find<BlockSchemaDoc>(BLOCK_SCHEMAS, filter, options));
  }

  async schemaIds(scope: WorkspaceScope, filter: Filter | undefined): Promise<{ id: string; block_type_id: string }[]> {
    return (await this.reads.scoped(scope).find<BlockSchemaDoc>(BLOCK_SCHEMAS, filter)).map((d) => ({ id: d.id, block_type_id: d.block_type_id }));
  }

  async schema(scope: WorkspaceScope, id: string): Promise<PublicBlockSchema> {
    const doc = await this.reads.getOrThrow<BlockSchemaDoc>(scope, BLOCK_SCHEMAS, id, 'Block schema not found');
    return (await this.presentSchemas(scope, [doc]))[0]!;
  }

  /** The newest schema with this checksum (and version, when given). */
  async schemaByChecksum(scope: WorkspaceScope, checksum: string, version: string | undefined): Promise<PublicBlockSchema> {
    const filter: Filter = version === undefined ? { checksum } : { checksum, version };
    const [doc] = await this.reads.scoped(scope).find<BlockSchemaDoc>(BLOCK_SCHEMAS, filter, { sort: [{ field: 'created', direction: 'desc' }], limit: 1 });
    if (!doc) throw new NotFoundError('Block schema not found');
    return (await this.presentSchemas(scope, [doc]))[0]!;
  }

  async capabilities(scope: WorkspaceScope): Promise<string[]> {
    const all = new Set<string>();
    for (const s of await this.reads.scoped(scope).find<BlockSchemaDoc>(BLOCK_SCHEMAS)) for (const c of s.capabilities) all.add(c);
    return [...all].sort();
  }

  private async presentSchemas(scope: WorkspaceScope, docs: readonly BlockSchemaDoc[]): Promise<PublicBlockSchema[]> {
    const types = await this.typesById(scope, docs.map((d) => d.block_type_id));
    return docs.map((d) => ({
      id: d.id,
      created: d.created,
      updated: d.updated,
      checksum: d.checksum,
      fields: JSON.parse(d.fields_json) as JsonObject,
      block_type_id: d.block_type_id,
      block_type: types.get(d.block_type_id) ?? null,
      capabilities: [...d.capabilities],
      version: d.version,
    }));
  }

  private async typesById(scope: WorkspaceScope, ids: readonly string[]): Promise<Map<string, PublicBlockType>> {
    const unique = [...new Set(ids)];
    const docs = unique.length ? await this.reads.scoped(scope).getMany<BlockTypeDoc>(BLOCK_TYPES, unique) : [];
    return new Map(docs.map((d) => [d.id, toBlockType(d)]));
  }

  // ---------------------------------------------------------------- documents

  async documents(scope: WorkspaceScope, filter: Filter | undefined, options: FindOptions, reveal: boolean) {
    return this.presentDocuments(scope, await this.reads.scoped(scope).find<BlockDocumentDoc>(BLOCK_DOCUMENTS, filter, options), reveal);
  }

  async countDocuments(scope: WorkspaceScope, filter: Filter | undefined): Promise<number> {
    return this.reads.scoped(scope).count(BLOCK_DOCUMENTS, filter);
  }

  async document(scope: WorkspaceScope, id: string, reveal: boolean) {
    const doc = await this.reads.getOrThrow<BlockDocumentDoc>(scope, BLOCK_DOCUMENTS, id, 'Block document not found');
    return (await this.presentDocuments(scope, [doc], reveal))[0]!;
  }

  async documentByName(scope: WorkspaceScope, slug: string, name: string, reveal: boolean) {
    const type = await this.reads.scoped(scope).find<BlockTypeDoc>(BLOCK_TYPES, { slug }, { limit: 1 });
    const [doc] = type[0] ? await this.reads.scoped(scope).find<BlockDocumentDoc>(BLOCK_DOCUMENTS, { block_type_id: type[0].id, name }, { limit: 1 }) : [];
    if (!doc) throw new NotFoundError('Block document not found');
    return (await this.presentDocuments(scope, [doc], reveal))[0]!;
  }

  private async presentDocuments(scope: WorkspaceScope, roots: readonly BlockDocumentDoc[], reveal: boolean) {
    // Load every document the roots refer to, level by level.
    const byId = new Map(roots.map((d) => [d.id, d]));
    let wanted = roots.flatMap((d) => d.references.map((r) => r.id)).filter((id) => !byId.has(id));
    for (let depth = 0; wanted.length > 0 && depth < 32; depth++) {
      const found = await this.reads.scoped(scope).getMany<BlockDocumentDoc>(BLOCK_DOCUMENTS, [...new Set(wanted)]);
      for (const d of found) byId.set(d.id, d);
      wanted = found.flatMap((d) => d.references.map((r) => r.id)).filter((id) => !byId.has(id));
    }
    const all = [...byId.values()];
    const types = await this.typesById(scope, all.map((d) => d.block_type_id));
    const schemaDocs = await this.reads.scoped(scope).getMany<BlockSchemaDoc>(BLOCK_SCHEMAS, [...new Set(all.map((d) => d.block_schema_id))]);
    const schemas = new Map((await this.presentSchemas(scope, schemaDocs)).map((s) => [s.id, s]));
    const secretFields = (doc: BlockDocumentDoc): string[] => {
      const fields = schemas.get(doc.block_schema_id)?.fields.secret_fields;
      return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [];
    };
    const aad = scope.workspaceId;

    const build = (doc: BlockDocumentDoc, visiting: ReadonlySet<string>): { data: Record<string, JsonValue>; references: Record<string, Reference> } => {
      let stored = JSON.parse(doc.data_json) as JsonObject;
      // Sealed values are the secrets written; the schema's secret fields are masked too, as Prefect
      // masks by the document's current schema (which may name fields written before they were secret).
      if (!reveal) stored = mapSecrets(stored, secretFields(doc), () => OBFUSCATED);
      const data = { ...(mapStrings(stored, isSealed, (s) => (reveal ? this.open(s, aad) : OBFUSCATED)) as JsonObject) } as Record<string, JsonValue>;
      const references: Record<string, Reference> = {};
      for (const ref of doc.references) {
        const child = byId.get(ref.id);
        if (!child || visiting.has(child.id)) continue;
        const built = build(child, new Set([...visiting, child.id]));
        data[ref.name] = built.data;
        references[ref.name] = {
          block_document: { id: child.id, name: child.name, block_type: types.get(child.block_type_id) ?? null, is_anonymous: child.is_anonymous, block_document_references: built.references },
        };
      }
      return { data, references };
    };

    return roots.map((doc) => {
      const built = build(doc, new Set([doc.id]));
      return {
        id: doc.id,
        created: doc.created,
        updated: doc.updated,
        name: doc.name,
        data: built.data,
        block_schema_id: doc.block_schema_id,
        block_schema: schemas.get(doc.block_schema_id) ?? null,
        block_type_id: doc.block_type_id,
        block_type_name: doc.block_type_name,
        block_type: types.get(doc.block_type_id) ?? null,
        block_document_references: built.references,
        is_anonymous: doc.is_anonymous,
      };
    });
  }

  private open(sealed: string, aad: string): JsonValue {
    try {
      return JSON.parse(this.secrets.open(sealed, aad)) as JsonValue;
    } catch {
      // Unreadable with this key (e.g. data restored under another key): never shown, never thrown.
      return OBFUSCATED;
    }
  }
}
