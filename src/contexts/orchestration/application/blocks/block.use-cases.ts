import { Injectable } from '@nestjs/common';
import { CommandRunner, nameBasedUuid } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../../shared/errors';
import { isSealed, SecretsService } from '../../../../infrastructure/secrets';
import { expectedRevisionOf, type Caller } from '../caller';
import { OrchestrationReads } from '../orchestration-reads';
import { isPlainObject, type JsonObject, type JsonValue } from '../../domain/common/json';
import { blockTypeDecider, type BlockTypeChanges, type BlockTypeDetails } from '../../domain/block/block-type';
import { blockSchemaDecider } from '../../domain/block/block-schema';
import { blockDocumentDecider } from '../../domain/block/block-document';
import { getAt, mapSecrets, OBFUSCATED, referencedIds } from '../../domain/block/block-data';
import { schemaChecksum } from '../../domain/block/schema-checksum';
import { BLOCK_DOCUMENTS, BLOCK_SCHEMAS, BLOCK_TYPES, type BlockDocumentDoc, type BlockSchemaDoc, type BlockTypeDoc } from '../../read-models';
import { SYSTEM_BLOCK_TYPES } from './system-block-types';

/** Ids follow from what Prefect keeps unique, so the stream itself refuses a duplicate. */
export const blockTypeIdFor = (workspaceId: string, slug: string) => nameBasedUuid(`praetor:block-type:${workspaceId}`, slug);
export const blockSchemaIdFor = (workspaceId: string, checksum: string, version: string) => nameBasedUuid(`praetor:block-schema:${workspaceId}`, `${checksum}\u0000${version}`);
export const blockDocumentIdFor = (workspaceId: string, blockTypeId: string, name: string) => nameBasedUuid(`praetor:block-document:${workspaceId}:${blockTypeId}`, name);

export const READ_BLOCKS = 'see_blocks';
export const MANAGE_BLOCKS = 'manage_blocks';

export interface Written {
  readonly id: string;
  readonly created: boolean;
  readonly position: number | undefined;
}

export interface BlockTypeInput extends BlockTypeDetails {
  readonly name: string;
  readonly slug: string;
}

export interface BlockSchemaInput {
  readonly fields: JsonObject;
  /** The fields as the client wrote them (numbers keep their digits), for the checksum. */
  readonly fieldsForChecksum?: unknown;
  readonly blockTypeId: string;
  readonly capabilities: readonly string[];
  readonly version: string;
}

export interface BlockDocumentInput {
  readonly name: string | null;
  readonly data: JsonObject;
  readonly blockSchemaId: string;
  readonly blockTypeId: string;
  readonly isAnonymous: boolean;
}

export interface BlockDocumentUpdateInput {
  readonly blockSchemaId: string | null;
  readonly data: JsonObject | undefined;
  readonly mergeExistingData: boolean;
}

export function secretFieldsOf(schema: BlockSchemaDoc | undefined): string[] {
  if (!schema) return [];
  const fields = JSON.parse(schema.fields_json) as { secret_fields?: unknown };
  return Array.isArray(fields.secret_fields) ? fields.secret_fields.filter((f): f is string => typeof f === 'string') : [];
}

/**
 * The block use cases: each maps a request to one decider command. Secrets are sealed here, before
 * the command is decided, so the domain, its events and the read models only ever see ciphertext.
 */
