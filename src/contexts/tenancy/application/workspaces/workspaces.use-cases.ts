import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { CommandRunner, type Principal, type RequestContext } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { workspaceDecider } from '../../domain/workspace/workspace.decide';
import type { WorkspaceChanges } from '../../domain/workspace/workspace.events';
import { ACCOUNT_MEMBERSHIPS, membershipId, WORKSPACES, WORKSPACE_ACCESS, type AccountMembershipDoc, type WorkspaceAccessDoc, type WorkspaceDoc } from '../../read-models';
import { CreateWorkspaceCommand } from '../create-workspace/create-workspace.command';
import { releaseWorkspaceHandle, reserveWorkspaceHandle } from './workspace-handles.service';
import { resolveWorkspaceRole, workspaceRoleId, type ResolvedRole } from './workspace-role-ref';
import { WorkspacePurger } from './workspace-purger';

/**
 * Account permission strings (prefect-cloud.md §B.2). §B.2 has no `update:workspace`: editing a
 * workspace takes `administrate:workspace` in the account, or the workspace's own
 * `manage_workspace_settings` scope (its Owner role).
 */
export const WORKSPACE_PERMISSIONS = {
  create: 'create:workspace',
  read: 'read:workspace',
  update: 'administrate:workspace',
  delete: 'delete:workspace',
  updateInWorkspace: 'manage_workspace_settings',
} as const;

/** Prefect Cloud's workspace object. */
export interface WorkspaceView {
  id: string;
  account_id: string;
  name: string;
  handle: string;
  description: string | null;
  default_workspace_role_id: string | null;
  is_public: boolean;
  created: string;
  updated: string;
}

type Json = Record<string, unknown>;

export function workspaceView(w: WorkspaceDoc): WorkspaceView {
  const role = w.default_workspace_role ?? null;
  return {
    id: w._id,
    account_id: w.account_id,
    name: w.name,
    handle: w.handle,
    description: w.description,
    default_workspace_role_id: role === null ? null : workspaceRoleId(role),
    is_public: w.is_public ?? false,
    created: w.created,
    updated: w.updated,
  };
}

const account = (accountId: string) => ({ kind: 'account' as const, accountId });
const inWorkspace = (accountId: string, workspaceId: string) => ({ kind: 'workspace' as const, accountId, workspaceId });

function optionalString(body: Json, field: string): string | null | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v !== null && typeof v !== 'string') throw new ValidationError(`${field} must be a string or null`);
  return v;
}

/**
 * Workspaces of an account (`/api/accounts/{a}/workspaces/...`). Account Owners and Admins see and
 * manage every workspace; a Member sees those it holds access to, explicitly or through the
 * workspace's default role.
 */
