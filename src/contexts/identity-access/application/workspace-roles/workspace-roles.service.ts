import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { CommandRunner, type Principal, type RequestContext } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { ForbiddenError, NotFoundError } from '../../../../shared/errors';
import { BUILT_IN_ROLE_DESCRIPTIONS, BUILT_IN_ROLE_IDS, BUILT_IN_WORKSPACE_ROLES, builtInRole, WORKSPACE_SCOPES, type BuiltInWorkspaceRole } from '../../domain/roles/workspace-roles';
import { workspaceRolesDecider } from '../../domain/workspace-role/workspace-role';
import { WORKSPACE_ROLES, type WorkspaceRoleDoc } from '../../read-models/workspace-roles';

/** Prefect Cloud's workspace role object. */
export interface WorkspaceRoleView {
  id: string;
  name: string;
  description: string;
  scopes: string[];
  account_id: string | null;
  inherited_role_id: string | null;
  created: string | null;
  updated: string | null;
}

export interface RoleInput {
  readonly name: string;
  readonly description: string;
  readonly scopes: readonly string[];
  readonly inheritedRoleId: string | null;
}

/** The tenancy read model of workspace access (read by collection name; tenancy imports this context). */
const WORKSPACE_ACCESS = 'workspace_access';

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function builtInRoleView(role: BuiltInWorkspaceRole): WorkspaceRoleView {
  const order = new Map<string, number>(WORKSPACE_SCOPES.map((s, i) => [s, i]));
  return {
    id: BUILT_IN_ROLE_IDS[role],
    name: capitalised(role),
    description: BUILT_IN_ROLE_DESCRIPTIONS[role],
    scopes: [...BUILT_IN_WORKSPACE_ROLES[role]].sort((a, b) => order.get(a)! - order.get(b)!),
    account_id: null,
    inherited_role_id: null,
    created: null,
    updated: null,
  };
}

const view = (d: WorkspaceRoleDoc): WorkspaceRoleView => ({
  id: d._id,
  name: d.name,
  description: d.description,
  scopes: d.scopes,
  account_id: d.account_id,
  inherited_role_id: d.inherited_role_id,
  created: d.created,
  updated: d.updated,
});

/** Custom workspace roles of an account: CRUD, each change an event on the account's role stream. */
@Injectable()
export class WorkspaceRolesService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  private target(p: Principal, request: RequestContext, accountId: string, permission: string) {
    return { principal: p, request, permission, scope: { kind: 'account', accountId } as const, decider: workspaceRolesDecider, stream: streamName('workspaceRoles', accountId) };
  }

  async create(p: Principal, ctx: RequestContext, accountId: string, input: RoleInput): Promise<WorkspaceRoleView> {
    const roleId = this.runner.uuid();
    const r = await this.runner.run({
      ...this.target(p, ctx, accountId, 'create:workspace_role'),
      command: (now) => ({ type: 'CreateWorkspaceRole' as const, data: { roleId, accountId, ...input, now } }),
    });
    await this.projections.wait(r.position!);
    return this.get(p, accountId, roleId, false);
  }

  async update(p: Principal, ctx: RequestContext, accountId: string, ref: string, patch: Partial<RoleInput>): Promise<void> {
    const roleId = await this.customRoleId(p, accountId, ref, 'update:workspace_role');
    const r = await this.runner.run({
      ...this.target(p, ctx, accountId, 'update:workspace_role'),
      command: (now) => ({ type: 'UpdateWorkspaceRole' as const, data: { roleId, accountId, ...patch, now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  async delete(p: Principal, ctx: RequestContext, accountId: string, ref: string): Promise<void> {
    const roleId = await this.customRoleId(p, accountId, ref, 'delete:workspace_role');
    const inUse = (await this.readStore.count(WORKSPACE_ACCESS, { _account: accountId, workspace_role_name: roleId })) > 0;
    const r = await this.runner.run({
      ...this.target(p, ctx, accountId, 'delete:workspace_role'),
      command: (now) => ({ type: 'DeleteWorkspaceRole' as const, data: { roleId, accountId, inUse, now } }),
    });
    if (r.position !== undefined) await this.projections.wait(r.position);
  }

  async get(p: Principal, accountId: string, ref: string, authorize = true): Promise<WorkspaceRoleView> {
    if (authorize) await this.runner.authorize(p, 'read:workspace_role', { kind: 'account', accountId });
    const builtIn = builtInRole(ref);
    if (builtIn) return builtInRoleView(builtIn);
    const doc = await this.readStore.get<WorkspaceRoleDoc>(WORKSPACE_ROLES, ref.toLowerCase());
    if (!doc || doc._account !== accountId) throw new NotFoundError('Workspace role not found');
    return view(doc);
  }

  async filter(p: Principal, accountId: string, opts: { limit?: number; offset?: number }): Promise<WorkspaceRoleView[]> {
    await this.runner.authorize(p, 'read:workspace_role', { kind: 'account', accountId });
    const custom = await this.readStore.find<WorkspaceRoleDoc>(WORKSPACE_ROLES, { _account: accountId }, { sort: [{ field: 'name', direction: 'asc' }] });
    const all = [...(Object.keys(BUILT_IN_ROLE_IDS) as BuiltInWorkspaceRole[]).map(builtInRoleView), ...custom.map(view)];
    const offset = opts.offset ?? 0;
    return all.slice(offset, opts.limit === undefined ? undefined : offset + opts.limit);
  }

  private async customRoleId(p: Principal, accountId: string, ref: string, permission: string): Promise<string> {
    await this.runner.authorize(p, permission, { kind: 'account', accountId });
    if (builtInRole(ref)) throw new ForbiddenError('Built-in workspace roles cannot be changed', permission);
    return (await this.get(p, accountId, ref, false)).id;
  }
}
