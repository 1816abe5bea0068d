import type { Projection } from '../src/shared/ddd';
import { apiKeysProjection } from './identity-access/api-keys.projection';
import { usersProjection } from './identity-access/users.projection';
import { accountMembershipsProjection, accountsProjection } from './tenancy/accounts.projection';
import { workspaceAccessProjection, workspacesProjection } from './tenancy/workspaces.projection';
import { concurrencyLimitsProjection } from './orchestration/concurrency-limits.projection';
import { flowsProjection } from './orchestration/flows.projection';

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
] as readonly Projection[];
