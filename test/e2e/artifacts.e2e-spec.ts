import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { artifactStream } from '../../src/contexts/orchestration/application/artifacts/artifact.use-cases';
import { addWorkspaceMember, createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitFor } from '../support/ws-client';

interface Artifact {
  id: string;
  created: string;
  updated: string;
  key: string | null;
  type: string | null;
  description: string | null;
  data: unknown;
  metadata_: Record<string, string> | null;
  flow_run_id: string | null;
  task_run_id: string | null;
}
interface Collection extends Omit<Artifact, 'key'> {
  key: string;
  latest_id: string;
}

describe('artifacts (Prefect /artifacts routes)', () => {
  let t: TestServer;
  const send = (method: string, body?: unknown) => ({ method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const ws = (path: string) => `${t.workspaceApi}${path}`;
  const post = async <T>(path: string, body: unknown) => {
    const res = await t.fetch(ws(path), send('POST', body));
    assert.ok(res.status < 300, `${path} ${res.status} ${await res.clone().text()}`);
    return (await res.json()) as T;
  };
  const create = (body: Record<string, unknown>) => post<Artifact>('/artifacts/', body);
  const get = async (path: string) => (await (await t.fetch(ws(path))).json()) as Artifact;
  const filter = (body: unknown) => post<Artifact[]>('/artifacts/filter', body);
  const latest = (body: unknown) => post<Collection[]>('/artifacts/latest/filter', body);
  const patch = (id: string, body: unknown) => t.fetch(ws(`/artifacts/${id}`), send('PATCH', body));
  const del = (id: string) => t.fetch(ws(`/artifacts/${id}`), send('DELETE'));
  // What the client's create_*_artifact send: every field it sets explicitly, nulls included (exclude_unset).
  const clientBody = (type: string, key: string | null, data: unknown, extra: Record<string, unknown> = {}) => ({ type, key, description: null, task_run_id: null, flow_run_id: null, data, ...extra });

  let flowA: { id: string };
  let runA: { id: string };
  let runB: { id: string };
  let taskA: { id: string };

  before(async () => {
    t = await startTestServer();
    flowA = await post('/flows/', { name: 'art-flow-a' });
    const flowB = await post<{ id: string }>('/flows/', { name: 'art-flow-b' });
    runA = await post('/flow_runs/', { flow_id: flowA.id, name: 'run-a' });
    runB = await post('/flow_runs/', { flow_id: flowB.id, name: 'run-b' });
    taskA = await post('/task_runs/', { flow_run_id: runA.id, task_key: 'extract', dynamic_key: '0', name: 'extract-0' });
  });
  after(async () => {
    await t?.stop();
  });

  it('creates the artifacts of every create_*_artifact with 201 and reads them back by id', async () => {
    const table = [{ a: 1, b: null }, { a: 2, b: 'x' }];
    const bodies = {
      markdown: clientBody('markdown', 'md-report', '# Title\n\n*text*', { description: 'A **markdown** artifact', flow_run_id: runA.id, task_run_id: taskA.id }),
      table: clientBody('table', 'table-report', JSON.stringify(table), { flow_run_id: runA.id }),
      link: clientBody('markdown', 'link-report', '[Prefect](https://www.prefect.io/)', { flow_run_id: runB.id }),
      progress: clientBody('progress', 'progress-report', 12.5, { flow_run_id: runA.id }),
      image: clientBody('image', 'image-report', 'https://example.com/chart.png', { flow_run_id: runB.id }),
      keyless: clientBody('markdown', null, 'no key here'),
      objectData: { key: 'object-data', type: 'result', data: { nested: { 'a.b': [1, null, true], $x: 'y' } }, metadata_: { owner: 'team-a', long: 'z'.repeat(600) } },
      bare: {},
    };
    for (const [name, body] of Object.entries(bodies)) {
      const res = await t.fetch(ws('/artifacts/'), send('POST', body));
      assert.equal(res.status, 201, name);
      const a = (await res.json()) as Artifact;
      assert.deepEqual(Object.keys(a).sort(), ['created', 'data', 'description', 'flow_run_id', 'id', 'key', 'metadata_', 'task_run_id', 'type', 'updated'], name);
      assert.equal(a.key, (body as { key?: string }).key ?? null, name);
      assert.equal(a.type, (body as { type?: string }).type ?? null, name);
      if (name !== 'objectData') assert.deepEqual(a.data, (body as { data?: unknown }).data ?? null, name);
      assert.deepEqual(await get(`/artifacts/${a.id}`), a, name);
    }
    const obj = (await filter({ artifacts: { key: { any_: ['object-data'] } } }))[0]!;
    assert.deepEqual(obj.data, { nested: { 'a.b': [1, null, true], $x: 'y' } });
    assert.equal(obj.metadata_!.owner, 'team-a');
    assert.equal(obj.metadata_!.long, `${'z'.repeat(500)}...`, 'long metadata values are cut as Prefect does');
    const md = (await filter({ artifacts: { key: { any_: ['md-report'] } } }))[0]!;
    assert.equal(md.flow_run_id, runA.id);
    assert.equal(md.task_run_id, taskA.id);
    assert.equal(md.description, 'A **markdown** artifact');
    assert.deepEqual(JSON.parse((await filter({ artifacts: { key: { any_: ['table-report'] } } }))[0]!.data as string), table);
    assert.equal((await filter({ artifacts: { key: { any_: ['progress-report'] } } }))[0]!.data, 12.5);
  });

  it("refuses keys outside Prefect's rule and malformed fields with 422", async () => {
    for (const bad of [{ key: 'Upper' }, { key: 'under_score' }, { key: 'with space' }, { key: 5 }, { metadata_: { a: 1 } }, { description: ['x'] }, { flow_run_id: 'not-a-uuid' }]) {
      const res = await t.fetch(ws('/artifacts/'), send('POST', bad));
      assert.equal(res.status, 422, JSON.stringify(bad));
      assert.equal(((await res.json()) as { exception_message: string }).exception_message, 'Invalid request received.');
    }
  });

  it('keeps the latest artifact per key; deleting the latest falls back to the previous one, deleting the last removes the collection', async () => {
    const a1 = await create({ key: 'daily', type: 'markdown', data: 'day 1', description: 'first' });
    const a2 = await create({ key: 'daily', type: 'table', data: '[[2]]', description: 'second', flow_run_id: runA.id });
    const a3 = await create({ key: 'daily', type: 'markdown', data: 'day 3' });
    let [c] = await latest({ artifacts: { key: { any_: ['daily'] } } });
    assert.equal(c!.latest_id, a3.id);
    assert.notEqual(c!.id, a3.id, 'the collection has its own id');
    assert.equal(c!.data, 'day 3');
    assert.deepEqual(Object.keys(c!).sort(), ['created', 'data', 'description', 'flow_run_id', 'id', 'key', 'latest_id', 'metadata_', 'task_run_id', 'type', 'updated']);
    assert.equal((await get('/artifacts/daily/latest')).id, a3.id);
    const collectionId = c!.id;

    // Deleting the latest: the collection now shows the previous artifact, all of its fields.
    assert.equal((await del(a3.id)).status, 204);
    [c] = await latest({ artifacts: { key: { any_: ['daily'] } } });
    assert.equal(c!.id, collectionId);
    assert.equal(c!.latest_id, a2.id);
    assert.deepEqual({ type: c!.type, data: c!.data, description: c!.description, flow_run_id: c!.flow_run_id, created: c!.created }, { type: 'table', data: '[[2]]', description: 'second', flow_run_id: runA.id, created: a2.created });
    assert.equal((await get('/artifacts/daily/latest')).id, a2.id);

    // Deleting an older one leaves the collection alone.
    assert.equal((await del(a1.id)).status, 204);
    assert.equal((await latest({ artifacts: { key: { any_: ['daily'] } } }))[0]!.latest_id, a2.id);

    // Deleting the last: no collection, no latest.
    const before = (await (await t.fetch(ws('/artifacts/latest/count'), send('POST', {}))).json()) as number;
    assert.equal((await del(a2.id)).status, 204);
    assert.deepEqual(await latest({ artifacts: { key: { any_: ['daily'] } } }), []);
    assert.equal((await t.fetch(ws('/artifacts/daily/latest'))).status, 404);
    assert.equal(await (await t.fetch(ws('/artifacts/latest/count'), send('POST', {}))).json(), before - 1);
    // The key can be used again: a new collection.
    const a4 = await create({ key: 'daily', data: 'again' });
    [c] = await latest({ artifacts: { key: { any_: ['daily'] } } });
    assert.equal(c!.latest_id, a4.id);
    assert.notEqual(c!.id, collectionId);
  });

  it('keeps one collection per key under concurrent creates and deletes of the key', async () => {
    const made = await Promise.all(Array.from({ length: 10 }, (_, i) => create({ key: 'busy-key', type: 'progress', data: i })));
    assert.equal(new Set(made.map((a) => a.id)).size, 10);
    const [c] = await latest({ artifacts: { key: { any_: ['busy-key'] } } });
    assert.equal((await latest({ artifacts: { key: { any_: ['busy-key'] } } })).length, 1);
    assert.ok(made.some((a) => a.id === c!.latest_id));
    assert.equal(c!.data, made.find((a) => a.id === c!.latest_id)!.data, 'the collection shows its latest artifact');
    assert.equal(await post<number>('/artifacts/count', { artifacts: { key: { any_: ['busy-key'] } } }), 10);
    // Delete all but one, concurrently: the collection falls back to the one left.
    const keep = made[3]!;
    const statuses = await Promise.all(made.filter((a) => a.id !== keep.id).map((a) => del(a.id)));
    assert.deepEqual([...new Set(statuses.map((r) => r.status))], [204]);
    const [after] = await latest({ artifacts: { key: { any_: ['busy-key'] } } });
    assert.equal(after!.latest_id, keep.id);
    assert.equal(after!.data, 3);
    assert.equal((await del(keep.id)).status, 204);
    assert.deepEqual(await latest({ artifacts: { key: { any_: ['busy-key'] } } }), []);
  });

  it('patches data, description and metadata_ (204); the collection follows when the artifact is the latest (update_progress_artifact)', async () => {
    const old = await create(clientBody('progress', 'etl-progress', 0));
    const p = await create(clientBody('progress', 'etl-progress', 10));
    // update_progress_artifact sends only data (and description when given).
    assert.equal((await patch(p.id, { data: 55.5 })).status, 204);
    let now = await get(`/artifacts/${p.id}`);
    assert.equal(now.data, 55.5);
    assert.ok(now.updated > p.updated);
    let [c] = await latest({ artifacts: { key: { any_: ['etl-progress'] } } });
    assert.equal(c!.data, 55.5);
    assert.equal(c!.updated, now.updated);
    assert.equal((await patch(p.id, { data: 100, description: 'done', metadata_: { rows: '10' } })).status, 204);
    [c] = await latest({ artifacts: { key: { any_: ['etl-progress'] } } });
    assert.deepEqual({ data: c!.data, description: c!.description, metadata_: c!.metadata_ }, { data: 100, description: 'done', metadata_: { rows: '10' } });
    // An explicit null clears; an absent field is left alone.
    assert.equal((await patch(p.id, { description: null })).status, 204);
    now = await get(`/artifacts/${p.id}`);
    assert.equal(now.description, null);
    assert.equal(now.data, 100);
    // Patching an older artifact of the key leaves the collection as it is.
    assert.equal((await patch(old.id, { data: 1 })).status, 204);
    assert.equal((await get(`/artifacts/${old.id}`)).data, 1);
    [c] = await latest({ artifacts: { key: { any_: ['etl-progress'] } } });
    assert.equal(c!.data, 100);
    assert.equal((await patch(p.id, { metadata_: { bad: 1 } })).status, 422);
  });

  it('answers 404 for a missing artifact on every route', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await t.fetch(ws(`/artifacts/${missing}`));
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { detail: string }).detail, 'Artifact not found.');
    assert.equal((await patch(missing, { data: 1 })).status, 404);
    assert.equal((await del(missing)).status, 404);
    assert.equal((await t.fetch(ws('/artifacts/no-such-key/latest'))).status, 404);
    const gone = await create({ data: 'short-lived' });
    assert.equal((await del(gone.id)).status, 204);
    assert.equal((await t.fetch(ws(`/artifacts/${gone.id}`))).status, 404);
    assert.equal((await del(gone.id)).status, 404);
    assert.equal((await patch(gone.id, { data: 2 })).status, 404);
  });

  it('filters by the artifact fields, sorts (ID_DESC by default: newest first), pages and counts', async () => {
    const f1 = await create({ key: 'flt-b', type: 'markdown', data: 1 });
    const f2 = await create({ key: 'flt-a', type: 'table', data: 2 });
    const f3 = await create({ key: 'flt-c', type: null, data: 3 });
    const like = { key: { like_: 'FLT-' } };
    assert.deepEqual((await filter({ artifacts: like })).map((a) => a.id), [f3.id, f2.id, f1.id]);
    assert.deepEqual((await filter({ artifacts: like, sort: 'KEY_ASC' })).map((a) => a.key), ['flt-a', 'flt-b', 'flt-c']);
    assert.deepEqual((await filter({ artifacts: like, sort: 'KEY_DESC', limit: 2 })).map((a) => a.key), ['flt-c', 'flt-b']);
    assert.deepEqual((await filter({ artifacts: like, sort: 'CREATED_DESC', offset: 2 })).map((a) => a.key), ['flt-b']);
    assert.equal((await patch(f1.id, { data: 'touched' })).status, 204);
    assert.equal((await filter({ artifacts: like, sort: 'UPDATED_DESC' }))[0]!.id, f1.id);
    assert.deepEqual((await filter({ artifacts: { ...like, type: { any_: ['table', 'markdown'] } }, sort: 'KEY_ASC' })).map((a) => a.key), ['flt-a', 'flt-b']);
    assert.deepEqual((await filter({ artifacts: { ...like, type: { not_any_: ['table'] } }, sort: 'KEY_ASC' })).map((a) => a.key), ['flt-b'], 'as in SQL, NOT IN skips a null type');
    assert.deepEqual((await filter({ artifacts: { id: { any_: [f2.id] } } })).map((a) => a.id), [f2.id]);
    assert.ok((await filter({ artifacts: { key: { exists_: false } } })).every((a) => a.key === null));
    assert.ok((await filter({ artifacts: { key: { exists_: false } } })).length >= 1);
    assert.ok((await filter({ artifacts: { key: { exists_: true } } })).every((a) => a.key !== null));
    assert.deepEqual((await filter({ artifacts: { flow_run_id: { any_: [runB.id] } }, sort: 'KEY_ASC' })).map((a) => a.key), ['image-report', 'link-report']);
    assert.deepEqual((await filter({ artifacts: { task_run_id: { any_: [taskA.id] } } })).map((a) => a.key), ['md-report']);
    assert.deepEqual((await filter({ artifacts: { operator: 'or_', key: { any_: ['flt-a'] }, type: { any_: ['image'] } }, sort: 'KEY_ASC' })).map((a) => a.key), ['flt-a', 'image-report']);
    const count = (b: unknown) => post<number>('/artifacts/count', b);
    assert.equal(await count({ artifacts: like }), 3);
    assert.equal(await count({}), (await filter({})).length);
    // The client's read_artifacts sends every key, unset ones null.
    assert.equal((await filter({ artifacts: like, flow_runs: null, task_runs: null, limit: null, offset: null, sort: null })).length, 3);
    assert.equal((await t.fetch(ws('/artifacts/filter'), send('POST', { sort: 'NAME_ASC' }))).status, 422);
    assert.equal((await t.fetch(ws('/artifacts/filter'), send('POST', { limit: 500 }))).status, 422);
  });

  it('joins with flow runs, task runs, flows and deployments, for artifacts and for the latest per key', async () => {
    const dep = await post<{ id: string }>('/deployments/', { name: 'art-dep', flow_id: flowA.id });
    const depRun = await post<{ id: string }>('/flow_runs/', { flow_id: flowA.id, deployment_id: dep.id, name: 'run-dep' });
    const fromDep = await create({ key: 'from-deployment', data: 'd', flow_run_id: depRun.id });
    const keysOf = (list: { key: string | null }[]) => list.map((a) => a.key).sort();

    assert.deepEqual(keysOf(await filter({ flow_runs: { name: { any_: ['run-b'] } } })), ['image-report', 'link-report']);
    assert.deepEqual(keysOf(await filter({ task_runs: { name: { any_: ['extract-0'] } } })), ['md-report']);
    assert.deepEqual(keysOf(await filter({ flows: { name: { any_: ['art-flow-b'] } } })), ['image-report', 'link-report']);
    assert.deepEqual(keysOf(await filter({ deployments: { id: { any_: [dep.id] } } })), ['from-deployment']);
    assert.deepEqual(keysOf(await filter({ deployments: { name: { any_: ['art-dep'] } } })), ['from-deployment']);
    assert.deepEqual(keysOf(await filter({ flows: { name: { any_: ['art-flow-a'] } }, flow_runs: { name: { any_: ['run-dep'] } } })), ['from-deployment'], 'joins are ANDed');
    assert.deepEqual(await filter({ flows: { name: { any_: ['art-flow-b'] } }, task_runs: { name: { any_: ['extract-0'] } } }), []);
    assert.deepEqual(await filter({ flow_runs: { name: { any_: ['no-such-run'] } } }), []);
    assert.equal(await post<number>('/artifacts/count', { flows: { name: { any_: ['art-flow-b'] } } }), 2);

    // The latest per key, with the same joins and its own filter (latest_id, key, type).
    assert.deepEqual(keysOf(await latest({ flows: { name: { any_: ['art-flow-b'] } } })), ['image-report', 'link-report']);
    assert.deepEqual(keysOf(await latest({ deployments: { id: { any_: [dep.id] } } })), ['from-deployment']);
    assert.deepEqual(keysOf(await latest({ task_runs: { name: { any_: ['extract-0'] } } })), ['md-report']);
    assert.deepEqual((await latest({ artifacts: { latest_id: { any_: [fromDep.id] } } })).map((c) => c.key), ['from-deployment']);
    assert.deepEqual(keysOf(await latest({ artifacts: { key: { like_: 'report' }, type: { any_: ['markdown'] } } })), ['link-report', 'md-report']);
    assert.equal(await post<number>('/artifacts/latest/count', { flows: { name: { any_: ['art-flow-b'] } } }), 2);
    assert.deepEqual((await latest({ artifacts: { key: { like_: 'report' } }, sort: 'KEY_DESC', limit: 2 })).map((c) => c.key), ['table-report', 'progress-report']);
    assert.ok((await latest({})).every((c) => c.key !== null), 'artifacts without a key have no collection');
  });

  it('records every change as an event with the actor, on the key stream (or the artifact stream without a key)', async () => {
    const a = await create({ key: 'audited-art', data: 1 });
    const b = await create({ key: 'audited-art', data: 2 });
    assert.equal((await patch(b.id, { data: 3 })).status, 204);
    assert.equal((await del(b.id)).status, 204);
    const store = t.server.runtime.stores.events;
    const stream = await store.readStream(artifactStream(t.server.installation.ids.workspaceId, 'audited-art', a.id));
    assert.deepEqual(stream.map((e) => e.type), ['ArtifactCreated', 'ArtifactCreated', 'ArtifactUpdated', 'ArtifactDeleted']);
    const deleted = stream[3]!.data as { collection: { successor: { id: string; data: unknown } } };
    assert.equal(deleted.collection.successor.id, a.id, 'the delete names the artifact the collection falls back to');
    for (const e of stream) assert.equal((e.metadata as { actor: { id: string } }).actor.id, t.server.installation.ids.userId);

    const lone = await create({ data: 'alone' });
    const own = await store.readStream(artifactStream(t.server.installation.ids.workspaceId, null, lone.id));
    assert.deepEqual(own.map((e) => e.type), ['ArtifactCreated']);
    assert.equal((own[0]!.metadata as { actor: { id: string } }).actor.id, t.server.installation.ids.userId);
    // A patch that changes nothing records nothing.
    assert.equal((await patch(lone.id, { data: 'alone' })).status, 204);
    assert.equal((await store.readStream(artifactStream(t.server.installation.ids.workspaceId, null, lone.id))).length, 1);
  });

  it('publishes prefect.artifact-collection.created|updated|deleted as the latest of a key changes', async () => {
    const a1 = await create({ key: 'lifecycle', type: 'markdown', data: 'one', flow_run_id: runA.id });
    const a2 = await create({ key: 'lifecycle', type: 'markdown', data: 'two' });
    await del(a2.id);
    await del(a1.id);
    const collectionId = await waitFor(async () => {
      const res = await t.fetch(ws('/events/filter'), send('POST', { filter: { event: { prefix: ['prefect.artifact-collection.'] }, resource: { labels: { 'prefect.resource.name': ['lifecycle'] } } } }));
      const page = (await res.json()) as { events: { resource: Record<string, string> }[] };
      return page.events.length >= 4 ? page.events[0]!.resource['prefect.resource.id'] : undefined;
    }, 'the collection lifecycle events');
    const res = await t.fetch(ws('/events/filter'), send('POST', { filter: { resource: { id: [collectionId] }, order: 'ASC' } }));
    const events = ((await res.json()) as { events: { event: string; related: Record<string, string>[]; payload: Record<string, unknown> }[] }).events;
    // Steps may share a millisecond, so the order is not asserted: what each step published is.
    assert.deepEqual(events.map((e) => `${e.event.replace('prefect.artifact-collection.', '')} ${e.payload.data as string}`).sort(), ['created one', 'deleted one', 'updated one', 'updated two']);
    const createdEvent = events.find((e) => e.event.endsWith('.created'))!;
    assert.deepEqual(createdEvent.related, [
      { 'prefect.resource.id': `prefect.artifact.${a1.id}`, 'prefect.resource.role': 'latest' },
      { 'prefect.resource.id': `prefect.flow-run.${runA.id}`, 'prefect.resource.role': 'flow-run' },
    ]);
    assert.equal(events.find((e) => e.payload.data === 'two')!.related[0]!['prefect.resource.id'], `prefect.artifact.${a2.id}`);
  });

  it('asks see_artifacts to read, write_artifacts to create and edit (workers have it), manage_artifacts to delete', async () => {
    const as = (key: string, method: string, path: string, body?: unknown) => t.fetch(ws(path), { ...send(method, body), key });
    const viewer = await addWorkspaceMember(t, 'viewer', 'art-viewer');
    const worker = await addWorkspaceMember(t, 'worker', 'art-worker');
    const developer = await addWorkspaceMember(t, 'developer', 'art-dev');
    assert.equal((await as(viewer, 'POST', '/artifacts/latest/filter', {})).status, 200);
    const denied = await as(viewer, 'POST', '/artifacts/', { key: 'by-viewer', data: 1 });
    assert.equal(denied.status, 403);
    assert.match(((await denied.json()) as { detail: string }).detail, /write_artifacts/);
    const made = await as(worker, 'POST', '/artifacts/', { key: 'by-worker', type: 'progress', data: 1 });
    assert.equal(made.status, 201);
    const { id } = (await made.json()) as Artifact;
    assert.equal((await as(worker, 'PATCH', `/artifacts/${id}`, { data: 50 })).status, 204);
    assert.equal((await as(viewer, 'PATCH', `/artifacts/${id}`, { data: 60 })).status, 403);
    const noDelete = await as(worker, 'DELETE', `/artifacts/${id}`);
    assert.equal(noDelete.status, 403);
    assert.match(((await noDelete.json()) as { detail: string }).detail, /manage_artifacts/);
    assert.equal((await get(`/artifacts/${id}`)).data, 50);
    assert.equal((await as(developer, 'DELETE', `/artifacts/${id}`)).status, 204);
  });

  it('keeps workspaces apart: our artifacts are 404 from another workspace, and keys are per workspace', async () => {
    const other = await createOtherTenant(t, 'art');
    const theirs = (path: string, init: RequestInit = {}) => t.fetch(`${other.api}${path}`, { ...init, key: other.key });

    const ours = (await filter({ artifacts: { key: { any_: ['md-report'] } } }))[0]!;
    assert.equal((await theirs(`/artifacts/${ours.id}`)).status, 404);
    assert.equal((await theirs('/artifacts/md-report/latest')).status, 404);
    assert.equal((await theirs(`/artifacts/${ours.id}`, send('PATCH', { data: 'hijack' }))).status, 404);
    assert.equal((await theirs(`/artifacts/${ours.id}`, send('DELETE'))).status, 404);
    assert.deepEqual(await (await theirs('/artifacts/filter', send('POST', {}))).json(), []);
    assert.deepEqual(await (await theirs('/artifacts/latest/filter', send('POST', {}))).json(), []);
    // The same key in their workspace is their own collection; ours keeps its latest.
    const res = await theirs('/artifacts/', send('POST', { key: 'md-report', data: 'theirs' }));
    assert.equal(res.status, 201);
    const mine = await latest({ artifacts: { key: { any_: ['md-report'] } } });
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.latest_id, ours.id);
    assert.equal(((await (await theirs('/artifacts/md-report/latest')).json()) as Artifact).data, 'theirs');
  });
});
