import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { workspaceHandlesDecider, type WorkspaceHandleEvent } from './workspace-handles';

const spec = deciderSpec(workspaceHandlesDecider);
const reserve = (workspaceId: string, handle: string) => ({ type: 'ReserveWorkspaceHandle' as const, data: { accountId: 'a1', workspaceId, handle } });
const release = (workspaceId: string, handle: string) => ({ type: 'ReleaseWorkspaceHandle' as const, data: { accountId: 'a1', workspaceId, handle } });
const reserved = (workspaceId: string, handle: string): WorkspaceHandleEvent => ({ type: 'WorkspaceHandleReserved', data: { accountId: 'a1', workspaceId, handle } });
const released = (workspaceId: string, handle: string): WorkspaceHandleEvent => ({ type: 'WorkspaceHandleReleased', data: { accountId: 'a1', workspaceId, handle } });

describe('workspace handle registry decider', () => {
  it('reserves a free handle; the holder reserving it again decides nothing', () => {
    spec.given([]).when(reserve('w1', 'prod')).then([reserved('w1', 'prod')]);
    spec.given([reserved('w1', 'prod')]).when(reserve('w1', 'prod')).thenNothing();
  });
  it('refuses a handle another workspace holds, and an invalid handle', () => {
    spec.given([reserved('w1', 'prod')]).when(reserve('w2', 'prod')).thenThrows('ALREADY_EXISTS');
    spec.given([]).when(reserve('w1', 'Not A Handle')).thenThrows('VALIDATION_FAILED');
  });
  it('releases a held handle, which another workspace can then take', () => {
    spec.given([reserved('w1', 'prod')]).when(release('w1', 'prod')).then([released('w1', 'prod')]);
    spec.given([reserved('w1', 'prod'), released('w1', 'prod')]).when(reserve('w2', 'prod')).then([reserved('w2', 'prod')]);
  });
  it('releasing a handle the workspace does not hold decides nothing', () => {
    spec.given([]).when(release('w1', 'prod')).thenNothing();
    spec.given([reserved('w2', 'prod')]).when(release('w1', 'prod')).thenNothing();
    spec.given([reserved('w1', 'prod'), released('w1', 'prod')]).when(release('w1', 'prod')).thenNothing();
  });
});
