export type { UserEvent } from './domain/user/user.events';
export type { ApiKeyEvent, ApiKeyOwner } from './domain/api-key/api-key.events';
export * from './read-models';
export { IdentityAccessModule } from './identity-access.module';
export { RegisterUserCommand } from './application/register-user/register-user.command';
export { CreateUserApiKeyCommand, type CreatedApiKey } from './application/create-api-key/create-api-key.command';
export { hashApiKey } from './application/create-api-key/api-key-secret';
export { roleGrants, WORKSPACE_SCOPES, BUILT_IN_WORKSPACE_ROLES, type BuiltInWorkspaceRole } from './domain/roles/workspace-roles';
