import type { Projection } from '../src/shared/ddd';
import { apiKeysProjection } from './identity-access/api-keys.projection';
import { usersProjection } from './identity-access/users.projection';
import { accountMembershipsProjection, accountsProjection } from './tenancy/accounts.projection';
import { workspaceAccessProjection, workspacesProjection } from './tenancy/workspaces.projection';
import { concurrencyLimitsProjection } from './orchestration/concurrency-limits.projection';
import { flowsProjection } from './orchestration/flows.projection';
import { workspaceSettingsProjection } from './orchestration/workspace-settings.projection';
import { flowRunStatesProjection, flowRunsProjection } from './orchestration/flow-runs.projection';
import { taskRunStatesProjection, taskRunsProjection } from './orchestration/task-runs.projection';
import { deploymentsProjections } from './orchestration/deployments.projection';
import { workPoolsProjections } from './orchestration/work-pools.projection';
import { blocksProjections } from './orchestration/blocks.projection';
import { variablesProjections } from './orchestration/variables.projection';
import { artifactsProjections } from './orchestration/artifacts.projection';
import { serviceAccountsProjections } from './identity-access/service-accounts.projection';
import { workspaceRolesProjections } from './identity-access/workspace-roles.projection';
import { automationsProjection } from './automations/automations.projection';
import { automationFiringsProjection } from './automations/automation-firings.projection';
import { sessionsProjections } from './identity-access/sessions.projection';
import { ssoProjections } from './identity-access/sso.projection';
import { oidcConnectionsProjections } from './identity-access/oidc-connections.projection';
import { samlConnectionsProjections } from './identity-access/saml-connections.projection';
import { invitationsProjections } from './tenancy/invitations.projection';
import { auditProjections } from './audit/audit-entries.projection';

/** Every projection the process runs. The composition root (src/main.ts) hands this list to the runner. */
export const allProjections: readonly Projection[] = [
  usersProjection,
  apiKeysProjection,
  accountsProjection,
  accountMembershipsProjection,
  workspacesProjection,
  workspaceAccessProjection,
  flowsProjection,
  concurrencyLimitsProjection,
  flowRunsProjection,
  flowRunStatesProjection,
  taskRunsProjection,
  taskRunStatesProjection,
  workspaceSettingsProjection,
  ...deploymentsProjections,
  ...workPoolsProjections,
  ...blocksProjections,
  ...variablesProjections,
  ...artifactsProjections,
  automationsProjection,
  automationFiringsProjection,
  ...serviceAccountsProjections,
  ...workspaceRolesProjections,
  ...sessionsProjections,
  ...ssoProjections,
  ...oidcConnectionsProjections,
  ...samlConnectionsProjections,
  ...invitationsProjections,
  ...auditProjections,
] as readonly Projection[];
