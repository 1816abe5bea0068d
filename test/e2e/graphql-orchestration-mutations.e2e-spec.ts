import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventMetadata } from '../../src/shared/ddd';
import { assertInNoFile, dataFiles } from '../support/data-files';
import { json } from '../support/http';
import { addWorkspaceMember, createOtherTenant } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

interface GraphqlResponse<D = Record<string, unknown>> {
  data?: D | null;
  errors?: { message: string; extensions?: { code?: string; details?: Record<string, unknown> } }[];
}
type Json = Record<string, unknown>;
interface Versioned {
  id: string;
  name: string;
  revision: number;
}

const SECRET = 'gb-sealed-PLAINTEXT-5e1d9a';
const WS = 'accountId: $a, workspaceId: $w';
const WS_VARS = '$a: ID!, $w: ID!';

describe('GraphQL orchestration mutations (same use cases, scopes and events as REST)', () => {
  let t: TestServer;
  let developerKey: string;
  let developerId: string;
  let viewerKey: string;
  let viewerId: string;
  let deploymentId: string;
  let poolName: string;
  let queueId: string;
  let blockTypeId: string;
  let blockSchemaId: string;

  const rest = (method: string, path: string, body?: unknown, key?: string) =>
    t.fetch(`${t.workspaceApi}${path}`, { method, key, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  const gql = async <D = Json>(query: string, variables: Json = {}, key?: string): Promise<GraphqlResponse<D>> => {
    const { accountId, workspaceId } = t.server.installation.ids;
    const res = await t.fetch(`${t.server.url}/graphql`, {
      method: 'POST',
      key,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: { a: accountId, w: workspaceId, ...variables } }),
    });
    assert.equal(res.status, 200);
    return (await res.json()) as GraphqlResponse<D>;
  };
  /** The data of a mutation that must succeed. */
  const ok = async <D = Json>(query: string, variables: Json = {}, key?: string): Promise<D> => {
    const r = await gql<D>(query, variables, key);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!;
  };
  const codeOf = (r: GraphqlResponse<unknown>) => r.errors?.[0]?.extensions?.code;
  const stream = (s: string) => t.server.runtime.stores.events.readStream(s);
  const actorsOf = async (s: string, fromRevision = 0) => (await t.server.runtime.stores.events.readStream(s, { fromRevision })).map((e) => (e.metadata as EventMetadata).actor.id);

  before(async () => {
    t = await startTestServer();
    developerKey = await addWorkspaceMember(t, 'developer', 'gb-dev');
    viewerKey = await addWorkspaceMember(t, 'viewer', 'gb-viewer');
    developerId = (await ok<{ viewer: { id: string } }>('{ viewer { id } }', {}, developerKey)).viewer.id;
    viewerId = (await ok<{ viewer: { id: string } }>('{ viewer { id } }', {}, viewerKey)).viewer.id;
    const flow = await json<{ id: string }>(rest('POST', '/flows/', { name: 'gb-etl' }), 201);
    const schema = { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'string' } } };
    const deployment = await json<{ id: string }>(
      rest('POST', '/deployments/', { flow_id: flow.id, name: 'gb-nightly', parameters: { y: 'default' }, parameter_openapi_schema: schema }),
      201,
    );
    deploymentId = deployment.id;
    poolName = 'gb-pool';
    const pool = await json<{ default_queue_id: string }>(rest('POST', '/work_pools/', { name: poolName, type: 'process' }), 201);
    queueId = pool.default_queue_id;
    blockTypeId = (await json<{ id: string }>(rest('POST', '/block_types/', { name: 'GB Creds', slug: 'gb-creds' }), 201)).id;
    const fields = { title: 'GB Creds', type: 'object', properties: { user: { type: 'string' }, password: { type: 'string', format: 'password', writeOnly: true } }, secret_fields: ['password'] };
    blockSchemaId = (await json<{ id: string }>(rest('POST', '/block_schemas/', { fields, block_type_id: blockTypeId, capabilities: [], version: '1' }), 201)).id;
  });
  after(async () => {
    await t?.stop();
  });

  const RUN = `mutation ($a: ID!, $w: ID!, $d: ID!, $p: JSON, $k: String, $at: DateTime) {
    runDeployment(${WS}, deploymentId: $d, parameters: $p, idempotencyKey: $k, scheduledStartTime: $at) { id name revision }
  }`;
  // An hour ahead, so no late-runs monitor touches the runs while a test looks at them.
  const later = () => new Date(Date.now() + 3_600_000).toISOString();
  const CANCEL = `mutation (${WS_VARS}, $id: ID!, $v: Int) { cancelFlowRun(${WS}, id: $id, expectedVersion: $v) { id name revision } }`;
  /** A run scheduled `at` (default: an hour ahead; null: now, so it may start at once). */
  const runOnce = async (at: string | null = later()) => (await ok<{ runDeployment: Versioned }>(RUN, { d: deploymentId, p: { x: 1 }, at }, developerKey)).runDeployment;
  const restRun = (id: string) => json<Json & { state_type: string; parameters: Json }>(rest('GET', `/flow_runs/${id}`), 200);
  const setState = (id: string, type: string) => json<{ status: string }>(rest('POST', `/flow_runs/${id}/set_state`, { state: { type } }), 201);

  it('runDeployment creates the run create_flow_run creates (parameters merged, SCHEDULED), once per idempotency key, the caller as actor', async () => {
    const at = later();
    const first = (await ok<{ runDeployment: Versioned }>(RUN, { d: deploymentId, p: { x: 2 }, k: 'gb-key-1', at }, developerKey)).runDeployment;
    const again = (await ok<{ runDeployment: Versioned }>(RUN, { d: deploymentId, p: { x: 3 }, k: 'gb-key-1' }, developerKey)).runDeployment;
    assert.equal(again.id, first.id);
    const run = await restRun(first.id);
    assert.equal(run.state_type, 'SCHEDULED');
    assert.equal(run.deployment_id, deploymentId);
    assert.equal(run.name, first.name);
    assert.deepEqual(run.parameters, { y: 'default', x: 2 });
    assert.equal(Date.parse(run.next_scheduled_start_time as string), Date.parse(at));
    // One creation, written by the developer who called; the repeat wrote nothing.
    assert.deepEqual(await actorsOf(`flowRun-${first.id}`), [developerId]);
    assert.equal(first.revision, 0);
    assert.equal(again.revision, 0);
    // The deployment's parameter schema is enforced as REST enforces it.
    const bad = await gql(RUN, { d: deploymentId, p: { x: 'not a number' } }, developerKey);
    assert.equal(codeOf(bad), 'CONFLICT');
    const unknown = await gql(RUN, { d: '00000000-0000-4000-8000-000000000000' }, developerKey);
    assert.equal(codeOf(unknown), 'NOT_FOUND');
  });

  it('cancelFlowRun follows Prefect’s policy: a scheduled run is CANCELLED at once, a running one CANCELLING; a repeat changes nothing', async () => {
    const scheduled = await runOnce();
    const cancelled = (await ok<{ cancelFlowRun: Versioned }>(CANCEL, { id: scheduled.id }, developerKey)).cancelFlowRun;
    assert.equal(cancelled.id, scheduled.id);
    assert.equal((await restRun(scheduled.id)).state_type, 'CANCELLED');
    assert.equal(cancelled.revision, 1);
    assert.deepEqual(await actorsOf(`flowRun-${scheduled.id}`, 1), [developerId]);
    // Again: nothing more is written, the run is answered as it is.
    const repeat = (await ok<{ cancelFlowRun: Versioned }>(CANCEL, { id: scheduled.id }, developerKey)).cancelFlowRun;
    assert.equal(repeat.revision, 1);
    assert.equal((await stream(`flowRun-${scheduled.id}`)).length, 2);

    const running = await runOnce(null);
    await setState(running.id, 'PENDING');
    await setState(running.id, 'RUNNING');
    const cancelling = (await ok<{ cancelFlowRun: Versioned }>(CANCEL, { id: running.id }, developerKey)).cancelFlowRun;
    assert.equal((await restRun(running.id)).state_type, 'CANCELLING');
    const events = await stream(`flowRun-${running.id}`);
    assert.equal(cancelling.revision, events.length - 1);
    assert.equal((events.at(-1)!.metadata as EventMetadata).actor.id, developerId);
  });

  it('cancelFlowRun of a finished run answers CONFLICT and writes nothing', async () => {
    const run = await runOnce(null);
    await setState(run.id, 'PENDING');
    await setState(run.id, 'RUNNING');
    await setState(run.id, 'COMPLETED');
    const before = (await stream(`flowRun-${run.id}`)).length;
    const r = await gql(CANCEL, { id: run.id }, developerKey);
    assert.equal(codeOf(r), 'CONFLICT');
    assert.equal((await restRun(run.id)).state_type, 'COMPLETED');
    assert.equal((await stream(`flowRun-${run.id}`)).length, before);
  });

  const PAUSE_DEPLOYMENT = `mutation (${WS_VARS}, $id: ID!, $v: Int) { pauseDeployment(${WS}, id: $id, expectedVersion: $v) { id name revision } }`;
  const RESUME_DEPLOYMENT = `mutation (${WS_VARS}, $id: ID!, $v: Int) { resumeDeployment(${WS}, id: $id, expectedVersion: $v) { id name revision } }`;

  it('pauseDeployment / resumeDeployment: as the REST routes, with expectedVersion guarding each', async () => {
    const restPaused = async () => (await json<{ paused: boolean }>(rest('GET', `/deployments/${deploymentId}`), 200)).paused;
    const start = (await ok<{ resumeDeployment: Versioned }>(RESUME_DEPLOYMENT, { id: deploymentId }, developerKey)).resumeDeployment;
    assert.equal(start.revision, await t.server.runtime.stores.events.streamRevision(`deployment-${deploymentId}`));
    assert.equal(await restPaused(), false);

    const stale = await gql(PAUSE_DEPLOYMENT, { id: deploymentId, v: start.revision + 1 }, developerKey);
    assert.equal(codeOf(stale), 'CONFLICT');
    assert.deepEqual(stale.errors?.[0]?.extensions?.details, { expectedVersion: start.revision + 1, actualVersion: start.revision });
    assert.equal(codeOf(await gql(PAUSE_DEPLOYMENT, { id: deploymentId, v: -1 }, developerKey)), 'VALIDATION_FAILED');
    assert.equal(await restPaused(), false);
    assert.equal((await stream(`deployment-${deploymentId}`)).length, start.revision + 1);

    const paused = (await ok<{ pauseDeployment: Versioned }>(PAUSE_DEPLOYMENT, { id: deploymentId, v: start.revision }, developerKey)).pauseDeployment;
    assert.equal(paused.revision, start.revision + 1);
    assert.equal(await restPaused(), true);
    assert.deepEqual(await actorsOf(`deployment-${deploymentId}`, paused.revision), [developerId]);
    const resumed = (await ok<{ resumeDeployment: Versioned }>(RESUME_DEPLOYMENT, { id: deploymentId, v: paused.revision }, developerKey)).resumeDeployment;
    assert.equal(resumed.revision, paused.revision + 1);
    assert.equal(await restPaused(), false);
  });

  it('pauseWorkPool / resumeWorkPool and pauseWorkQueue / resumeWorkQueue: as PATCH is_paused, a queue’s version is its pool’s', async () => {
    const POOL = (verb: string) => `mutation (${WS_VARS}, $n: String!, $v: Int) { ${verb}WorkPool(${WS}, name: $n, expectedVersion: $v) { id name revision } }`;
    const QUEUE = (verb: string) => `mutation (${WS_VARS}, $id: ID!, $v: Int) { ${verb}WorkQueue(${WS}, id: $id, expectedVersion: $v) { id name revision } }`;
    const pool = (await ok<{ pauseWorkPool: Versioned }>(POOL('pause'), { n: poolName }, developerKey)).pauseWorkPool;
    assert.equal(pool.name, poolName);
    assert.equal((await json<{ is_paused: boolean; status: string }>(rest('GET', `/work_pools/${poolName}`), 200)).is_paused, true);
    assert.deepEqual(await actorsOf(`workPool-${pool.id}`, pool.revision), [developerId]);

    const staleQueue = await gql(QUEUE('pause'), { id: queueId, v: pool.revision - 1 }, developerKey);
    assert.equal(codeOf(staleQueue), 'CONFLICT');
    assert.equal((await json<{ is_paused: boolean }>(rest('GET', `/work_queues/${queueId}`), 200)).is_paused, false);
    const queue = (await ok<{ pauseWorkQueue: Versioned }>(QUEUE('pause'), { id: queueId, v: pool.revision }, developerKey)).pauseWorkQueue;
    assert.equal(queue.id, queueId);
    assert.equal(queue.revision, pool.revision + 1);
    assert.equal((await json<{ is_paused: boolean }>(rest('GET', `/work_queues/${queueId}`), 200)).is_paused, true);
    const queueResumed = (await ok<{ resumeWorkQueue: Versioned }>(QUEUE('resume'), { id: queueId }, developerKey)).resumeWorkQueue;
    assert.equal((await json<{ is_paused: boolean }>(rest('GET', `/work_queues/${queueId}`), 200)).is_paused, false);

    const stalePool = await gql(POOL('resume'), { n: poolName, v: pool.revision }, developerKey);
    assert.equal(codeOf(stalePool), 'CONFLICT');
    assert.equal((await json<{ is_paused: boolean }>(rest('GET', `/work_pools/${poolName}`), 200)).is_paused, true);
    const resumed = (await ok<{ resumeWorkPool: Versioned }>(POOL('resume'), { n: poolName, v: queueResumed.revision }, developerKey)).resumeWorkPool;
    assert.equal(resumed.revision, queueResumed.revision + 1);
    assert.equal((await json<{ is_paused: boolean }>(rest('GET', `/work_pools/${poolName}`), 200)).is_paused, false);
    assert.equal(codeOf(await gql(POOL('pause'), { n: 'no-such-pool' }, developerKey)), 'NOT_FOUND');
  });

  const CREATE_BLOCK = `mutation (${WS_VARS}, $in: BlockDocumentCreateInput!) { createBlockDocument(${WS}, input: $in) { id name revision } }`;
  const UPDATE_BLOCK = `mutation (${WS_VARS}, $id: ID!, $in: BlockDocumentUpdateInput!, $v: Int) { updateBlockDocument(${WS}, id: $id, input: $in, expectedVersion: $v) { id name revision } }`;

  it('createBlockDocument / updateBlockDocument seal secret fields as REST does: REST reveals them, no event or data file holds them', async () => {
    const doc = (
      await ok<{ createBlockDocument: Versioned }>(CREATE_BLOCK, { in: { name: 'gb-prod', data: { user: 'admin', password: SECRET }, blockSchemaId, blockTypeId } }, developerKey)
    ).createBlockDocument;
    assert.equal(doc.name, 'gb-prod');
    assert.equal(doc.revision, 0);
    const masked = await json<{ data: Json }>(rest('GET', `/block_documents/${doc.id}`), 200);
    assert.deepEqual(masked.data, { user: 'admin', password: '********' });
    const revealed = await json<{ data: Json }>(rest('GET', `/block_documents/${doc.id}?include_secrets=true`), 200);
    assert.deepEqual(revealed.data, { user: 'admin', password: SECRET });
    const created = await stream(`blockDocument-${doc.id}`);
    assert.equal(JSON.stringify(created.map((e) => e.data)).includes(SECRET), false);
    assert.deepEqual(await actorsOf(`blockDocument-${doc.id}`), [developerId]);

    // The masked value posted back keeps the secret; a stale version is refused.
    const stale = await gql(UPDATE_BLOCK, { id: doc.id, in: { data: { user: 'root', password: '********' } }, v: doc.revision + 1 }, developerKey);
    assert.equal(codeOf(stale), 'CONFLICT');
    const updated = (await ok<{ updateBlockDocument: Versioned }>(UPDATE_BLOCK, { id: doc.id, in: { data: { user: 'root', password: '********' } }, v: doc.revision }, developerKey))
      .updateBlockDocument;
    assert.equal(updated.revision, 1);
    assert.deepEqual((await json<{ data: Json }>(rest('GET', `/block_documents/${doc.id}?include_secrets=true`), 200)).data, { user: 'root', password: SECRET });
    assert.deepEqual(await actorsOf(`blockDocument-${doc.id}`), [developerId, developerId]);
    // Bad input meets the REST validation.
    assert.equal(codeOf(await gql(CREATE_BLOCK, { in: { data: {}, blockSchemaId, blockTypeId } }, developerKey)), 'VALIDATION_FAILED');
    assertInNoFile(dataFiles(t.dataDir), [SECRET]);
  });

  const CREATE_VAR = `mutation (${WS_VARS}, $in: VariableCreateInput!) { createVariable(${WS}, input: $in) { id name revision } }`;
  const UPDATE_VAR = `mutation (${WS_VARS}, $id: ID!, $in: VariableUpdateInput!, $v: Int) { updateVariable(${WS}, id: $id, input: $in, expectedVersion: $v) { id name revision } }`;
  const DELETE_VAR = `mutation (${WS_VARS}, $id: ID!, $v: Int) { deleteVariable(${WS}, id: $id, expectedVersion: $v) }`;

  it('createVariable / updateVariable / deleteVariable: as the REST routes, null is a value, names stay unique, versions guard', async () => {
    const v = (await ok<{ createVariable: Versioned }>(CREATE_VAR, { in: { name: 'gb_var', value: { a: 1 }, tags: ['x'] } }, developerKey)).createVariable;
    assert.equal(v.name, 'gb_var');
    assert.deepEqual((await json<{ value: unknown; tags: string[] }>(rest('GET', `/variables/${v.id}`), 200)).value, { a: 1 });
    assert.equal(codeOf(await gql(CREATE_VAR, { in: { name: 'gb_var', value: 2 } }, developerKey)), 'ALREADY_EXISTS');
    assert.equal(codeOf(await gql(CREATE_VAR, { in: { name: 'gb_no_value' } }, developerKey)), 'VALIDATION_FAILED');

    assert.equal(codeOf(await gql(UPDATE_VAR, { id: v.id, in: { value: null }, v: v.revision + 1 }, developerKey)), 'CONFLICT');
    const updated = (await ok<{ updateVariable: Versioned }>(UPDATE_VAR, { id: v.id, in: { value: null, name: 'gb_var_renamed' }, v: v.revision }, developerKey)).updateVariable;
    assert.equal(updated.name, 'gb_var_renamed');
    assert.equal(updated.revision, v.revision + 1);
    const read = await json<{ value: unknown; tags: string[]; name: string }>(rest('GET', `/variables/${v.id}`), 200);
    assert.deepEqual([read.name, read.value, read.tags], ['gb_var_renamed', null, ['x']]);

    assert.equal(codeOf(await gql(DELETE_VAR, { id: v.id, v: v.revision }, developerKey)), 'CONFLICT');
    assert.equal((await rest('GET', `/variables/${v.id}`)).status, 200);
    const deleted = await ok<{ deleteVariable: string }>(DELETE_VAR, { id: v.id, v: updated.revision }, developerKey);
    assert.equal(deleted.deleteVariable, v.id);
    assert.equal((await rest('GET', `/variables/${v.id}`)).status, 404);
    assert.deepEqual(await actorsOf(`variable-${v.id}`), [developerId, developerId, developerId]);
  });

  it('expectedVersion is checked with the append: of concurrent updates from the same version exactly one lands', async () => {
    const v = (await ok<{ createVariable: Versioned }>(CREATE_VAR, { in: { name: 'gb_race', value: 0 } }, developerKey)).createVariable;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => gql(UPDATE_VAR, { id: v.id, in: { value: i + 1 }, v: v.revision }, developerKey)));
    const landed = results.filter((r) => !r.errors);
    assert.equal(landed.length, 1, JSON.stringify(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok')));
    assert.ok(results.filter((r) => r.errors).every((r) => codeOf(r) === 'CONFLICT'));
    assert.equal((await stream(`variable-${v.id}`)).length, 2, 'the create and exactly one update');
  });

  it('answers the objects the queries read: their fields compose with the mutation (secrets masked)', async () => {
    const run = await runOnce();
    const cancelled = await ok<{ cancelFlowRun: { stateType: string; state: { type: string } } }>(
      `mutation (${WS_VARS}, $id: ID!) { cancelFlowRun(${WS}, id: $id) { stateType state { type } } }`,
      { id: run.id },
      developerKey,
    );
    assert.deepEqual(cancelled.cancelFlowRun, { stateType: 'CANCELLED', state: { type: 'CANCELLED' } });
    const paused = await ok<{ pauseDeployment: { paused: boolean }; resumeDeployment: { paused: boolean } }>(
      `mutation (${WS_VARS}, $id: ID!) { pauseDeployment(${WS}, id: $id) { paused } resumeDeployment(${WS}, id: $id) { paused } }`,
      { id: deploymentId },
      developerKey,
    );
    assert.deepEqual(paused, { pauseDeployment: { paused: true }, resumeDeployment: { paused: false } });
    const pool = await ok<{ pauseWorkPool: { isPaused: boolean }; resumeWorkPool: { isPaused: boolean } }>(
      `mutation (${WS_VARS}, $n: String!) { pauseWorkPool(${WS}, name: $n) { isPaused } resumeWorkPool(${WS}, name: $n) { isPaused } }`,
      { n: poolName },
      developerKey,
    );
    assert.deepEqual(pool, { pauseWorkPool: { isPaused: true }, resumeWorkPool: { isPaused: false } });
    const block = await ok<{ createBlockDocument: { data: Json; blockTypeId: string } }>(
      `mutation (${WS_VARS}, $in: BlockDocumentCreateInput!) { createBlockDocument(${WS}, input: $in) { data blockTypeId } }`,
      { in: { name: 'gb-composed', data: { user: 'c', password: SECRET }, blockSchemaId, blockTypeId } },
      developerKey,
    );
    assert.deepEqual(block.createBlockDocument, { data: { user: 'c', password: '********' }, blockTypeId });
    const variable = await ok<{ createVariable: { value: unknown; tags: string[] } }>(
      `mutation (${WS_VARS}) { createVariable(${WS}, input: { name: "gb_composed", value: [1, "two"], tags: ["t"] }) { value tags } }`,
      {},
      developerKey,
    );
    assert.deepEqual(variable.createVariable, { value: [1, 'two'], tags: ['t'] });
  });

  it('a Viewer’s mutations are refused with FORBIDDEN and write nothing', async () => {
    const run = await runOnce();
    const variable = (await ok<{ createVariable: Versioned }>(CREATE_VAR, { in: { name: 'gb_viewer_target', value: 1 } }, developerKey)).createVariable;
    const block = (await ok<{ createBlockDocument: Versioned }>(CREATE_BLOCK, { in: { name: 'gb-viewer-target', data: { user: 'u', password: 'p' }, blockSchemaId, blockTypeId } }, developerKey))
      .createBlockDocument;
    const head = await t.server.runtime.stores.events.headPosition();
    const attempts: Array<[string, Json]> = [
      [RUN, { d: deploymentId }],
      [CANCEL, { id: run.id }],
      [PAUSE_DEPLOYMENT, { id: deploymentId }],
      [RESUME_DEPLOYMENT, { id: deploymentId }],
      [`mutation (${WS_VARS}) { pauseWorkPool(${WS}, name: "${poolName}") { id } }`, {}],
      [`mutation (${WS_VARS}) { resumeWorkPool(${WS}, name: "${poolName}") { id } }`, {}],
      [`mutation (${WS_VARS}) { pauseWorkQueue(${WS}, id: "${queueId}") { id } }`, {}],
      [`mutation (${WS_VARS}) { resumeWorkQueue(${WS}, id: "${queueId}") { id } }`, {}],
      [CREATE_BLOCK, { in: { name: 'gb-by-viewer', data: { user: 'v', password: 'v' }, blockSchemaId, blockTypeId } }],
      [UPDATE_BLOCK, { id: block.id, in: { data: { user: 'v' } } }],
      [CREATE_VAR, { in: { name: 'gb_by_viewer', value: 1 } }],
      [UPDATE_VAR, { id: variable.id, in: { value: 2 } }],
      [DELETE_VAR, { id: variable.id }],
    ];
    for (const [query, variables] of attempts) {
      const r = await gql(query, variables, viewerKey);
      assert.equal(codeOf(r), 'FORBIDDEN', `${query}: ${JSON.stringify(r)}`);
      assert.equal(r.data, null);
    }
    const written = await t.server.runtime.stores.events.readAll({ after: head });
    assert.deepEqual(
      written.filter((e) => (e.metadata as EventMetadata).actor.id === viewerId),
      [],
    );
    assert.equal((await json<{ paused: boolean }>(rest('GET', `/deployments/${deploymentId}`), 200)).paused, false);
    assert.equal((await restRun(run.id)).state_type, 'SCHEDULED');
    assert.deepEqual((await json<{ value: unknown }>(rest('GET', `/variables/${variable.id}`), 200)).value, 1);
    assert.equal((await rest('GET', '/variables/name/gb_by_viewer')).status, 404);
    assert.equal((await rest('GET', '/block_types/slug/gb-creds/block_documents/name/gb-by-viewer')).status, 404);
  });

  it('a member of another workspace gets NOT_FOUND and writes nothing', async () => {
    const other = await createOtherTenant(t, 'gb-eve');
    const before = (await stream(`deployment-${deploymentId}`)).length;
    const r = await gql(PAUSE_DEPLOYMENT, { id: deploymentId }, other.key);
    assert.equal(codeOf(r), 'NOT_FOUND');
    // Their own workspace's id with our deployment: the object is not found there either.
    const theirs = await gql(`mutation ($a: ID!, $w: ID!, $id: ID!) { pauseDeployment(${WS}, id: $id) { id } }`, { a: other.accountId, w: other.workspaceId, id: deploymentId }, other.key);
    assert.equal(codeOf(theirs), 'NOT_FOUND');
    assert.equal((await stream(`deployment-${deploymentId}`)).length, before);
  });
});
