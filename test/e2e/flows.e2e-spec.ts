import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

interface Flow {
  id: string;
  name: string;
  tags: string[];
  labels: Record<string, unknown>;
  created: string;
  updated: string;
}

describe('flows (Prefect /flows routes)', () => {
  let t: TestServer;
  const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const ws = (path: string) => `${t.workspaceApi}${path}`;

  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  it('creates a flow with 201, and the same name again answers 200 with the same flow (upsert by name)', async () => {
    const first = await t.fetch(ws('/flows/'), json({ name: 'etl', tags: ['nightly'], labels: {} }));
    assert.equal(first.status, 201);
    const flow = (await first.json()) as Flow;
    assert.equal(flow.name, 'etl');
    assert.deepEqual(flow.tags, ['nightly']);
    for (const k of ['id', 'created', 'updated', 'labels']) assert.ok(k in flow, k);
    assert.ok(!Object.keys(flow).some((k) => k.startsWith('_')), 'no internal fields leak');
    const again = await t.fetch(ws('/flows/'), json({ name: 'etl', tags: [], labels: null }));
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as Flow).id, flow.id);
  });

  it('reads by id and by name; filters, counts, sorts and pages', async () => {
    for (const name of ['b-flow', 'a-flow', 'c-other']) await t.fetch(ws('/flows/'), json({ name, tags: name.startsWith('c') ? ['x'] : [] }));
    const byName = (await (await t.fetch(ws('/flows/name/a-flow'))).json()) as Flow;
    const byId = (await (await t.fetch(ws(`/flows/${byName.id}`))).json()) as Flow;
    assert.deepEqual(byId, byName);
    const like = (await (await t.fetch(ws('/flows/filter'), json({ flows: { operator: 'and_', name: { like_: 'FLOW', any_: null }, id: null, tags: null }, sort: null, limit: null, offset: null, work_queues: {} }))).json()) as Flow[];
    assert.deepEqual(like.map((f) => f.name), ['a-flow', 'b-flow']);
    const desc = (await (await t.fetch(ws('/flows/filter'), json({ sort: 'NAME_DESC', limit: 2 }))).json()) as Flow[];
    assert.deepEqual(desc.map((f) => f.name), ['etl', 'c-other']);
    const paged = (await (await t.fetch(ws('/flows/filter'), json({ sort: 'NAME_ASC', limit: 1, offset: 1 }))).json()) as Flow[];
    assert.deepEqual(paged.map((f) => f.name), ['b-flow']);
    const tagged = (await (await t.fetch(ws('/flows/filter'), json({ flows: { tags: { all_: ['x'] } } }))).json()) as Flow[];
    assert.deepEqual(tagged.map((f) => f.name), ['c-other']);
    assert.equal(await (await t.fetch(ws('/flows/count'), json({}))).json(), 4);
    assert.equal(await (await t.fetch(ws('/flows/count'), json({ flows: { name: { any_: ['etl', 'nope'] } } }))).json(), 1);
  });

  it('patches tags and deletes; a deleted flow is 404', async () => {
    const flow = (await (await t.fetch(ws('/flows/'), json({ name: 'to-delete' }))).json()) as Flow;
    assert.equal((await t.fetch(ws(`/flows/${flow.id}`), { method: 'PATCH', body: JSON.stringify({ tags: ['t1'] }), headers: { 'content-type': 'application/json' } })).status, 204);
    assert.deepEqual(((await (await t.fetch(ws(`/flows/${flow.id}`))).json()) as Flow).tags, ['t1']);
    assert.equal((await t.fetch(ws(`/flows/${flow.id}`), { method: 'DELETE' })).status, 204);
    const gone = await t.fetch(ws(`/flows/${flow.id}`));
    assert.equal(gone.status, 404);
    assert.equal(((await gone.json()) as { code: string }).code, 'NOT_FOUND');
    assert.equal((await t.fetch(ws(`/flows/${flow.id}`), { method: 'DELETE' })).status, 404);
  });

  it('answers bad input with 422 and Prefect’s body', async () => {
    for (const bad of [{ name: 'a/b' }, { name: 42 }, {}]) {
      const res = await t.fetch(ws('/flows/'), json(bad));
      assert.equal(res.status, 422, JSON.stringify(bad));
      const b = (await res.json()) as Record<string, unknown>;
      assert.equal(b.exception_message, 'Invalid request received.');
      assert.ok(Array.isArray(b.exception_detail));
    }
    assert.equal((await t.fetch(ws('/flows/filter'), json({ limit: 201 }))).status, 422);
    assert.equal((await t.fetch(ws('/flows/filter'), json({ sort: 'SIDEWAYS' }))).status, 422);
    assert.equal((await t.fetch(ws('/flows/filter'), json({ flows: { name: { any_: 'not-a-list' } } }))).status, 422);
  });

  it('serves the same routes at /api/... for the default workspace (OSS layout), with the key as Basic password', async () => {
    const basic = `Basic ${Buffer.from(`api:${t.apiKey}`).toString('base64')}`;
    const res = await t.fetch('/flows/name/etl', { key: null, headers: { authorization: basic } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as Flow).name, 'etl');
    assert.equal(await (await t.fetch('/admin/version', { key: null })).json(), '3.9.1');
    const csrf = await t.fetch('/csrf-token?client=abc');
    assert.equal(csrf.status, 422);
    assert.match(await csrf.text(), /CSRF protection is disabled\./);
    assert.equal((await t.fetch('/flows/filter', { ...json({}), key: null })).status, 401);
  });

  it('keeps the default result storage per workspace (/admin/storage)', async () => {
    assert.deepEqual(await (await t.fetch(ws('/admin/storage'))).json(), { default_result_storage_block_id: null });
    const block = '6d3b0f0e-3c1e-4b36-9f5e-0a7d1f0b2c3d';
    const put = await t.fetch(ws('/admin/storage'), { method: 'PUT', body: JSON.stringify({ default_result_storage_block_id: block }), headers: { 'content-type': 'application/json' } });
    assert.equal(put.status, 200);
    assert.deepEqual(await (await t.fetch('/admin/storage')).json(), { default_result_storage_block_id: block }, 'OSS layout reads the same workspace');
    assert.equal((await t.fetch(ws('/admin/storage'), { method: 'PUT', body: JSON.stringify({ default_result_storage_block_id: 'nope' }), headers: { 'content-type': 'application/json' } })).status, 422);
    assert.equal((await t.fetch(ws('/admin/storage'), { method: 'DELETE' })).status, 204);
    assert.deepEqual(await (await t.fetch(ws('/admin/storage'))).json(), { default_result_storage_block_id: null });
  });

  it('keeps workspaces apart: another tenant gets 404 on our workspace and cannot reach our flows by id', async () => {
    const { key, api: eveApi } = await createOtherTenant(t);

    const ours = (await (await t.fetch(ws('/flows/name/etl'))).json()) as Flow;
    // Our workspace URL with Eve's key: 404, not 403.
    assert.equal((await t.fetch(ws('/flows/filter'), { ...json({}), key })).status, 404);
    // Eve's own workspace: our flow id reads as absent, and writes through her routes cannot touch it.
    assert.equal((await t.fetch(`${eveApi}/flows/${ours.id}`, { key })).status, 404);
    assert.equal((await t.fetch(`${eveApi}/flows/${ours.id}`, { method: 'DELETE', key })).status, 404);
    assert.deepEqual(await (await t.fetch(`${eveApi}/flows/filter`, { ...json({}), key })).json(), []);
    // A flow of the same name in her workspace is a different flow.
    const hers = (await (await t.fetch(`${eveApi}/flows/`, { ...json({ name: 'etl' }), key })).json()) as Flow;
    assert.notEqual(hers.id, ours.id);
    assert.equal((await t.fetch(ws(`/flows/${ours.id}`))).status, 200, 'ours is untouched');
    // Malformed workspace ids are 404 too.
    assert.equal((await t.fetch(`${t.api}/accounts/nope/workspaces/nope/flows/filter`, json({}))).status, 404);
  });
});
