import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addWorkspaceMember, createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitFor } from '../support/ws-client';

interface Variable {
  id: string;
  name: string;
  value: unknown;
  tags: string[];
  created: string;
  updated: string;
}

describe('variables (Prefect /variables routes)', () => {
  let t: TestServer;
  const send = (method: string, body?: unknown) => ({ method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const create = async (body: unknown) => t.fetch(ws('/variables/'), send('POST', body));
  const get = async (path: string) => (await (await t.fetch(ws(path))).json()) as Variable;
  const filter = async (body: unknown) => (await (await t.fetch(ws('/variables/filter'), send('POST', body))).json()) as Variable[];
  const eventsOf = async (stream: string) =>
    (await t.server.runtime.stores.events.readStream(stream)).map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, actor: (e.metadata as { actor: { id: string } }).actor }));
  const registry = () => eventsOf(`variableNames-${t.server.installation.ids.workspaceId}`);

  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t?.stop();
  });

  it('creates variables of every JSON type with 201 and reads them back exactly, by id and by name', async () => {
    const values: Record<string, unknown> = {
      v_string: 'hello',
      v_empty_string: '',
      v_int: 42,
      v_negative_float: -1.5,
      v_true: true,
      v_false: false,
      v_null: null,
      v_object: { nested: { list: [1, 'two', null, { 'a.b': true, $set: 1 }] }, 'key with spaces': 'x' },
      v_array: [1, 2.5, 'three', false, null, [], {}],
      v_empty_object: {},
      v_unicode: 'héllo 🌍',
    };
    for (const [name, value] of Object.entries(values)) {
      const res = await create({ name, value, tags: ['typed'] });
      assert.equal(res.status, 201, name);
      const v = (await res.json()) as Variable;
      assert.deepEqual(Object.keys(v).sort(), ['created', 'id', 'name', 'tags', 'updated', 'value']);
      assert.equal(v.name, name);
      assert.deepEqual(v.value, value, name);
      assert.deepEqual(v.tags, ['typed']);
      assert.deepEqual(await get(`/variables/${v.id}`), v);
      assert.deepEqual(await get(`/variables/name/${name}`), v);
    }
    // Key order of an object value is kept as sent.
    assert.deepEqual(Object.keys((await get('/variables/name/v_object')).value as object), ['nested', 'key with spaces']);
    // tags default to [] (the client leaves them out when unset)
    const untagged = (await (await create({ name: 'untagged', value: 1 })).json()) as Variable;
    assert.deepEqual(untagged.tags, []);
  });

  it('refuses a taken name with 409, and bad names, values and bodies with 422', async () => {
    const dup = await create({ name: 'v_string', value: 'again' });
    assert.equal(dup.status, 409);
    assert.match(((await dup.json()) as { detail: string }).detail, /already exists/);
    for (const bad of [{ name: 'Upper', value: 1 }, { name: 'with space', value: 1 }, { name: 'a/b', value: 1 }, { name: 'x'.repeat(256), value: 1 }, { name: 'ok_name' }, { value: 1 }, { name: 'big', value: 'x'.repeat(5000) }, { name: 'ok', value: 1, tags: 'x' }]) {
      const res = await create(bad);
      assert.equal(res.status, 422, JSON.stringify(bad).slice(0, 80));
      assert.equal(((await res.json()) as { exception_message: string }).exception_message, 'Invalid request received.');
    }
    assert.equal((await create({ name: 'x'.repeat(255), value: 'x'.repeat(4998) })).status, 201, 'the limits themselves are allowed');
  });

  it('answers 404 for a missing variable on every route', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    assert.equal((await t.fetch(ws(`/variables/${missing}`))).status, 404);
    const byName = await t.fetch(ws('/variables/name/nope'));
    assert.equal(byName.status, 404);
    assert.equal(((await byName.json()) as { detail: string }).detail, 'Variable not found.');
    assert.equal((await t.fetch(ws(`/variables/${missing}`), send('PATCH', { value: 1 }))).status, 404);
    assert.equal((await t.fetch(ws('/variables/name/nope'), send('PATCH', { value: 1 }))).status, 404);
    assert.equal((await t.fetch(ws(`/variables/${missing}`), send('DELETE'))).status, 404);
    assert.equal((await t.fetch(ws('/variables/name/nope'), send('DELETE'))).status, 404);
  });

  it('filters by id, name (any_, like_) and tags (all_, is_null_), sorts, pages and counts', async () => {
    for (const [name, tags] of [['f-beta', ['x', 'y']], ['f-alpha', ['x']], ['f-gamma', []]] as const) assert.equal((await create({ name, value: name, tags })).status, 201);
    const f = (variables: unknown, extra: Record<string, unknown> = {}) => filter({ variables, ...extra });
    assert.deepEqual((await f({ name: { like_: 'F-' } })).map((v) => v.name), ['f-alpha', 'f-beta', 'f-gamma'], 'like_ is a case-insensitive substring, NAME_ASC by default');
    assert.deepEqual((await f({ name: { like_: 'f-' } }, { sort: 'NAME_DESC' })).map((v) => v.name), ['f-gamma', 'f-beta', 'f-alpha']);
    assert.deepEqual((await f({ name: { any_: ['f-beta', 'nope'] } })).map((v) => v.name), ['f-beta']);
    assert.deepEqual((await f({ name: { like_: 'f-' }, tags: { all_: ['x'] } })).map((v) => v.name), ['f-alpha', 'f-beta']);
    assert.deepEqual((await f({ name: { like_: 'f-' }, tags: { all_: ['x', 'y'] } })).map((v) => v.name), ['f-beta']);
    assert.deepEqual((await f({ name: { like_: 'f-' }, tags: { is_null_: true } })).map((v) => v.name), ['f-gamma']);
    assert.deepEqual((await f({ name: { like_: 'f-' }, tags: { all_: [] } })).map((v) => v.name), ['f-alpha', 'f-beta', 'f-gamma'], 'an empty all_ filters nothing, as in Prefect');
    assert.deepEqual((await f({ name: { like_: 'f-' }, tags: { is_null_: false } })).map((v) => v.name), ['f-alpha', 'f-beta']);
    const alpha = await get('/variables/name/f-alpha');
    assert.deepEqual((await f({ id: { any_: [alpha.id] } })).map((v) => v.name), ['f-alpha']);
    assert.deepEqual((await f({ name: { like_: 'f-' } }, { sort: 'CREATED_DESC' })).map((v) => v.name), ['f-gamma', 'f-alpha', 'f-beta']);
    assert.deepEqual((await f({ name: { like_: 'f-' } }, { limit: 1, offset: 1 })).map((v) => v.name), ['f-beta']);
    // The client's read_variables sends only a limit (possibly null).
    assert.ok((await filter({ limit: null })).length > 3);
    const count = (b: unknown) => t.fetch(ws('/variables/count'), send('POST', b)).then((r) => r.json());
    assert.equal(await count({ variables: { name: { like_: 'f-' } } }), 3);
    assert.equal(await count({ variables: { tags: { all_: ['y'] } } }), 1);
    assert.equal(await count({}), (await filter({})).length);
    assert.equal((await t.fetch(ws('/variables/filter'), send('POST', { sort: 'SIDEWAYS' }))).status, 422);
    assert.equal((await t.fetch(ws('/variables/filter'), send('POST', { limit: 201 }))).status, 422);
    // UPDATED_DESC: the variable changed last comes first.
    assert.equal((await t.fetch(ws('/variables/name/f-beta'), send('PATCH', { value: 'changed' }))).status, 204);
    assert.equal((await f({ name: { like_: 'f-' } }, { sort: 'UPDATED_DESC' }))[0]!.name, 'f-beta');
  });

  it('patches by id and by name (204): value (to any type, including null), tags, and rename', async () => {
    const v = (await (await create({ name: 'p-var', value: 'one', tags: ['a'] })).json()) as Variable;
    assert.equal((await t.fetch(ws(`/variables/${v.id}`), send('PATCH', { value: { now: ['an', 'object'] } }))).status, 204);
    assert.deepEqual(await get(`/variables/${v.id}`), { ...v, value: { now: ['an', 'object'] }, updated: (await get(`/variables/${v.id}`)).updated });
    assert.equal((await t.fetch(ws('/variables/name/p-var'), send('PATCH', { name: 'p-var', value: null, tags: ['b'] }))).status, 204);
    let now = await get(`/variables/${v.id}`);
    assert.equal(now.value, null, '"value": null sets null');
    assert.deepEqual(now.tags, ['b']);
    assert.equal((await t.fetch(ws('/variables/name/p-var'), send('PATCH', { tags: ['c'] }))).status, 204);
    now = await get(`/variables/${v.id}`);
    assert.equal(now.value, null, 'an absent value is left alone');
    assert.ok(now.updated > v.updated);

    // Rename keeps the id; the old name is free again and reads 404.
    assert.equal((await t.fetch(ws(`/variables/${v.id}`), send('PATCH', { name: 'p-renamed' }))).status, 204);
    assert.equal((await get('/variables/name/p-renamed')).id, v.id);
    assert.equal((await t.fetch(ws('/variables/name/p-var'))).status, 404);
    const reused = await create({ name: 'p-var', value: 'new owner' });
    assert.equal(reused.status, 201);
    assert.notEqual(((await reused.json()) as Variable).id, v.id);
    // Renaming onto a taken name is 409 and changes nothing.
    const clash = await t.fetch(ws('/variables/name/p-renamed'), send('PATCH', { name: 'p-var' }));
    assert.equal(clash.status, 409);
    assert.equal((await get(`/variables/${v.id}`)).name, 'p-renamed');
    assert.equal((await t.fetch(ws(`/variables/${v.id}`), send('PATCH', { name: 'Bad Name' }))).status, 422);
    assert.equal((await t.fetch(ws(`/variables/${v.id}`), send('PATCH', { value: 'x'.repeat(5001) }))).status, 422);
  });

  it('a patch that changes nothing records nothing', async () => {
    const v = (await (await create({ name: 'noop-var', value: [1, 2], tags: ['t'] })).json()) as Variable;
    const before = [(await eventsOf(`variable-${v.id}`)).length, (await registry()).length];
    assert.equal((await t.fetch(ws('/variables/name/noop-var'), send('PATCH', { name: 'noop-var', value: [1, 2], tags: ['t'] }))).status, 204);
    assert.deepEqual([(await eventsOf(`variable-${v.id}`)).length, (await registry()).length], before);
    assert.equal((await get(`/variables/${v.id}`)).updated, v.updated);
  });

  it('deletes by id and by name (204); then 404', async () => {
    const a = (await (await create({ name: 'd-one', value: 1 })).json()) as Variable;
    await create({ name: 'd-two', value: 2 });
    assert.equal((await t.fetch(ws(`/variables/${a.id}`), send('DELETE'))).status, 204);
    assert.equal((await t.fetch(ws(`/variables/${a.id}`))).status, 404);
    assert.equal((await t.fetch(ws('/variables/name/d-two'), send('DELETE'))).status, 204);
    assert.equal((await t.fetch(ws('/variables/name/d-two'))).status, 404);
    assert.equal((await t.fetch(ws('/variables/name/d-two'), send('DELETE'))).status, 404);
    assert.equal((await create({ name: 'd-one', value: 'back' })).status, 201, 'a deleted name can be used again');
  });

  it('keeps names unique under concurrent creates and renames: exactly one wins, the rest get 409', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => create({ name: 'race', value: i })));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409]);
    assert.equal((await filter({ variables: { name: { any_: ['race'] } } })).length, 1);

    const x = (await (await create({ name: 'race-x', value: 'x' })).json()) as Variable;
    const y = (await (await create({ name: 'race-y', value: 'y' })).json()) as Variable;
    const renames = await Promise.all([
      t.fetch(ws(`/variables/${x.id}`), send('PATCH', { name: 'race-target' })),
      t.fetch(ws(`/variables/${y.id}`), send('PATCH', { name: 'race-target' })),
      create({ name: 'race-target', value: 'z' }),
    ]);
    assert.deepEqual(renames.map((r) => r.status).filter((s) => s < 300).length, 1, 'one of the three gets the name');
    assert.deepEqual(renames.map((r) => r.status).filter((s) => s === 409).length, 2);
    assert.equal((await filter({ variables: { name: { any_: ['race-target'] } } })).length, 1);
  });

  it('records every change as an event with the actor: on the variable stream, and name claims on the workspace registry', async () => {
    const v = (await (await create({ name: 'audited', value: 'a' })).json()) as Variable;
    await t.fetch(ws(`/variables/${v.id}`), send('PATCH', { name: 'audited-2', value: 'b' }));
    await t.fetch(ws('/variables/name/audited-2'), send('DELETE'));
    const own = await eventsOf(`variable-${v.id}`);
    assert.deepEqual(own.map((e) => e.type), ['VariableCreated', 'VariableUpdated', 'VariableDeleted']);
    assert.deepEqual(own[1]!.data.changes, { name: 'audited-2', value: 'b' });
    assert.equal((own[1]!.data.rename as { previousName: string }).previousName, 'audited');
    const names = (await registry()).filter((e) => e.data.variableId === v.id);
    assert.deepEqual(
      names.map((e) => `${e.type} ${e.data.name as string}`),
      ['VariableNameClaimed audited', 'VariableNameClaimed audited-2', 'VariableNameReleased audited', 'VariableNameReleased audited-2'],
    );
    for (const e of [...own, ...names]) assert.equal(e.actor.id, t.server.installation.ids.userId);
  });

  it('recovers a name whose claim was left behind by a request that died half-way, and never takes a live one', async () => {
    const store = t.server.runtime.stores.events;
    const metadata = (await store.readStream(`variableNames-${t.server.installation.ids.workspaceId}`))[0]!.metadata;
    const leave = async (name: string, variableId: string, claimId: string) =>
      store.append(`variableNames-${t.server.installation.ids.workspaceId}`, [{ id: randomUUID(), type: 'VariableNameClaimed', data: { name, variableId, claimId, at: '2026-11-27T10:00:00.000000Z' }, metadata }], 'any');
    // A create that claimed its name and died before writing the variable.
    const ghost = randomUUID();
    await leave('orphan', ghost, randomUUID());
    const res = await create({ name: 'orphan', value: 'mine now' });
    assert.equal(res.status, 201, 'the dead claim was retired');
    assert.deepEqual((await eventsOf(`variable-${ghost}`)).map((e) => e.type), ['VariableNameClaimAbandoned'], 'recorded on the dead holder, so its create can never land');
    assert.equal((await t.fetch(ws(`/variables/${ghost}`))).status, 404);
    // A rename that claimed the new name and died before renaming: the variable keeps its name, the new one is free.
    const keeper = (await (await create({ name: 'keeper', value: 1 })).json()) as Variable;
    await leave('keeper-next', keeper.id, randomUUID());
    assert.equal((await create({ name: 'keeper-next', value: 2 })).status, 201);
    assert.equal((await get('/variables/name/keeper')).id, keeper.id);
    // A live claim is never retired: the name is taken.
    assert.equal((await create({ name: 'keeper', value: 3 })).status, 409);
    assert.equal((await get('/variables/name/keeper')).value, 1);
  });

  it('keeps workspaces apart: our variables are 404 from another workspace, and its names are its own', async () => {
    const other = await createOtherTenant(t, 'vera');
    const theirs = (path: string, init: RequestInit = {}) => t.fetch(`${other.api}${path}`, { ...init, key: other.key });

    const ours = await get('/variables/name/v_string');
    assert.equal((await theirs(`/variables/${ours.id}`)).status, 404);
    assert.equal((await theirs('/variables/name/v_string')).status, 404);
    assert.equal((await theirs(`/variables/${ours.id}`, send('PATCH', { value: 'hijack' }))).status, 404);
    assert.equal((await theirs(`/variables/${ours.id}`, send('DELETE'))).status, 404);
    assert.deepEqual(await (await theirs('/variables/filter', send('POST', {}))).json(), []);
    assert.equal(await (await theirs('/variables/count', send('POST', {}))).json(), 0);
    // The same name in their workspace is a different variable.
    const created = await theirs('/variables/', send('POST', { name: 'v_string', value: 'theirs' }));
    assert.equal(created.status, 201);
    assert.notEqual(((await created.json()) as Variable).id, ours.id);
    assert.equal((await get(`/variables/${ours.id}`)).value, 'hello', 'ours is untouched');
    // Our key on their workspace URL: 404.
    assert.equal((await t.fetch(`${other.api}/variables/filter`, send('POST', {}))).status, 404);
  });

  it('publishes prefect.variable.created|updated|deleted with the variable as of each change', async () => {
    const v = (await (await create({ name: 'published', value: { a: 1 }, tags: ['t'] })).json()) as Variable;
    await t.fetch(ws(`/variables/${v.id}`), send('PATCH', { name: 'published-2', value: [1, 2] }));
    await t.fetch(ws(`/variables/${v.id}`), send('DELETE'));
    type Published = { event: string; resource: Record<string, string>; payload: Record<string, unknown> };
    const events = await waitFor(async () => {
      const res = await t.fetch(ws('/events/filter'), send('POST', { filter: { resource: { id: [`prefect.variable.${v.id}`] }, order: 'ASC' } }));
      const page = (await res.json()) as { events: Published[] };
      return page.events.length >= 3 ? page.events : undefined;
    }, 'the variable lifecycle events');
    const sorted = ['created', 'updated', 'deleted'].map((a) => events.find((e) => e.event === `prefect.variable.${a}`)!);
    assert.deepEqual(sorted.map((e) => e.payload), [
      { name: 'published', value: { a: 1 }, tags: ['t'] },
      { name: 'published-2', value: [1, 2], tags: ['t'] },
      { name: 'published-2', value: [1, 2], tags: ['t'] },
    ]);
    assert.deepEqual(sorted.map((e) => e.resource['prefect.resource.name']), ['published', 'published-2', 'published-2']);
    assert.equal(events.length, 3, 'each change published once');
  });

  it('asks see_variables to read, write_variables to create and edit, manage_variables to delete', async () => {
    const as = (key: string, method: string, path: string, body?: unknown) => t.fetch(ws(path), { ...send(method, body), key });
    const viewer = await addWorkspaceMember(t, 'viewer', 'var-viewer');
    const worker = await addWorkspaceMember(t, 'worker', 'var-worker');
    const developer = await addWorkspaceMember(t, 'developer', 'var-dev');
    for (const key of [viewer, worker]) {
      assert.equal((await as(key, 'GET', '/variables/name/v_int')).status, 200);
      assert.equal((await as(key, 'POST', '/variables/filter', {})).status, 200);
      const denied = await as(key, 'POST', '/variables/', { name: 'nope', value: 1 });
      assert.equal(denied.status, 403);
      assert.match(((await denied.json()) as { detail: string }).detail, /write_variables/);
      assert.equal((await as(key, 'PATCH', '/variables/name/v_int', { value: 2 })).status, 403);
      assert.equal((await as(key, 'DELETE', '/variables/name/v_int')).status, 403);
    }
    assert.equal((await as(developer, 'POST', '/variables/', { name: 'by-dev', value: 1 })).status, 201);
    assert.equal((await as(developer, 'PATCH', '/variables/name/by-dev', { value: 2 })).status, 204);
    assert.equal((await as(developer, 'DELETE', '/variables/name/by-dev')).status, 204);
    assert.equal((await get('/variables/name/v_int')).value, 42, 'nothing the refused calls asked for happened');
  });

  it('serves the OSS layout (/api/variables) for the default workspace', async () => {
    const res = await t.fetch('/variables/name/v_int');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as Variable).value, 42);
  });
});
