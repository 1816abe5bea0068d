import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkspaceRole } from '../../src/contexts/tenancy';
import { addWorkspaceMember } from '../support/tenants';
import { startTestServer, type TestServer } from '../support/test-server';

describe('built-in workspace roles decide what a member may do', () => {
  let t: TestServer;
  const keys: Partial<Record<WorkspaceRole, string>> = {};
  const call = (role: WorkspaceRole, method: string, path: string, body?: unknown) =>
    t.fetch(`${t.workspaceApi}${path}`, { method, key: keys[role]!, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } });

  before(async () => {
    t = await startTestServer();
    for (const role of ['viewer', 'worker', 'developer'] as const) keys[role] = await addWorkspaceMember(t, role, role);
  });
  after(async () => {
    await t?.stop();
  });

  it('a viewer reads but cannot write: 403 with the missing scope', async () => {
    assert.equal((await call('viewer', 'POST', '/flows/filter', {})).status, 200);
    assert.equal((await call('viewer', 'GET', '/admin/storage')).status, 200);
    const denied = await call('viewer', 'POST', '/flows/', { name: 'nope' });
    assert.equal(denied.status, 403);
    const body = (await denied.json()) as { code: string; detail: string };
    assert.equal(body.code, 'FORBIDDEN');
    assert.match(body.detail, /run_flows/);
    assert.equal((await call('viewer', 'POST', '/v2/concurrency_limits/', { name: 'x', limit: 1 })).status, 403);
  });

  it('a worker runs flows but cannot delete them or manage limits', async () => {
    const flow = (await (await call('worker', 'POST', '/flows/', { name: 'worked' })).json()) as { id: string };
    const run = await call('worker', 'POST', '/flow_runs/', { flow_id: flow.id });
    assert.equal(run.status, 201);
    const { id } = (await run.json()) as { id: string };
    assert.equal((await call('worker', 'POST', `/flow_runs/${id}/set_state`, { state: { type: 'RUNNING' } })).status, 201);
    assert.equal((await call('worker', 'DELETE', `/flows/${flow.id}`)).status, 403);
    assert.equal((await call('worker', 'POST', '/v2/concurrency_limits/', { name: 'x', limit: 1 })).status, 403);
  });

  it('a developer manages flows and limits, but not workspace settings', async () => {
    const flow = (await (await call('developer', 'POST', '/flows/', { name: 'dev-flow' })).json()) as { id: string };
    assert.equal((await call('developer', 'DELETE', `/flows/${flow.id}`)).status, 204);
    assert.equal((await call('developer', 'POST', '/v2/concurrency_limits/', { name: 'dev', limit: 1 })).status, 201);
    assert.equal((await call('developer', 'PUT', '/admin/storage', { default_result_storage_block_id: '6d3b0f0e-3c1e-4b36-9f5e-0a7d1f0b2c3d' })).status, 403);
  });
});
