import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_ROLE_IDS, BUILT_IN_WORKSPACE_ROLES, builtInRole, expandScopes, roleGrants, WORKSPACE_SCOPES, workspaceScopeList } from './workspace-roles';

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
  it('built-in roles are referenced by name (any case) or by their fixed id', () => {
    assert.equal(builtInRole('Developer'), 'developer');
    assert.equal(builtInRole(BUILT_IN_ROLE_IDS.worker), 'worker');
    assert.equal(builtInRole('5c0b6d52-0c6f-4d3e-9a1e-0d1f0e7a0099'), undefined);
    assert.equal(new Set(Object.values(BUILT_IN_ROLE_IDS)).size, 5);
    assert.ok(roleGrants(BUILT_IN_ROLE_IDS.developer, 'manage_flows'));
  });
  it('a custom role grants its expanded scopes, plus those of the built-in role it inherits', () => {
    const own = { scopes: ['manage_variables'], inherited_role_id: null };
    assert.ok(roleGrants('r1', 'see_variables', own) && roleGrants('r1', 'manage_variables', own));
    assert.ok(!roleGrants('r1', 'see_flows', own));
    const inheriting = { scopes: ['manage_variables'], inherited_role_id: BUILT_IN_ROLE_IDS.viewer };
    assert.ok(roleGrants('r1', 'see_flows', inheriting) && roleGrants('r1', 'manage_variables', inheriting));
    assert.ok(!roleGrants('r1', 'manage_flows', inheriting));
    assert.ok(!roleGrants('r1', 'see_flows'), 'a role that does not exist grants nothing');
  });
  it('lists every scope with a description', () => {
    const list = workspaceScopeList();
    assert.deepEqual(list.map((s) => s.name), [...WORKSPACE_SCOPES]);
    assert.ok(list.every((s) => s.description.length > 0));
    assert.equal(list.find((s) => s.name === 'see_secret_blocks')?.description, 'View secret block values');
  });
});
