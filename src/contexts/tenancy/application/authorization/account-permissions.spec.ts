import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountRoleHolds } from './account-permissions';

describe('account permission strings by account role', () => {
  it('an owner holds every account permission, an admin all but bypass:sso', () => {
    for (const p of ['create:bot', 'delete:workspace_role', 'update:account', 'bypass:sso', 'create:workspace']) assert.ok(accountRoleHolds('owner', p), p);
    for (const p of ['create:bot', 'delete:workspace_role', 'update:account', 'create:workspace']) assert.ok(accountRoleHolds('admin', p), p);
    assert.ok(!accountRoleHolds('admin', 'bypass:sso'));
  });
  it('a member reads the account, its members, roles, workspaces, bots and teams, and changes nothing', () => {
    for (const p of ['read:account', 'read:account_membership', 'read:account_role', 'read:workspace_role', 'read:workspace', 'read:bot', 'read:team']) assert.ok(accountRoleHolds('member', p), p);
    for (const p of ['create:bot', 'update:bot', 'delete:bot', 'create:workspace_role', 'create:workspace', 'read:audit_event', 'read:billing', 'read:invitation', 'read:sso', 'bypass:sso']) {
      assert.ok(!accountRoleHolds('member', p), p);
    }
  });
  it('an unknown account role holds nothing', () => assert.ok(!accountRoleHolds('guest', 'read:account')));
});
