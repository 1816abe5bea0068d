/**
 * Workspace scopes (prefect-cloud.md §B.4) and the built-in workspace roles (§B.3, mapping §B.8).
 * Scopes form a hierarchy: `manage_x` ⊃ `write_x` ⊃ `see_x` (and `run_x` sits between see and
 * manage where Prefect has it), so a role lists its strongest scopes and `expandScopes` adds the rest.
 */
export const WORKSPACE_SCOPES = [
  'see_flows', 'run_flows', 'manage_flows', 'run_tasks', 'manage_saved_search',
  'see_blocks', 'see_secret_blocks', 'manage_blocks',
  'see_deployments', 'run_deployments', 'write_deployments', 'manage_deployments',
  'see_notifications', 'write_notifications', 'manage_notifications',
  'see_workspace_settings', 'write_workspace_settings', 'manage_workspace_settings',
  'see_workspace_users', 'manage_workspace_users', 'see_workspace_service_accounts', 'manage_workspace_service_accounts', 'manage_workspace_teams',
  'see_work_queues', 'write_work_queues', 'manage_work_queues',
  'see_concurrency_limits', 'manage_concurrency_limits',
  'see_events', 'manage_events',
  'see_automations', 'manage_automations',
  'see_work_pools', 'write_work_pools', 'manage_work_pools',
  'see_workers', 'write_workers', 'manage_workers',
  'see_artifacts', 'write_artifacts', 'manage_artifacts',
  'see_variables', 'write_variables', 'manage_variables',
  'manage_acls',
  'see_incidents', 'write_incidents', 'manage_incidents',
] as const;

export type WorkspaceScopeName = (typeof WORKSPACE_SCOPES)[number];
export type BuiltInWorkspaceRole = 'owner' | 'developer' | 'runner' | 'viewer' | 'worker';

const KNOWN = new Set<string>(WORKSPACE_SCOPES);
const LEVELS = ['see', 'run', 'write', 'manage'] as const;

/** A scope and every weaker scope of the same area that exists (`manage_flows` → run_flows, see_flows). */
export function expandScopes(scopes: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const scope of scopes) {
    out.add(scope);
    const m = /^(see|run|write|manage)_(.+)$/.exec(scope);
    if (!m) continue;
    const level = LEVELS.indexOf(m[1] as (typeof LEVELS)[number]);
    for (const weaker of LEVELS.slice(0, level)) if (KNOWN.has(`${weaker}_${m[2]}`)) out.add(`${weaker}_${m[2]}`);
  }
  // Seeing secrets is granted explicitly, never implied by managing blocks' metadata alone.
  return out;
}

const ALL_SEE = WORKSPACE_SCOPES.filter((s) => s.startsWith('see_') && s !== 'see_secret_blocks');
const DEVELOPER = [
  ...ALL_SEE,
  'manage_flows', 'run_tasks', 'manage_saved_search', 'manage_blocks', 'see_secret_blocks', 'manage_deployments', 'manage_work_pools', 'manage_work_queues',
  'manage_workers', 'manage_automations', 'manage_variables', 'manage_artifacts', 'manage_concurrency_limits', 'manage_events', 'manage_notifications',
  'see_workspace_settings',
];

export const BUILT_IN_WORKSPACE_ROLES: Readonly<Record<BuiltInWorkspaceRole, ReadonlySet<string>>> = {
  viewer: expandScopes(ALL_SEE),
  runner: expandScopes([...ALL_SEE, 'run_deployments']),
  developer: expandScopes(DEVELOPER),
  owner: expandScopes(WORKSPACE_SCOPES),
  // The least a worker needs to poll for work and run it (Prefect: starting a worker as Viewer fails).
  worker: expandScopes([
    'see_flows', 'run_flows', 'run_tasks', 'see_deployments', 'see_work_pools', 'write_workers', 'write_work_queues', 'see_blocks', 'see_secret_blocks',
    'see_variables', 'see_concurrency_limits', 'see_events', 'see_artifacts', 'write_artifacts',
  ]),
};


