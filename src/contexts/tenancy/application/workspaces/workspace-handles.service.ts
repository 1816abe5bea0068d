import type { ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import type { CommandRunner, Principal, RequestContext, Scope } from '../../../../shared/application';
import { streamName } from '../../../../shared/ddd';
import { AlreadyExistsError } from '../../../../shared/errors';
import { workspaceHandlesDecider } from '../../domain/workspace/workspace-handles';
import { WORKSPACES, type WorkspaceDoc } from '../../read-models';

interface HandleRequest {
  readonly principal: Principal;
  readonly request: RequestContext;
  readonly permission: string;
  readonly scope: Scope & { kind: 'account' | 'workspace' };
  readonly workspaceId: string;
  readonly handle: string;
}

/** The registry stream belongs to the account (no workspace tenant check); events are recorded in the workspace's scope. */
function scopes(req: HandleRequest) {
  const accountId = req.scope.accountId;
  return {
    principal: req.principal,
    request: req.request,
    permission: req.permission,
    scope: { kind: 'account' as const, accountId },
    recordedScope: { kind: 'workspace' as const, accountId, workspaceId: req.workspaceId },
  };
}

const registry = (accountId: string) => streamName('workspaceHandles', accountId);

/**
 * Reserves `handle` for the workspace in its account's handle registry (the caller has authorized).
 * Workspaces created before the registry existed hold their handle only on the account stream, so a
 * live workspace of the account with that handle in the read model refuses it too.
 */
export async function reserveWorkspaceHandle(runner: CommandRunner, readStore: ReadStore, req: HandleRequest): Promise<void> {
  const accountId = req.scope.accountId;
  const holders = await readStore.find<WorkspaceDoc>(WORKSPACES, { _account: accountId, handle: req.handle });
  if (holders.some((w) => w._id !== req.workspaceId)) throw new AlreadyExistsError(`a workspace with handle "${req.handle}" already exists in this account`);
  await runner.runAuthorized({
    ...scopes(req),
    decider: workspaceHandlesDecider,
    stream: registry(accountId),
    command: () => ({ type: 'ReserveWorkspaceHandle' as const, data: { accountId, workspaceId: req.workspaceId, handle: req.handle } }),
  });
}

/** Releases the workspace's hold on `handle`; holding nothing decides nothing. */
export async function releaseWorkspaceHandle(runner: CommandRunner, req: HandleRequest): Promise<number | undefined> {
  const accountId = req.scope.accountId;
  const r = await runner.runAuthorized({
    ...scopes(req),
    decider: workspaceHandlesDecider,
    stream: registry(accountId),
    command: () => ({ type: 'ReleaseWorkspaceHandle' as const, data: { accountId, workspaceId: req.workspaceId, handle: req.handle } }),
  });
  return r.events.length > 0 ? r.position : undefined;
}
