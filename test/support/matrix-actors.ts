import assert from 'node:assert/strict';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserApiKeyCommand, RegisterUserCommand, type BuiltInWorkspaceRole } from '../../src/contexts/identity-access';
import { BUILT_IN_ROLE_IDS } from '../../src/contexts/identity-access/domain/roles/workspace-roles';
import { CreateAccountCommand, CreateWorkspaceCommand, type AccountRole, type WorkspaceActorType } from '../../src/contexts/tenancy';
import { accountDecider } from '../../src/contexts/tenancy/domain/account/account.decide';
import { workspaceDecider } from '../../src/contexts/tenancy/domain/workspace/workspace.decide';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { DeciderCommandHandler, eventMetadata, NO_REQUEST, SYSTEM_PRINCIPAL } from '../../src/shared/application';
import { streamName } from '../../src/shared/ddd';
import { createOtherTenant, type OtherTenant } from './tenants';
import type { TestServer } from './test-server';

/**
 * The actors and places of the authorization matrices (REST and GraphQL): users holding each built-in workspace
 * role in the installation's workspace W1 (as account Members), a Viewer service account, account Owner/Admin/Member,
 * a sibling workspace W2 of the same account that none of them can see, and another account B.
 */

export const WORKSPACE_ROLES: readonly BuiltInWorkspaceRole[] = ['owner', 'developer', 'runner', 'viewer', 'worker'];
export const ACCOUNT_ROLES: readonly AccountRole[] = ['owner', 'admin', 'member'];

export interface WorkspaceActor {
  /** How the matrix prints the actor, e.g. "developer (user, account Member)". */
  readonly row: string;
  readonly role: BuiltInWorkspaceRole;
  readonly actorType: WorkspaceActorType;
  readonly actorId: string;
  readonly key: string;
}

export interface AccountActor {
  readonly row: string;
  readonly role: AccountRole;
  readonly userId: string;
  readonly key: string;
}

export class MatrixActors {
  /** A: the installation's account. */
  readonly accountId: string;
  /** The installation's workspace, where the workspace actors have their roles. */
  readonly w1: string;
  private readonly bus: CommandBus;
  private readonly deciders: DeciderCommandHandler;
  private readonly projections: ProjectionRunner;
  private workspaceActorList: Promise<WorkspaceActor[]> | undefined;
  private accountActorList: Promise<AccountActor[]> | undefined;
  private throwaways = 0;

  private constructor(
    private readonly t: TestServer,
    /** Another workspace of A with no member but the installation's owner and no default role. */
    readonly w2: string,
    /** B: another account, with its own workspace. */
    readonly other: OtherTenant,
  ) {
    this.bus = t.server.app.get(CommandBus);
    this.deciders = t.server.app.get(DeciderCommandHandler);
    this.projections = t.server.app.get(ProjectionRunner);
    ({ accountId: this.accountId, workspaceId: this.w1 } = t.server.installation.ids);
  }

  /** Creates the places (W2 and the other account B); actors are created on first use. */
  static async create(t: TestServer, prefix = 'matrix'): Promise<MatrixActors> {
    const w2 = await newWorkspaceOf(t, t.server.installation.ids.accountId, `${prefix}-w2`);
    const other = await createOtherTenant(t, `${prefix}b`, { name: 'Matrix B' });
    return new MatrixActors(t, w2, other);
  }

