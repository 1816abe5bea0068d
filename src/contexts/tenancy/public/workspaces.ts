// The public surface of this feature, re-exported by index.ts.
export type { WorkspaceChanges } from '../domain/workspace/workspace.events';
export type { WorkspaceHandleEvent } from '../domain/workspace/workspace-handles';
