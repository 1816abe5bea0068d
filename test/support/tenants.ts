import { CommandBus } from '@nestjs/cqrs';
import { CreateUserApiKeyCommand, RegisterUserCommand } from '../../src/contexts/identity-access';
import { CreateAccountCommand, CreateWorkspaceCommand, type AccountRole, type WorkspaceRole } from '../../src/contexts/tenancy';
import { accountDecider } from '../../src/contexts/tenancy/domain/account/account.decide';
import { workspaceDecider } from '../../src/contexts/tenancy/domain/workspace/workspace.decide';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { DeciderCommandHandler, eventMetadata, NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { streamName } from '../../src/shared/ddd';
import type { TestServer } from './test-server';

/** Another tenant: a user who owns an account and a workspace of their own, and an API key for them. */
export interface OtherTenant {
  readonly userId: string;
  readonly accountId: string;
  readonly workspaceId: string;
  /** The API key's secret. */
  readonly key: string;
  readonly keyId: string;
  /** `${t.api}/accounts/${accountId}/workspaces/${workspaceId}` */
  readonly api: string;
}

/** What `createOtherTenant` names things; each defaults from the handle. */
export interface OtherTenantNames {
  /** The user's email; `${handle}@example.com`. */
  readonly email?: string;
  /** The user's first name; null. */
  readonly firstName?: string | null;
  /** The account's and the workspace's name; the handle capitalised ('eve' → 'Eve'). */
  readonly name?: string;
  /** The account's name; `name`. */
  readonly accountName?: string;
  /** The account's handle; the handle. */
  readonly accountHandle?: string;
  /** The workspace's name; `name`. */
  readonly workspaceName?: string;
  /** The workspace's handle; the handle. */
  readonly workspaceHandle?: string;
  /** The API key's name; the handle. */
  readonly keyName?: string;
}

/**
 * Registers a user who owns a new account and workspace, gives them an API key, and waits
 * until the key is projected (so it authenticates).
 */
export async function createOtherTenant(t: TestServer, handle = 'eve', names: OtherTenantNames = {}): Promise<OtherTenant> {
  const bus = t.server.app.get(CommandBus);
  const name = names.name ?? handle.charAt(0).toUpperCase() + handle.slice(1);
  const { userId } = await bus.execute(
    new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle, email: names.email ?? `${handle}@example.com`, firstName: names.firstName ?? null, lastName: null }),
  );
  const { accountId } = await bus.execute(
    new CreateAccountCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { name: names.accountName ?? name, handle: names.accountHandle ?? handle, ownerUserId: userId }),
  );
  const { workspaceId } = await bus.execute(
    new CreateWorkspaceCommand(SYSTEM_PRINCIPAL, NO_REQUEST, accountId, {
      name: names.workspaceName ?? name,
      handle: names.workspaceHandle ?? handle,
      description: null,
      owner: { actorType: 'user', actorId: userId },
    }),
  );
  const key = await bus.execute(new CreateUserApiKeyCommand(SYSTEM_PRINCIPAL, NO_REQUEST, userId, { name: names.keyName ?? handle, expiration: null }));
  await t.server.app.get(ProjectionRunner).wait(key.position!);
  return { userId, accountId, workspaceId, key: key.key, keyId: key.id, api: `${t.api}/accounts/${accountId}/workspaces/${workspaceId}` };
}

/**
 * A member of the installation's workspace with a built-in role: registers a user, grants them
 * the role, and returns an API key for them once it is projected.
 */
export async function addWorkspaceMember(t: TestServer, role: WorkspaceRole, handle: string): Promise<string> {
  const userId = await registerUser(t, handle, null);
  await grantWorkspaceRole(t, userId, role);
  return issueKey(t, userId, handle);
}

/** What `addAccountMember` gives besides the account role; each defaults to nothing. */
export interface AccountMemberOptions {
  /** A role (built-in name or custom role id) in the installation's workspace; null: no access. */
  readonly workspaceRole?: string | null;
  /** The user's first name; null. */
  readonly firstName?: string | null;
}

/**
 * A user `${handle}@example.com` of the installation's account: registers them, adds them to the
 * account with `role` (null: a member of nothing), grants `options.workspaceRole` in its workspace,
 * and returns their id and an API key once it is projected.
 */
export async function addAccountMember(t: TestServer, handle: string, role: AccountRole | null, options: AccountMemberOptions = {}): Promise<{ userId: string; key: string }> {
  const { accountId } = t.server.installation.ids;
  const userId = await registerUser(t, handle, options.firstName ?? null);
  if (role) {
    await t.server.app.get(DeciderCommandHandler).handle({
      decider: accountDecider,
      stream: streamName('account', accountId),
      command: { type: 'AddAccountMember', data: { userId, role, now: new Date().toISOString() } },
      metadata: eventMetadata(SYSTEM_PRINCIPAL, { kind: 'account', accountId }, NO_REQUEST, new Date()),
    });
  }
  if (options.workspaceRole) await grantWorkspaceRole(t, userId, options.workspaceRole);
  return { userId, key: await issueKey(t, userId, handle) };
}

async function registerUser(t: TestServer, handle: string, firstName: string | null): Promise<string> {
  const { userId } = await t.server.app
    .get(CommandBus)
    .execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle, email: `${handle}@example.com`, firstName, lastName: null }));
  return userId;
}

async function grantWorkspaceRole(t: TestServer, userId: string, role: string): Promise<void> {
  const { accountId, workspaceId } = t.server.installation.ids;
  await t.server.app.get(DeciderCommandHandler).handle({
    decider: workspaceDecider,
    stream: streamName('workspace', workspaceId),
    command: { type: 'GrantWorkspaceAccess', data: { actorType: 'user', actorId: userId, role, now: new Date().toISOString() } },
    metadata: eventMetadata(SYSTEM_PRINCIPAL, { kind: 'workspace', accountId, workspaceId }, NO_REQUEST, new Date()),
  });
}

/** A new API key for the user, once it is projected (so it authenticates). */
async function issueKey(t: TestServer, userId: string, name: string): Promise<string> {
  const key = await t.server.app.get(CommandBus).execute(new CreateUserApiKeyCommand(SYSTEM_PRINCIPAL, NO_REQUEST, userId, { name, expiration: null }));
  await t.server.app.get(ProjectionRunner).wait(key.position!);
  return key.key;
}
