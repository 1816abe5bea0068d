/** What projections and other contexts may use from service-accounts: event types and pure helpers. */
export type { ServiceAccountEvent } from '../domain/service-account/service-account.events';
export { AddServiceAccountMemberCommand, RemoveServiceAccountAccessCommand } from '../application/service-accounts/service-account-tenancy.commands';
