import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { EventMetadata } from '../../src/shared/ddd';
import { json } from '../support/http';
import { addWorkspaceMember } from '../support/tenants';
import { assertInNoFile, dataFiles } from '../support/data-files';
import { startTestServer, type TestServer } from '../support/test-server';

interface BlockType {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  is_protected: boolean;
}
interface BlockSchema {
  id: string;
  checksum: string;
  fields: Record<string, unknown>;
  block_type_id: string;
  block_type: BlockType | null;
  capabilities: string[];
  version: string;
}
interface BlockDocument {
  id: string;
  name: string;
  data: Record<string, unknown>;
  block_schema_id: string;
  block_schema: BlockSchema | null;
  block_type_id: string;
  block_type_name: string;
  block_type: BlockType | null;
  block_document_references: Record<string, { block_document: { id: string; name: string; block_type: BlockType; is_anonymous: boolean } }>;
  is_anonymous: boolean;
}

// What the Prefect 3.9 client sends for a block class (json.dumps keeps `10.0`), and the checksum
// it computes itself with Block._calculate_schema_checksum for these fields.
const CREDS_FIELDS_TEXT =
  '{"title": "Creds", "description": "Credentials for the tests", "type": "object", "properties": {"user": {"title": "User", "type": "string"}, "password": {"title": "Password", "type": "string", "format": "password", "writeOnly": true}, "headers": {"title": "Headers", "type": "object"}, "timeout": {"title": "Timeout", "type": "number", "default": 10.0}}, "required": ["user", "password"], "block_type_slug": "creds", "secret_fields": ["password", "headers.*"], "block_schema_references": {}}';
const CREDS_CHECKSUM = 'sha256:a1a3e19fcd10172d3cff19863a61a3f03c086c552baf9a680db55252a4f127e5';
const SECRET = 'hunter2-PLAINTEXT-7f3c1e';
const HEADER_SECRET = 'bearer-PLAINTEXT-91ad04';
const NESTED_SECRET = 'nested-PLAINTEXT-c0ffee';

