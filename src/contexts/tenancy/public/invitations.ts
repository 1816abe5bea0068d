// The public surface of this feature, re-exported by index.ts.
export type { InvitationEvent, InvitedAccountRole, InvitedWorkspaceAccess } from '../domain/invitation/invitation';