  /** A registered user with a projected API key. */
  async newUser(handle: string): Promise<{ userId: string; key: string }> {
    const { userId } = await this.bus.execute(new RegisterUserCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { handle, email: `${handle}@example.com`, firstName: null, lastName: null }));
    const key = await this.bus.execute(new CreateUserApiKeyCommand(SYSTEM_PRINCIPAL, NO_REQUEST, userId, { name: handle, expiration: null }));
    await this.projections.wait(key.position!);
    return { userId, key: key.key };
  }

  async addToAccount(account: string, userId: string, role: AccountRole): Promise<void> {
    const r = await this.deciders.handle({
      decider: accountDecider,
      stream: streamName('account', account),
      command: { type: 'AddAccountMember', data: { userId, role, now: new Date().toISOString() } },
      metadata: eventMetadata(SYSTEM_PRINCIPAL, { kind: 'account', accountId: account }, NO_REQUEST, new Date()),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  /** Grants a built-in role in a workspace of A. */
  async grant(workspaceId: string, actorType: WorkspaceActorType, actorId: string, role: BuiltInWorkspaceRole): Promise<void> {
    const r = await this.deciders.handle({
      decider: workspaceDecider,
      stream: streamName('workspace', workspaceId),
      command: { type: 'GrantWorkspaceAccess', data: { actorType, actorId, role, now: new Date().toISOString() } },
      metadata: eventMetadata(SYSTEM_PRINCIPAL, { kind: 'workspace', accountId: this.accountId, workspaceId }, NO_REQUEST, new Date()),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  /** A new workspace of A with no member but the installation's owner, and no default role. */
  newWorkspace(handle: string): Promise<string> {
    return newWorkspaceOf(this.t, this.accountId, handle);
  }

  /** A fresh workspace of A where `actor` holds its role: for a request that would delete the workspace it names. */
  async throwawayWorkspace(actor: WorkspaceActor): Promise<string> {
    const id = await this.newWorkspace(`matrix-throwaway-${++this.throwaways}`);
    await this.grant(id, actor.actorType, actor.actorId, actor.role);
    return id;
  }

  /** A fresh account owned by the installation's owner where `actor` holds its role: for a request that would delete the account it names. */
  async throwawayAccount(actor: AccountActor): Promise<string> {
    const n = ++this.throwaways;
    const made = await this.bus.execute(
      new CreateAccountCommand(SYSTEM_PRINCIPAL, NO_REQUEST, { name: `Throwaway ${n}`, handle: `matrix-throwaway-account-${n}`, ownerUserId: this.t.server.installation.ids.userId }),
    );
    if (actor.role !== 'owner') await this.addToAccount(made.accountId, actor.userId, actor.role);
    else if (made.position !== undefined) await this.projections.wait(made.position);
    return made.accountId;
  }

  /** Owner, Developer, Runner, Viewer, Worker of W1 (users who are account Members) and a Viewer service account of W1. */
  workspaceActors(): Promise<WorkspaceActor[]> {
    this.workspaceActorList ??= this.makeWorkspaceActors();
    return this.workspaceActorList;
  }

  /** The account's Owner (the installation's owner), an Admin and a Member. */
  accountActors(): Promise<AccountActor[]> {
    this.accountActorList ??= this.makeAccountActors();
    return this.accountActorList;
  }

  private async makeWorkspaceActors(): Promise<WorkspaceActor[]> {
    const actors: WorkspaceActor[] = [];
    for (const role of WORKSPACE_ROLES) {
      const { userId, key } = await this.newUser(`matrix-${role}`);
      await this.addToAccount(this.accountId, userId, 'member');
      await this.grant(this.w1, 'user', userId, role);
      actors.push({ row: `${role} (user, account Member)`, role, actorType: 'user', actorId: userId, key });
    }
    const created = await this.t.fetch(`/accounts/${this.accountId}/bots/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'matrix-viewer-bot' }) });
    assert.equal(created.status, 201, await created.clone().text());
    const bot = (await created.json()) as { id: string; api_key: { key: string } };
    const granted = await this.t.fetch(`${this.t.workspaceApi}/bot_access/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ bot_id: bot.id, workspace_role_id: BUILT_IN_ROLE_IDS.viewer }),
    });
    assert.ok(granted.status === 200 || granted.status === 201, await granted.clone().text());
    actors.push({ row: 'viewer (service account)', role: 'viewer', actorType: 'service_account', actorId: bot.id, key: bot.api_key.key });
    return actors;
  }

  private async makeAccountActors(): Promise<AccountActor[]> {
    const { userId: ownerId } = this.t.server.installation.ids;
    const actors: AccountActor[] = [{ row: 'owner (account role)', role: 'owner', userId: ownerId, key: this.t.apiKey }];
    for (const role of ['admin', 'member'] as const) {
      const { userId, key } = await this.newUser(`matrix-account-${role}`);
      await this.addToAccount(this.accountId, userId, role);
      actors.push({ row: `${role} (account role)`, role, userId, key });
    }
    assert.deepEqual(actors.map((a) => a.role), [...ACCOUNT_ROLES]);
    return actors;
  }
}

async function newWorkspaceOf(t: TestServer, accountId: string, handle: string): Promise<string> {
  const { workspaceId, position } = await t.server.app.get(CommandBus).execute(
    new CreateWorkspaceCommand(SYSTEM_PRINCIPAL, NO_REQUEST, accountId, {
      name: handle,
      handle,
      description: null,
      owner: { actorType: 'user', actorId: t.server.installation.ids.userId },
      defaultWorkspaceRole: null,
    }),
  );
  if (position !== undefined) await t.server.app.get(ProjectionRunner).wait(position);
  return workspaceId;
}

/** Runs `work` over `items` with at most `limit` at a time; the results in the items' order. */
export async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}