/** Built-in roles have fixed ids so clients can reference them like custom roles (Cloud lists them with `account_id: null`). */
export const BUILT_IN_ROLE_IDS: Readonly<Record<BuiltInWorkspaceRole, string>> = {
  owner: '5c0b6d52-0c6f-4d3e-9a1e-0d1f0e7a0001',
  developer: '5c0b6d52-0c6f-4d3e-9a1e-0d1f0e7a0002',
  runner: '5c0b6d52-0c6f-4d3e-9a1e-0d1f0e7a0003',
  viewer: '5c0b6d52-0c6f-4d3e-9a1e-0d1f0e7a0004',
  worker: '5c0b6d52-0c6f-4d3e-9a1e-0d1f0e7a0005',
};

export const BUILT_IN_ROLE_DESCRIPTIONS: Readonly<Record<BuiltInWorkspaceRole, string>> = {
  owner: 'Full control of the workspace, its members and its settings.',
  developer: 'Create, run, edit and delete flows, deployments, work pools, blocks and automations.',
  runner: 'View the workspace and run deployments.',
  viewer: 'View flow runs, deployments, work pools, blocks (without secrets) and automations.',
  worker: 'The least a worker needs to poll for work and run it.',
};

/** The built-in role a reference names: its name (any case) or its fixed id. */
export function builtInRole(ref: string): BuiltInWorkspaceRole | undefined {
  const lower = ref.toLowerCase();
  if (Object.hasOwn(BUILT_IN_ROLE_IDS, lower)) return lower as BuiltInWorkspaceRole;
  return (Object.keys(BUILT_IN_ROLE_IDS) as BuiltInWorkspaceRole[]).find((name) => BUILT_IN_ROLE_IDS[name] === lower);
}

/** What a custom role grants: its own scopes plus, when it inherits, the built-in role's scopes as they are now. */
export interface CustomRoleGrant {
  readonly scopes: readonly string[];
  readonly inherited_role_id: string | null;
}

/** The scopes of a role list that are not workspace scopes. */
export function unknownScopes(scopes: readonly string[]): string[] {
  return scopes.filter((s) => !KNOWN.has(s));
}

/**
 * Whether a role grants a scope. `role` is a built-in role (name or id) or a custom role's id; for
 * a custom role, `custom` is its current definition (absent: the role does not exist → nothing).
 */
export function roleGrants(role: string, scope: string, custom?: CustomRoleGrant): boolean {
  const builtIn = builtInRole(role);
  if (builtIn) return BUILT_IN_WORKSPACE_ROLES[builtIn].has(scope);
  if (!custom) return false;
  if (expandScopes(custom.scopes).has(scope)) return true;
  const inherited = custom.inherited_role_id === null ? undefined : builtInRole(custom.inherited_role_id);
  return inherited !== undefined && BUILT_IN_WORKSPACE_ROLES[inherited].has(scope);
}

const AREA_NAMES: Record<string, string> = {
  flows: 'flows and flow runs', tasks: 'task runs', saved_search: 'saved searches', blocks: 'blocks', secret_blocks: 'secret block values',
  deployments: 'deployments', notifications: 'notifications', workspace_settings: 'workspace settings', workspace_users: 'workspace users',
  workspace_service_accounts: 'workspace service accounts', workspace_teams: 'workspace teams', work_queues: 'work queues',
  concurrency_limits: 'concurrency limits', events: 'events', automations: 'automations', work_pools: 'work pools', workers: 'workers',
  artifacts: 'artifacts', variables: 'variables', acls: 'object access control lists', incidents: 'incidents',
};
const VERBS: Record<string, string> = { see: 'View', run: 'Run', write: 'Create and edit', manage: 'Create, edit and delete' };

/** `GET /api/workspace_scopes`: every scope with a description. */
export function workspaceScopeList(): { name: string; description: string }[] {
  return WORKSPACE_SCOPES.map((name) => {
    const m = /^(see|run|write|manage)_(.+)$/.exec(name)!;
    return { name, description: `${VERBS[m[1]!]} ${AREA_NAMES[m[2]!] ?? m[2]!.replace(/_/g, ' ')}` };
  });
}
