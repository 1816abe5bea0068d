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

export function roleGrants(role: string, scope: string): boolean {
  return BUILT_IN_WORKSPACE_ROLES[role as BuiltInWorkspaceRole]?.has(scope) ?? false;
}
