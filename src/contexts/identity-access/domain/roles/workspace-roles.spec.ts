import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_WORKSPACE_ROLES, expandScopes, roleGrants, WORKSPACE_SCOPES } from './workspace-roles';

describe('workspace roles and scopes', () => {
  it('expands a scope to the weaker scopes of its area that exist', () => {
    assert.deepEqual([...expandScopes(['manage_flows'])].sort(), ['manage_flows', 'run_flows', 'see_flows']);
    assert.deepEqual([...expandScopes(['manage_deployments'])].sort(), ['manage_deployments', 'run_deployments', 'see_deployments', 'write_deployments']);
    assert.deepEqual([...expandScopes(['manage_blocks'])].sort(), ['manage_blocks', 'see_blocks'], 'secrets are never implied');
  });
  it('a viewer sees everything but secrets and changes nothing', () => {
    const viewer = BUILT_IN_WORKSPACE_ROLES.viewer;
    assert.ok(viewer.has('see_flows') && viewer.has('see_concurrency_limits'));
    assert.ok(!viewer.has('see_secret_blocks'));
    assert.ok([...viewer].every((s) => s.startsWith('see_')));
  });
  it('the roles are ordered viewer ⊂ runner ⊂ developer ⊂ owner', () => {
    const r = BUILT_IN_WORKSPACE_ROLES;
    for (const [small, big] of [['viewer', 'runner'], ['runner', 'developer'], ['developer', 'owner']] as const) {
      for (const s of r[small]) assert.ok(r[big].has(s), `${big} lacks ${s} of ${small}`);
      assert.ok(r[big].size > r[small].size);
    }
    assert.equal(r.owner.size, WORKSPACE_SCOPES.length);
  });
  it('a worker can run flows but not manage them; unknown roles grant nothing', () => {
    assert.ok(roleGrants('worker', 'run_flows'));
    assert.ok(!roleGrants('worker', 'manage_flows'));
    assert.ok(!roleGrants('runner', 'run_flows'));
    assert.ok(!roleGrants('nobody', 'see_flows'));
  });
});
