export type { AccountEvent, AccountRole, AccountProfileChanges, AccountSettings } from './domain/account/account.events';
export type { WorkspaceEvent, WorkspaceRole, WorkspaceActorType } from './domain/workspace/workspace.events';
export * from './read-models';
export { TenancyModule } from './tenancy.module';
export { CreateAccountCommand } from './application/create-account/create-account.command';
export { CreateWorkspaceCommand } from './application/create-workspace/create-workspace.command';
export * from './public/invitations';
export * from './public/workspaces';
export * from './public/sso-account';
