import { NO_REQUEST, SYSTEM_PRINCIPAL } from '../../../../shared/application';
import type { WorkspaceScope } from '../../../../infrastructure/http/workspace-scope';
import type { Caller } from '../caller';
import type { TenantScope } from '../orchestration-reads';

/** The server itself acting in a workspace (the scheduler and the monitors): the system actor, no request. */
export const systemCaller = (scope: TenantScope): Caller => ({
  principal: SYSTEM_PRINCIPAL,
  request: NO_REQUEST,
  scope: { kind: 'workspace', accountId: scope.accountId, workspaceId: scope.workspaceId } as WorkspaceScope,
});

/** The workspace a read-model document belongs to (undefined for a document without one). */
export function scopeOfDoc(doc: { _account?: string | null; _workspace?: string | null }): TenantScope | undefined {
  return doc._account && doc._workspace ? { accountId: doc._account, workspaceId: doc._workspace } : undefined;
}