describe('blocks (Prefect /block_types, /block_schemas, /block_documents)', () => {
  let t: TestServer;
  let viewerKey: string;
  let creds: { type: BlockType; schema: BlockSchema };
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const send = (method: string, path: string, body?: unknown, key?: string) =>
    t.fetch(ws(path), { method, key, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  const events = async (stream: string) => t.server.runtime.stores.events.readStream(stream);

  before(async () => {
    t = await startTestServer();
    // A Viewer member.
    viewerKey = await addWorkspaceMember(t, 'viewer', 'viewer');
  });
  after(async () => {
    await t?.stop();
  });

  it('accepts the client’s register flow: type by slug, create, schema by the client’s checksum, create, then found', async () => {
    assert.equal((await send('GET', '/block_types/slug/creds')).status, 404);
    const type = await json<BlockType>(send('POST', '/block_types/', { name: 'Creds', slug: 'creds', logo_url: null, documentation_url: null, description: 'old', code_example: null }), 201);
    assert.equal(type.slug, 'creds');
    assert.equal(type.is_protected, false);
    assert.ok(!Object.keys(type).some((k) => k.startsWith('_')), 'no internal fields leak');
    assert.deepEqual(await json<BlockType>(send('GET', '/block_types/slug/creds'), 200), type);
    // The client updates a type whose description changed since it was registered.
    assert.equal((await send('PATCH', `/block_types/${type.id}`, { description: 'Credentials for the tests' })).status, 204);
    const updated = await json<BlockType>(send('GET', `/block_types/${type.id}`), 200);
    assert.equal(updated.description, 'Credentials for the tests');

    assert.equal((await send('GET', `/block_schemas/checksum/${CREDS_CHECKSUM}?version=3.9.0`)).status, 404);
    const body = `{"fields": ${CREDS_FIELDS_TEXT}, "block_type_id": "${type.id}", "capabilities": ["read-creds"], "version": "3.9.0"}`;
    const schema = await json<BlockSchema>(send('POST', '/block_schemas/', body), 201);
    assert.equal(schema.checksum, CREDS_CHECKSUM, 'the checksum the client computes for these fields');
    assert.equal(schema.block_type?.slug, 'creds');
    assert.deepEqual(schema.capabilities, ['read-creds']);
    assert.deepEqual((schema.fields as { secret_fields: string[] }).secret_fields, ['password', 'headers.*']);
    const found = await json<BlockSchema>(send('GET', `/block_schemas/checksum/${CREDS_CHECKSUM}?version=3.9.0`), 200);
    assert.equal(found.id, schema.id);
    assert.equal((await json<BlockSchema>(send('GET', `/block_schemas/checksum/${CREDS_CHECKSUM}`), 200)).id, schema.id);
    // The same schema again answers the existing one.
    assert.equal((await json<BlockSchema>(send('POST', '/block_schemas/', body), 200)).id, schema.id);
    assert.equal((await json<BlockSchema>(send('GET', `/block_schemas/${schema.id}`), 200)).checksum, CREDS_CHECKSUM);
    creds = { type: updated, schema };

    const [created, changed] = await events(`blockType-${type.id}`);
    assert.deepEqual([created?.type, changed?.type], ['BlockTypeCreated', 'BlockTypeUpdated']);
    const owner = (created!.metadata as EventMetadata).actor;
    assert.equal(owner.type, 'user');
    assert.deepEqual((changed!.metadata as EventMetadata).actor, owner);
    assert.deepEqual((await events(`blockSchema-${schema.id}`)).map((e) => e.type), ['BlockSchemaCreated']);
  });

  it('refuses a second type with the same slug (409) and a schema for a missing type (404)', async () => {
    assert.equal((await send('POST', '/block_types/', { name: 'Creds', slug: 'creds' })).status, 409);
    assert.equal((await send('POST', '/block_schemas/', { fields: {}, block_type_id: '6d3b0f0e-3c1e-4b36-9f5e-0a7d1f0b2c3d' })).status, 404);
    assert.equal((await send('POST', '/block_types/', { name: 'Bad', slug: 'Not A Slug' })).status, 422);
  });

  it('stores a document with its secrets encrypted; reads mask them unless include_secrets', async () => {
    const doc = await json<BlockDocument>(
      send('POST', '/block_documents/', { name: 'prod', data: { user: 'admin', password: SECRET, headers: { authorization: HEADER_SECRET }, timeout: 10 }, block_schema_id: creds.schema.id, block_type_id: creds.type.id, is_anonymous: false }),
      201,
    );
    assert.deepEqual(doc.data, { user: 'admin', password: '********', headers: { authorization: '********' }, timeout: 10 });
    assert.equal(doc.block_type_name, 'Creds');
    assert.equal(doc.block_schema?.checksum, CREDS_CHECKSUM);
    assert.equal(doc.block_type?.slug, 'creds');
    assert.equal(doc.is_anonymous, false);
    assert.deepEqual((await json<BlockDocument>(send('GET', `/block_documents/${doc.id}`), 200)).data.password, '********');
    const revealed = await json<BlockDocument>(send('GET', `/block_documents/${doc.id}?include_secrets=true`), 200);
    assert.deepEqual(revealed.data, { user: 'admin', password: SECRET, headers: { authorization: HEADER_SECRET }, timeout: 10 });
    const byName = await json<BlockDocument>(send('GET', '/block_types/slug/creds/block_documents/name/prod?include_secrets=true'), 200);
    assert.equal(byName.id, doc.id);
    assert.equal(byName.data.password, SECRET);
    const ofType = await json<BlockDocument[]>(send('GET', '/block_types/slug/creds/block_documents'), 200);
    assert.deepEqual(ofType.map((d) => [d.name, d.data.password]), [['prod', '********']]);
    // The same name for the same type is taken.
    assert.equal((await send('POST', '/block_documents/', { name: 'prod', data: {}, block_schema_id: creds.schema.id, block_type_id: creds.type.id })).status, 409);
    assert.equal((await send('GET', '/block_types/slug/creds/block_documents/name/nope')).status, 404);

    const [recorded] = await events(`blockDocument-${doc.id}`);
    assert.equal(recorded?.type, 'BlockDocumentCreated');
    assert.equal((recorded!.metadata as EventMetadata).actor.type, 'user');
    const stored = JSON.stringify(recorded!.data);
    assert.ok(!stored.includes(SECRET) && !stored.includes(HEADER_SECRET), 'the event carries ciphertext only');
    assert.match(stored, /praetor-sealed:v1:/);
  });

  it('a Viewer reads blocks but gets secrets masked even when asking for them, and cannot write', async () => {
    const [doc] = await json<BlockDocument[]>(send('POST', '/block_documents/filter', { include_secrets: true }, viewerKey), 200);
    assert.equal(doc?.name, 'prod');
    assert.equal(doc?.data.password, '********');
    assert.equal((await json<BlockDocument>(send('GET', `/block_documents/${doc!.id}?include_secrets=true`, undefined, viewerKey), 200)).data.password, '********');
    assert.equal((await json<BlockDocument>(send('GET', '/block_types/slug/creds/block_documents/name/prod?include_secrets=true', undefined, viewerKey), 200)).data.password, '********');
    const denied = await send('POST', '/block_documents/', { name: 'viewer-doc', data: {}, block_schema_id: creds.schema.id, block_type_id: creds.type.id }, viewerKey);
    assert.equal(denied.status, 403);
    assert.match(((await denied.json()) as { detail: string }).detail, /manage_blocks/);
    assert.equal((await send('PATCH', `/block_documents/${doc!.id}`, { data: { user: 'x' } }, viewerKey)).status, 403);
  });

  it('patches: merges by default, keeps a secret posted back masked, replaces without merge, may change the schema', async () => {
    const prod = await json<BlockDocument>(send('GET', '/block_types/slug/creds/block_documents/name/prod'), 200);
    const before = (await events(`blockDocument-${prod.id}`)).length;
    // Posting back what was read changes nothing: no event.
    assert.equal((await send('PATCH', `/block_documents/${prod.id}`, { data: prod.data, merge_existing_data: true })).status, 204);
    assert.equal((await events(`blockDocument-${prod.id}`)).length, before);
    // The client's overwrite sends the plaintext again: still no change.
    assert.equal((await send('PATCH', `/block_documents/${prod.id}`, { data: { password: SECRET } })).status, 204);
    assert.equal((await events(`blockDocument-${prod.id}`)).length, before);

    assert.equal((await send('PATCH', `/block_documents/${prod.id}`, { data: { user: 'root', password: '********' } })).status, 204);
    let now = await json<BlockDocument>(send('GET', `/block_documents/${prod.id}?include_secrets=true`), 200);
    assert.deepEqual(now.data, { user: 'root', password: SECRET, headers: { authorization: HEADER_SECRET }, timeout: 10 });
    assert.equal((await send('PATCH', `/block_documents/${prod.id}`, { data: { user: 'only' }, merge_existing_data: false })).status, 204);
    now = await json<BlockDocument>(send('GET', `/block_documents/${prod.id}?include_secrets=true`), 200);
    assert.deepEqual(now.data, { user: 'only' });

    // A newer schema of the same type (another version), then a schema of another type is refused.
    const v2 = await json<BlockSchema>(send('POST', '/block_schemas/', { fields: { ...creds.schema.fields, title: 'Creds v2' }, block_type_id: creds.type.id, capabilities: [], version: '3.9.1' }), 201);
    assert.equal((await send('PATCH', `/block_documents/${prod.id}`, { block_schema_id: v2.id, data: { user: 'again', password: SECRET } })).status, 204);
    now = await json<BlockDocument>(send('GET', `/block_documents/${prod.id}`), 200);
    assert.equal(now.block_schema_id, v2.id);
    assert.deepEqual(now.data, { user: 'again', password: '********' });
    const other = await json<BlockType>(send('POST', '/block_types/', { name: 'Other', slug: 'other' }), 201);
    const otherSchema = await json<BlockSchema>(send('POST', '/block_schemas/', { fields: { title: 'Other' }, block_type_id: other.id }), 201);
    assert.equal(otherSchema.version, 'non-versioned');
    assert.equal((await send('PATCH', `/block_documents/${prod.id}`, { block_schema_id: otherSchema.id, data: {} })).status, 422);
    assert.equal((await send('PATCH', '/block_documents/6d3b0f0e-3c1e-4b36-9f5e-0a7d1f0b2c3d', { data: {} })).status, 404);
    assert.deepEqual((await events(`blockDocument-${prod.id}`)).map((e) => e.type).slice(before), ['BlockDocumentUpdated', 'BlockDocumentUpdated', 'BlockDocumentUpdated']);
  });

  it('masks what the document’s current schema calls secret, even a value written before it was', async () => {
    const plain = await json<BlockSchema>(send('POST', '/block_schemas/', { fields: { title: 'Creds plain', secret_fields: [] }, block_type_id: creds.type.id, version: 'plain' }), 201);
    const secret = await json<BlockSchema>(send('POST', '/block_schemas/', { fields: { title: 'Creds plain', secret_fields: ['api_key'] }, block_type_id: creds.type.id, version: 'secret' }), 201);
    const doc = await json<BlockDocument>(send('POST', '/block_documents/', { name: 'legacy', data: { api_key: 'k-1' }, block_schema_id: plain.id, block_type_id: creds.type.id }), 201);
    assert.deepEqual(doc.data, { api_key: 'k-1' });
    assert.equal((await send('PATCH', `/block_documents/${doc.id}`, { block_schema_id: secret.id })).status, 204);
    assert.deepEqual((await json<BlockDocument>(send('GET', `/block_documents/${doc.id}`), 200)).data, { api_key: '********' });
    assert.deepEqual((await json<BlockDocument>(send('GET', `/block_documents/${doc.id}?include_secrets=true`), 200)).data, { api_key: 'k-1' });
    assert.equal((await send('DELETE', `/block_documents/${doc.id}`)).status, 204);
  });

  it('filters, sorts, pages and counts documents; anonymous ones are hidden by default and get a generated name', async () => {
    for (const name of ['b-doc', 'a-doc', 'c-doc']) await json(send('POST', '/block_documents/', { name, data: { user: name, password: 'p' }, block_schema_id: creds.schema.id, block_type_id: creds.type.id }), 201);
    const anon = await json<BlockDocument>(send('POST', '/block_documents/', { data: { user: 'anon', password: 'p' }, block_schema_id: creds.schema.id, block_type_id: creds.type.id, is_anonymous: true }), 201);
    assert.match(anon.name, /^anonymous-[0-9a-f-]{36}$/);
    assert.equal(anon.is_anonymous, true);
    const names = async (body: unknown) => (await json<BlockDocument[]>(send('POST', '/block_documents/filter', body), 200)).map((d) => d.name);
    assert.deepEqual(await names({}), ['a-doc', 'b-doc', 'c-doc', 'prod']);
    assert.deepEqual(await names({ sort: 'NAME_DESC', limit: 2, offset: 1 }), ['c-doc', 'b-doc']);
    assert.deepEqual(await names({ block_documents: { operator: 'and_', name: { like_: '-DOC', any_: null }, is_anonymous: { eq_: false } } }), ['a-doc', 'b-doc', 'c-doc']);
    assert.deepEqual(await names({ block_documents: { is_anonymous: { eq_: true } } }), [anon.name]);
    assert.deepEqual(await names({ block_documents: { is_anonymous: null, name: { any_: ['prod', anon.name] } } }), [anon.name, 'prod']);
    assert.deepEqual(await names({ block_types: { slug: { any_: ['other'] } } }), []);
    assert.deepEqual(await names({ block_types: { name: { like_: 'cre' } }, block_schemas: { version: { any_: ['3.9.1'] } } }), ['prod']);
    assert.deepEqual(await names({ block_documents: { block_type_id: { any_: [creds.type.id] } }, sort: 'BLOCK_TYPE_AND_NAME_ASC', limit: 1 }), ['a-doc']);
    assert.equal(await json<number>(send('POST', '/block_documents/count', {}), 200), 4);
    assert.equal(await json<number>(send('POST', '/block_documents/count', { block_documents: { is_anonymous: { eq_: true } } }), 200), 1);
    assert.equal((await send('POST', '/block_documents/filter', { sort: 'NOPE' })).status, 422);

    const deleted = await json<BlockDocument[]>(send('POST', '/block_documents/filter', { block_documents: { name: { any_: ['c-doc'] } } }), 200);
    assert.equal((await send('DELETE', `/block_documents/${deleted[0]!.id}`)).status, 204);
    assert.equal((await send('GET', `/block_documents/${deleted[0]!.id}`)).status, 404);
    assert.equal((await send('DELETE', `/block_documents/${deleted[0]!.id}`)).status, 404);
    assert.deepEqual((await events(`blockDocument-${deleted[0]!.id}`)).map((e) => e.type), ['BlockDocumentCreated', 'BlockDocumentDeleted']);
  });

  it('nests referenced documents as Prefect does, masking and revealing their secrets', async () => {
    const inner = await json<BlockType>(send('POST', '/block_types/', { name: 'Inner', slug: 'inner' }), 201);
    const innerSchema = await json<BlockSchema>(send('POST', '/block_schemas/', { fields: { title: 'Inner', properties: { token: { type: 'string' } }, secret_fields: ['token'] }, block_type_id: inner.id }), 201);
    const outer = await json<BlockType>(send('POST', '/block_types/', { name: 'Outer', slug: 'outer' }), 201);
    const outerSchema = await json<BlockSchema>(
      send('POST', '/block_schemas/', { fields: { title: 'Outer', properties: { label: { type: 'string' }, inner: {} }, secret_fields: ['inner.token'], block_schema_references: { inner: { block_type_slug: 'inner', block_schema_checksum: innerSchema.checksum } } }, block_type_id: outer.id }),
      201,
    );
    const child = await json<BlockDocument>(send('POST', '/block_documents/', { name: 'child', data: { token: NESTED_SECRET }, block_schema_id: innerSchema.id, block_type_id: inner.id }), 201);
    const parent = await json<BlockDocument>(
      send('POST', '/block_documents/', { name: 'parent', data: { label: 'p', inner: { $ref: { block_document_id: child.id } } }, block_schema_id: outerSchema.id, block_type_id: outer.id }),
      201,
    );
    assert.deepEqual(parent.data, { label: 'p', inner: { token: '********' } });
    const ref = parent.block_document_references.inner!.block_document;
    assert.deepEqual([ref.id, ref.name, ref.block_type.slug, ref.is_anonymous], [child.id, 'child', 'inner', false]);
    const revealed = await json<BlockDocument>(send('GET', `/block_documents/${parent.id}?include_secrets=true`), 200);
    assert.deepEqual(revealed.data, { label: 'p', inner: { token: NESTED_SECRET } });
    // A reference to a document that does not exist is refused; merging without the key drops the reference.
    assert.equal((await send('POST', '/block_documents/', { name: 'dangling', data: { inner: { $ref: { block_document_id: '6d3b0f0e-3c1e-4b36-9f5e-0a7d1f0b2c3d' } } }, block_schema_id: outerSchema.id, block_type_id: outer.id })).status, 404);
    // An unsaved nested block arrives inline: the parent's secret_fields seal it.
    const inline = await json<BlockDocument>(send('POST', '/block_documents/', { name: 'inline', data: { label: 'i', inner: { token: NESTED_SECRET } }, block_schema_id: outerSchema.id, block_type_id: outer.id }), 201);
    assert.deepEqual(inline.data, { label: 'i', inner: { token: '********' } });
    assert.deepEqual(inline.block_document_references, {});
  });

  it('installs protected system types the client finds by slug and checksum; protected types cannot be changed or deleted', async () => {
    assert.equal((await send('POST', '/block_types/install_system_block_types')).status, 200);
    const secret = await json<BlockType>(send('GET', '/block_types/slug/secret'), 200);
    assert.equal(secret.is_protected, true);
    const [schema] = await json<BlockSchema[]>(send('POST', '/block_schemas/filter', { block_schemas: { block_type_id: { any_: [secret.id] } }, limit: 1 }), 200);
    // The checksum the 3.9.0 client computes for prefect.blocks.system.Secret.
    assert.equal(schema?.checksum, 'sha256:c078ed9c1e813e224c0b353d7ad4564a11d51d3198d9ac0686478165a1911c78');
    const del = await send('DELETE', `/block_types/${secret.id}`);
    assert.equal(del.status, 403);
    assert.equal(((await del.json()) as { detail: string }).detail, 'protected block types cannot be deleted.');
    assert.equal((await send('PATCH', `/block_types/${secret.id}`, { description: 'changed' })).status, 403);
    assert.equal((await send('PATCH', `/block_types/${secret.id}`, { description: secret.description })).status, 204);
    assert.equal((await send('DELETE', `/block_schemas/${schema!.id}`)).status, 403);
    // Installing again changes nothing.
    const before = (await events(`blockType-${secret.id}`)).length;
    assert.equal((await send('POST', '/block_types/install_system_block_types')).status, 200);
    assert.equal((await events(`blockType-${secret.id}`)).length, before);

    const withCapability = await json<BlockType[]>(send('POST', '/block_types/filter', { block_schemas: { block_capabilities: { all_: ['read-path'] } } }), 200);
    assert.deepEqual(withCapability.map((b) => b.slug), ['local-file-system']);
    const named = await json<BlockType[]>(send('POST', '/block_types/filter', { block_types: { name: { like_: 'CRE' } } }), 200);
    assert.deepEqual(named.map((b) => b.slug), ['creds', 'secret']);
    const capabilities = await json<string[]>(send('GET', '/block_capabilities/'), 200);
    assert.ok(capabilities.includes('read-path') && capabilities.includes('read-creds'), capabilities.join());
    const schemas = await json<BlockSchema[]>(send('POST', '/block_schemas/filter', { block_schemas: { block_capabilities: { all_: ['read-creds'] } } }), 200);
    assert.deepEqual(schemas.map((s) => s.id), [creds.schema.id]);
  });

  it('deletes a type with its schemas and documents, each recorded as an event', async () => {
    const other = await json<BlockType>(send('GET', '/block_types/slug/other'), 200);
    const [schema] = await json<BlockSchema[]>(send('POST', '/block_schemas/filter', { block_schemas: { block_type_id: { any_: [other.id] } } }), 200);
    const doc = await json<BlockDocument>(send('POST', '/block_documents/', { name: 'gone', data: {}, block_schema_id: schema!.id, block_type_id: other.id }), 201);
    assert.equal((await send('DELETE', `/block_types/${other.id}`)).status, 204);
    assert.equal((await send('GET', `/block_types/${other.id}`)).status, 404);
    assert.equal((await send('GET', `/block_schemas/${schema!.id}`)).status, 404);
    assert.equal((await send('GET', `/block_documents/${doc.id}`)).status, 404);
    assert.deepEqual((await events(`blockSchema-${schema!.id}`)).map((e) => e.type), ['BlockSchemaCreated', 'BlockSchemaDeleted']);
    assert.deepEqual((await events(`blockDocument-${doc.id}`)).map((e) => e.type), ['BlockDocumentCreated', 'BlockDocumentDeleted']);
    assert.equal((await send('DELETE', `/block_types/${other.id}`)).status, 404);
  });

  it('no secret’s plaintext appears in any file of the data dir (events, read models, WAL files)', async () => {
    const files = dataFiles(t.dataDir);
    assert.ok(files.some((f) => /\.(db|sqlite)(-wal)?$/.test(f) || f.endsWith('-wal')), `store files found: ${files.join(', ')}`);
    const key = files.find((f) => f.endsWith('secrets.key'));
    assert.ok(key, 'a key was generated into the data dir');
    assert.equal(statSync(key).mode & 0o777, 0o600);
    const sealedIn: string[] = [];
    for (const file of files) if (readFileSync(file).includes('praetor-sealed:v1:')) sealedIn.push(file);
    assertInNoFile(files, [SECRET, HEADER_SECRET, NESTED_SECRET]);
    // The scan reads where the data lives: the ciphertext is there (unless both stores are external).
    if (!(process.env.MONGODB_URL && process.env.EVENTSTORE_URL)) assert.ok(sealedIn.length > 0, `ciphertext found in none of ${files.join(', ')}`);
    // And through the store's own API, every recorded event.
    const all = JSON.stringify(await t.server.runtime.stores.events.readAll());
    for (const plaintext of [SECRET, HEADER_SECRET, NESTED_SECRET]) assert.ok(!all.includes(plaintext));
  });
});