@Injectable()
export class BlockUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly reads: OrchestrationReads,
    private readonly secrets: SecretsService,
  ) {}

  // ---------------------------------------------------------------- block types

  async createType(c: Caller, input: BlockTypeInput): Promise<Written> {
    const id = blockTypeIdFor(c.scope.workspaceId, input.slug);
    const r = await this.runner.run({
      ...this.on(c, 'blockType', id, MANAGE_BLOCKS),
      decider: blockTypeDecider,
      command: (now) => ({ type: 'CreateBlockType' as const, data: { ...input, blockTypeId: id, now } }),
    });
    return { id, created: true, position: r.position };
  }

  async updateType(c: Caller, id: string, changes: BlockTypeChanges): Promise<Written> {
    await this.reads.getOrThrow<BlockTypeDoc>(c.scope, BLOCK_TYPES, id, 'Block type not found');
    const r = await this.runner.run({
      ...this.on(c, 'blockType', id, MANAGE_BLOCKS),
      decider: blockTypeDecider,
      command: (now) => ({ type: 'UpdateBlockType' as const, data: { changes, now } }),
    });
    return { id, created: false, position: r.position };
  }

  /** Deleting a type deletes its schemas and documents too (Prefect cascades), each as its own event. */
  async deleteType(c: Caller, id: string): Promise<Written> {
    await this.reads.getOrThrow<BlockTypeDoc>(c.scope, BLOCK_TYPES, id, 'Block type not found');
    const deleted = await this.runner.run({
      ...this.on(c, 'blockType', id, MANAGE_BLOCKS),
      decider: blockTypeDecider,
      command: (now) => ({ type: 'DeleteBlockType' as const, data: { now } }),
    });
    let position = deleted.position;
    let r: { position: number | undefined };
    const store = this.reads.scoped(c.scope);
    for (const doc of await store.find<BlockDocumentDoc>(BLOCK_DOCUMENTS, { block_type_id: id })) {
      r = await this.ignoringMissing(() => this.runner.run({ ...this.on(c, 'blockDocument', doc.id, MANAGE_BLOCKS), decider: blockDocumentDecider, command: (now) => ({ type: 'DeleteBlockDocument' as const, data: { now } }) }));
      position = r.position ?? position;
    }
    for (const schema of await store.find<BlockSchemaDoc>(BLOCK_SCHEMAS, { block_type_id: id })) {
      r = await this.ignoringMissing(() =>
        this.runner.run({ ...this.on(c, 'blockSchema', schema.id, MANAGE_BLOCKS), decider: blockSchemaDecider, command: (now) => ({ type: 'DeleteBlockSchema' as const, data: { blockTypeProtected: false, now } }) }),
      );
      position = r.position ?? position;
    }
    return { id, created: false, position };
  }

  /** Installs (or brings up to date) the protected system block types and their schemas. */
  async installSystemTypes(c: Caller): Promise<number | undefined> {
    let position: number | undefined;
    for (const t of SYSTEM_BLOCK_TYPES) {
      const { schema, ...type } = t;
      const blockTypeId = blockTypeIdFor(c.scope.workspaceId, type.slug);
      const r = await this.runner.run({
        ...this.on(c, 'blockType', blockTypeId, MANAGE_BLOCKS),
        decider: blockTypeDecider,
        command: (now) => ({ type: 'InstallSystemBlockType' as const, data: { ...type, blockTypeId, now } }),
      });
      position = r.position ?? position;
      const s = await this.createSchemaUnchecked(c, { fields: schema.fields, blockTypeId, capabilities: schema.capabilities, version: schema.version });
      position = s.position ?? position;
    }
    return position;
  }

  // ---------------------------------------------------------------- block schemas

  async createSchema(c: Caller, input: BlockSchemaInput): Promise<Written> {
    const type = await this.reads.scoped(c.scope).get<BlockTypeDoc>(BLOCK_TYPES, input.blockTypeId);
    if (!type) throw new NotFoundError(`Block type ${input.blockTypeId} not found.`);
    return this.createSchemaUnchecked(c, input);
  }

  private async createSchemaUnchecked(c: Caller, input: BlockSchemaInput): Promise<Written> {
    const checksum = schemaChecksum(input.fieldsForChecksum ?? input.fields);
    const id = blockSchemaIdFor(c.scope.workspaceId, checksum, input.version);
    const r = await this.runner.run({
      ...this.on(c, 'blockSchema', id, MANAGE_BLOCKS),
      decider: blockSchemaDecider,
      command: (now) => ({ type: 'CreateBlockSchema' as const, data: { blockSchemaId: id, checksum, fields: input.fields, blockTypeId: input.blockTypeId, capabilities: input.capabilities, version: input.version, now } }),
    });
    return { id, created: r.events.length > 0, position: r.position };
  }

  async deleteSchema(c: Caller, id: string): Promise<Written> {
    const schema = await this.reads.getOrThrow<BlockSchemaDoc>(c.scope, BLOCK_SCHEMAS, id, 'Block schema not found');
    const type = await this.reads.scoped(c.scope).get<BlockTypeDoc>(BLOCK_TYPES, schema.block_type_id);
    const r = await this.runner.run({
      ...this.on(c, 'blockSchema', id, MANAGE_BLOCKS),
      decider: blockSchemaDecider,
      command: (now) => ({ type: 'DeleteBlockSchema' as const, data: { blockTypeProtected: type?.is_protected ?? false, now } }),
    });
    return { id, created: false, position: r.position };
  }

  // ---------------------------------------------------------------- block documents

  async createDocument(c: Caller, input: BlockDocumentInput): Promise<Written> {
    const store = this.reads.scoped(c.scope);
    const type = await store.get<BlockTypeDoc>(BLOCK_TYPES, input.blockTypeId);
    if (!type) throw new NotFoundError('Block type not found');
    const schema = await store.get<BlockSchemaDoc>(BLOCK_SCHEMAS, input.blockSchemaId);
    if (!schema) throw new NotFoundError('Block schema not found');
    if (!input.isAnonymous && !input.name) throw new ValidationError('Names must be provided for block documents.');
    // Anonymous documents get Prefect's generated name.
    const name = input.name || `anonymous-${this.runner.uuid()}`;
    await this.checkReferences(c, input.data);
    const id = blockDocumentIdFor(c.scope.workspaceId, type.id, name);
    const data = this.seal(c, input.data, secretFieldsOf(schema), undefined);
    const r = await this.runner.run({
      ...this.on(c, 'blockDocument', id, MANAGE_BLOCKS),
      decider: blockDocumentDecider,
      command: (now) => ({
        type: 'CreateBlockDocument' as const,
        data: { blockDocumentId: id, name, blockSchemaId: schema.id, blockTypeId: type.id, schemaBlockTypeId: schema.block_type_id, blockTypeName: type.name, isAnonymous: input.isAnonymous, data, now },
      }),
    });
    return { id, created: true, position: r.position };
  }

  async updateDocument(c: Caller, id: string, input: BlockDocumentUpdateInput): Promise<Written> {
    const store = this.reads.scoped(c.scope);
    const doc = await this.reads.getOrThrow<BlockDocumentDoc>(c.scope, BLOCK_DOCUMENTS, id, 'Block document not found');
    const currentSchema = await store.get<BlockSchemaDoc>(BLOCK_SCHEMAS, doc.block_schema_id);
    const proposed = input.blockSchemaId && input.blockSchemaId !== doc.block_schema_id ? await store.get<BlockSchemaDoc>(BLOCK_SCHEMAS, input.blockSchemaId) : currentSchema;
    if (input.blockSchemaId && !proposed) throw new NotFoundError('Block schema not found');
    const currentSecrets = secretFieldsOf(currentSchema);
    let data: JsonObject | undefined;
    if (input.data !== undefined) {
      await this.checkReferences(c, input.data);
      data = this.seal(c, input.data, [...new Set([...currentSecrets, ...secretFieldsOf(proposed)])], JSON.parse(doc.data_json) as JsonObject);
    }
    const r = await this.runner.run({
      ...this.on(c, 'blockDocument', id, MANAGE_BLOCKS),
      decider: blockDocumentDecider,
      command: (now) => ({
        type: 'UpdateBlockDocument' as const,
        data: {
          blockSchemaId: proposed?.id ?? doc.block_schema_id,
          schemaBlockTypeId: proposed?.block_type_id ?? doc.block_type_id,
          data,
          mergeExistingData: input.mergeExistingData,
          secretFields: currentSecrets,
          now,
        },
      }),
    });
    return { id, created: false, position: r.position };
  }

  async deleteDocument(c: Caller, id: string): Promise<Written> {
    await this.reads.getOrThrow<BlockDocumentDoc>(c.scope, BLOCK_DOCUMENTS, id, 'Block document not found');
    const r = await this.runner.run({ ...this.on(c, 'blockDocument', id, MANAGE_BLOCKS), decider: blockDocumentDecider, command: (now) => ({ type: 'DeleteBlockDocument' as const, data: { now } }) });
    return { id, created: false, position: r.position };
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Seals every secret value (as JSON text, so null and objects too). `********` stays for the
   * decider to swap back to the current value; a value equal to the current one keeps its
   * ciphertext, so re-saving unchanged data decides nothing.
   */
  private seal(c: Caller, data: JsonObject, secretFields: readonly string[], current: JsonObject | undefined): JsonObject {
    const aad = c.scope.workspaceId;
    return mapSecrets(data, secretFields, (path, value) => {
      if (value === OBFUSCATED) return value;
      const plaintext = JSON.stringify(value);
      const existing = current ? getAt(current, path) : { found: false };
      if (existing.found && isSealed(existing.value)) {
        try {
          if (this.secrets.open(existing.value, aad) === plaintext) return existing.value as JsonValue;
        } catch {
          // Not ours to reuse: seal afresh.
        }
      }
      return this.secrets.seal(plaintext, aad);
    });
  }

  private async checkReferences(c: Caller, data: JsonObject): Promise<void> {
    if (!isPlainObject(data)) throw new ValidationError('data must be an object');
    const ids = referencedIds(data);
    if (ids.length === 0) return;
    const found = await this.reads.scoped(c.scope).getMany<BlockDocumentDoc>(BLOCK_DOCUMENTS, ids);
    const missing = ids.filter((x) => !found.some((d) => d.id === x));
    if (missing.length > 0) throw new NotFoundError(`Block document ${missing[0]} not found`);
  }

  private async ignoringMissing<T extends { position: number | undefined }>(run: () => Promise<T>): Promise<{ position: number | undefined }> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof NotFoundError) return { position: undefined };
      throw err;
    }
  }

  private on(c: Caller, category: string, id: string, permission: string) {
    return { principal: c.principal, request: c.request, scope: c.scope, permission, stream: streamName(category, id), ...expectedRevisionOf(c) };
  }
}