@Injectable()
export class WorkspaceUseCases {
  constructor(
    private readonly runner: CommandRunner,
    private readonly commands: CommandBus,
    private readonly projections: ProjectionRunner,
    private readonly purger: WorkspacePurger,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async create(principal: Principal, request: RequestContext, accountId: string, body: Json): Promise<WorkspaceView> {
    await this.runner.authorize(principal, WORKSPACE_PERMISSIONS.create, account(accountId));
    if (typeof body.name !== 'string') throw new ValidationError('name is required');
    if (typeof body.handle !== 'string') throw new ValidationError('handle is required');
    const description = optionalString(body, 'description') ?? null;
    if (body.is_public !== undefined && typeof body.is_public !== 'boolean') throw new ValidationError('is_public must be a boolean');
    const defaultWorkspaceRole = await this.defaultRole(body);
    const { workspaceId, position } = await this.commands.execute(
      new CreateWorkspaceCommand(principal, request, accountId, { name: body.name, handle: body.handle, description, defaultWorkspaceRole: defaultWorkspaceRole ?? null, isPublic: body.is_public as boolean | undefined }),
    );
    if (position !== undefined) await this.projections.wait(position);
    return workspaceView(await this.visible(principal, accountId, workspaceId));
  }

  async filter(principal: Principal, accountId: string, page: { limit: number; offset: number }): Promise<WorkspaceView[]> {
    await this.runner.authorize(principal, WORKSPACE_PERMISSIONS.read, account(accountId));
    const all = await this.readStore.find<WorkspaceDoc>(WORKSPACES, { _account: accountId }, { sort: [{ field: 'handle', direction: 'asc' }] });
    const reach = await this.reach(principal, accountId);
    return all.filter(reach).slice(page.offset, page.offset + page.limit).map(workspaceView);
  }

  async get(principal: Principal, accountId: string, workspaceId: string): Promise<WorkspaceView> {
    await this.runner.authorize(principal, WORKSPACE_PERMISSIONS.read, account(accountId));
    return workspaceView(await this.visible(principal, accountId, workspaceId));
  }

  /** name, handle, description, default_workspace_role_id, is_public. A new handle is reserved first, the old one released after. */
  async update(principal: Principal, request: RequestContext, accountId: string, workspaceId: string, body: Json): Promise<WorkspaceView> {
    const ws = await this.visibleToCaller(principal, accountId, workspaceId);
    await this.authorizeUpdate(principal, accountId, workspaceId);
    const changes: { -readonly [K in keyof WorkspaceChanges]: WorkspaceChanges[K] } = {};
    if (body.name !== undefined) {
      if (typeof body.name !== 'string') throw new ValidationError('name must be a string');
      changes.name = body.name;
    }
    if (body.handle !== undefined) {
      if (typeof body.handle !== 'string') throw new ValidationError('handle must be a string');
      changes.handle = body.handle;
    }
    const description = optionalString(body, 'description');
    if (description !== undefined) changes.description = description;
    if (body.is_public !== undefined) {
      if (typeof body.is_public !== 'boolean') throw new ValidationError('is_public must be a boolean');
      changes.isPublic = body.is_public;
    }
    const defaultRole = await this.defaultRole(body);
    if (defaultRole !== undefined) changes.defaultWorkspaceRole = defaultRole?.role ?? null;
    const common = { principal, request, permission: WORKSPACE_PERMISSIONS.update, scope: inWorkspace(accountId, workspaceId) };
    const newHandle = changes.handle !== undefined && changes.handle !== ws.handle ? changes.handle : undefined;
    if (newHandle !== undefined) await reserveWorkspaceHandle(this.runner, this.readStore, { ...common, workspaceId, handle: newHandle });
    const r = await this.runner.runAuthorized({
      ...common,
      decider: workspaceDecider,
      stream: streamName('workspace', workspaceId),
      command: (now) => ({ type: 'UpdateWorkspace' as const, data: { changes, customRoleAccountId: defaultRole?.customRoleAccountId, now } }),
    });
    let position = r.position;
    const updated = r.events[0];
    if (updated?.type === 'WorkspaceUpdated' && updated.data.previousHandle !== undefined) {
      // A crash before this leaves the old handle reserved (nothing is duplicated); the lifecycle reactor releases it.
      position = (await releaseWorkspaceHandle(this.runner, { ...common, workspaceId, handle: updated.data.previousHandle })) ?? position;
    }
    if (position !== undefined) await this.projections.wait(position);
    return workspaceView(await this.visible(principal, accountId, workspaceId));
  }

  /**
   * Records WorkspaceDeleted: from then on the workspace answers 404 everywhere. Its handle is
   * released and its read models are purged here and again by the lifecycle reactor (idempotent).
   */
  async delete(principal: Principal, request: RequestContext, accountId: string, workspaceId: string): Promise<void> {
    const ws = await this.visibleToCaller(principal, accountId, workspaceId);
    await this.runner.authorize(principal, WORKSPACE_PERMISSIONS.delete, account(accountId));
    const common = { principal, request, permission: WORKSPACE_PERMISSIONS.delete, scope: inWorkspace(accountId, workspaceId) };
    const r = await this.runner.runAuthorized({
      ...common,
      decider: workspaceDecider,
      stream: streamName('workspace', workspaceId),
      command: (now) => ({ type: 'DeleteWorkspace' as const, data: { now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
    const released = await releaseWorkspaceHandle(this.runner, { ...common, workspaceId, handle: ws.handle });
    if (released !== undefined) await this.projections.wait(released);
    await this.purger.purge(workspaceId);
  }

  /** `default_workspace_role_id`: undefined when absent, null to unset, else the resolved role. */
  private async defaultRole(body: Json): Promise<ResolvedRole | null | undefined> {
    const ref = body.default_workspace_role_id;
    if (ref === undefined) return undefined;
    if (ref === null) return null;
    return resolveWorkspaceRole(this.readStore, ref, 'default_workspace_role_id');
  }

  private async authorizeUpdate(principal: Principal, accountId: string, workspaceId: string): Promise<void> {
    try {
      await this.runner.authorize(principal, WORKSPACE_PERMISSIONS.update, account(accountId));
    } catch (err) {
      if (!(err instanceof ForbiddenError) && !(err instanceof NotFoundError)) throw err;
      // The workspace's own Owner role (manage_workspace_settings) may edit it too.
      await this.runner.authorize(principal, WORKSPACE_PERMISSIONS.updateInWorkspace, inWorkspace(accountId, workspaceId));
    }
  }

  /** For edits: the caller must see the workspace (404 otherwise) before a missing permission is a 403. */
  private async visibleToCaller(principal: Principal, accountId: string, workspaceId: string): Promise<WorkspaceDoc> {
    await this.runner.authorize(principal, WORKSPACE_PERMISSIONS.read, account(accountId)).catch((err: unknown) => {
      if (err instanceof ForbiddenError) throw new NotFoundError('Workspace not found');
      throw err;
    });
    return this.visible(principal, accountId, workspaceId);
  }

  private async visible(principal: Principal, accountId: string, workspaceId: string): Promise<WorkspaceDoc> {
    const ws = await this.readStore.get<WorkspaceDoc>(WORKSPACES, workspaceId);
    if (!ws || ws.account_id !== accountId || !(await this.reach(principal, accountId))(ws)) throw new NotFoundError('Workspace not found');
    return ws;
  }

  /** Which workspaces of the account the caller reaches (the same rule as the authorizer's). */
  private async reach(principal: Principal, accountId: string): Promise<(w: WorkspaceDoc) => boolean> {
    if (principal.actor.type === 'system') return () => true;
    const actorId = principal.actor.id;
    const role = (await this.readStore.get<AccountMembershipDoc>(ACCOUNT_MEMBERSHIPS, membershipId(accountId, actorId)))?.account_role_name;
    if (role === 'owner' || role === 'admin') return () => true;
    const explicit = new Set((await this.readStore.find<WorkspaceAccessDoc>(WORKSPACE_ACCESS, { actor_id: actorId, account_id: accountId })).map((a) => a.workspace_id));
    const viaDefault = role !== undefined && principal.actor.type === 'user';
    return (w) => explicit.has(w._id) || (viaDefault && (w.default_workspace_role ?? null) !== null);
  }
}
