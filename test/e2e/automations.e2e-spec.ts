import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

interface Automation {
  id: string;
  name: string;
  enabled: boolean;
  tags: string[];
  trigger: Record<string, unknown> & { id: string; type: string };
  actions: Record<string, unknown>[];
  owner_resource: string | null;
}

const DEPLOYMENT = '1c9e7b52-5d0a-4c1f-8e0e-7b3f5a2d9c41';

describe('automations (Prefect /automations routes)', () => {
  let t: TestServer;
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const send = (method: string, body: unknown, key?: string) => ({ method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, ...(key ? { key } : {}) });
  const create = async (body: Record<string, unknown>) => {
    const r = await t.fetch(ws('/automations/'), send('POST', body));
    assert.equal(r.status, 201, await r.clone().text());
    return (await r.json()) as Automation;
  };

  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  it('creates an automation in Prefect shape, with defaults filled and a server-assigned trigger id', async () => {
    const a = await create({ name: 'alert on failure', tags: ['ops'], trigger: { id: 'client-sent', expect: ['prefect.flow-run.Failed'], match: { 'prefect.resource.id': 'prefect.flow-run.*' } }, actions: [{ type: 'do-nothing' }] });
    assert.equal(a.name, 'alert on failure');
    assert.equal(a.enabled, true);
    assert.equal(a.trigger.type, 'event');
    assert.equal(a.trigger.posture, 'Reactive');
    assert.equal(a.trigger.threshold, 1);
    assert.equal(a.trigger.within, 0);
    assert.notEqual(a.trigger.id, 'client-sent');
    assert.match(a.trigger.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(await (await t.fetch(ws(`/automations/${a.id}`))).json(), a);
    const [recorded] = await t.server.runtime.stores.events.readStream(`automation-${a.id}`);
    assert.equal(recorded?.type, 'AutomationCreated');
    assert.equal((recorded?.metadata as { actor: { type: string } }).actor.type, 'user');
  });

  it('refuses invalid automations with 422 and a message naming the field', async () => {
    const r = await t.fetch(ws('/automations/'), send('POST', { name: 'bad', trigger: { posture: 'Proactive', within: 3 }, actions: [] }));
    assert.equal(r.status, 422);
    assert.match(await r.text(), /within/);
    assert.equal((await t.fetch(ws('/automations/'), send('POST', { name: 'bad', trigger: {}, actions: [{ type: 'launch-rockets' }] }))).status, 422);
  });

  it('filters by name and tags, sorts, counts', async () => {
    await create({ name: 'b-second', tags: ['nightly'], trigger: {}, actions: [] });
    await create({ name: 'a-first', tags: ['nightly', 'ops'], trigger: {}, actions: [] });
    const byTag = (await (await t.fetch(ws('/automations/filter'), send('POST', { automations: { tags: { all_: ['nightly'] } } }))).json()) as Automation[];
    assert.deepEqual(byTag.map((a) => a.name), ['a-first', 'b-second']);
    const byName = (await (await t.fetch(ws('/automations/filter'), send('POST', { automations: { name: { any_: ['b-second'] } }, sort: 'NAME_ASC', limit: null, offset: null }))).json()) as Automation[];
    assert.deepEqual(byName.map((a) => a.name), ['b-second']);
    const newest = (await (await t.fetch(ws('/automations/filter'), send('POST', { sort: 'CREATED_DESC', limit: 1 }))).json()) as Automation[];
    assert.deepEqual(newest.map((a) => a.name), ['a-first']);
    assert.equal(await (await t.fetch(ws('/automations/count'), send('POST', {}))).json(), 3);
  });

  it('replaces (PUT), enables and disables (PATCH), deletes', async () => {
    const a = await create({ name: 'to change', trigger: { expect: ['x'] }, actions: [] });
    assert.equal((await t.fetch(ws(`/automations/${a.id}`), send('PUT', { name: 'changed', trigger: { expect: ['y'] }, actions: [{ type: 'cancel-flow-run' }], enabled: true }))).status, 204);
    const changed = (await (await t.fetch(ws(`/automations/${a.id}`))).json()) as Automation;
    assert.equal(changed.name, 'changed');
    assert.deepEqual(changed.trigger.expect, ['y']);
    assert.equal((await t.fetch(ws(`/automations/${a.id}`), send('PATCH', { enabled: false }))).status, 204);
    assert.equal(((await (await t.fetch(ws(`/automations/${a.id}`))).json()) as Automation).enabled, false);
    assert.equal((await t.fetch(ws(`/automations/${a.id}`), send('PATCH', { enabled: 'no' }))).status, 422);
    assert.equal((await t.fetch(ws(`/automations/${a.id}`), { method: 'DELETE' })).status, 204);
    assert.equal((await t.fetch(ws(`/automations/${a.id}`))).status, 404);
    assert.equal((await t.fetch(ws(`/automations/${a.id}`), { method: 'DELETE' })).status, 404);
    const types = (await t.server.runtime.stores.events.readStream(`automation-${a.id}`)).map((e) => e.type);
    assert.deepEqual(types, ['AutomationCreated', 'AutomationUpdated', 'AutomationEnabledChanged', 'AutomationDeleted']);
  });

  it('relates automations to their owner and to the deployments they run; deletes the owned ones (202)', async () => {
    const owner = `prefect.deployment.${DEPLOYMENT}`;
    const owned = await create({ name: 'owned', trigger: {}, actions: [], owner_resource: owner });
    const runs = await create({ name: 'runs it', trigger: {}, actions: [{ type: 'run-deployment', source: 'selected', deployment_id: DEPLOYMENT, parameters: { x: 1 } }] });
    const related = (await (await t.fetch(ws(`/automations/related-to/${owner}`))).json()) as Automation[];
    assert.deepEqual(related.map((a) => a.id).sort(), [owned.id, runs.id].sort());
    assert.equal(related.find((a) => a.id === owned.id)?.owner_resource, owner);
    assert.equal((await t.fetch(ws(`/automations/owned-by/${owner}`), { method: 'DELETE' })).status, 202);
    assert.equal((await t.fetch(ws(`/automations/${owned.id}`))).status, 404);
    assert.equal((await t.fetch(ws(`/automations/${runs.id}`))).status, 200, 'only owned automations are deleted');
    assert.equal((await t.fetch(ws('/automations/owned-by/prefect.deployment.nothing'), { method: 'DELETE' })).status, 202);
    assert.deepEqual(await (await t.fetch(ws('/automations/related-to/prefect.deployment.nothing'))).json(), []);
  });

  it('keeps workspaces apart: another tenant gets 404 and cannot touch ours by id', async () => {
    const ours = await create({ name: 'ours', trigger: {}, actions: [] });
    const { key, api: eve } = await createOtherTenant(t);
    assert.equal((await t.fetch(ws(`/automations/${ours.id}`), { key })).status, 404);
    assert.equal((await t.fetch(`${eve}/automations/${ours.id}`, { key })).status, 404);
    assert.equal((await t.fetch(`${eve}/automations/${ours.id}`, send('PATCH', { enabled: false }, key))).status, 404);
    assert.equal((await t.fetch(`${eve}/automations/${ours.id}`, { method: 'DELETE', key })).status, 404);
    assert.deepEqual(await (await t.fetch(`${eve}/automations/filter`, send('POST', {}, key))).json(), []);
    assert.equal(((await (await t.fetch(ws(`/automations/${ours.id}`))).json()) as Automation).enabled, true);
  });
});
