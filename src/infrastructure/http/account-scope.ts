import { SetMetadata } from '@nestjs/common';

export const REQUIRED_ACCOUNT_PERMISSION = 'praetor:requiredAccountPermission';

/**
 * The account permission string (prefect-cloud.md §B.2, e.g. `read:bot`) an account route
 * (`/api/accounts/:accountId/...` outside a workspace) needs. The account permission guard asks the
 * authorizer for it before the handler runs — not a member → 404, a role without it → 403 — and
 * refuses an account route that declares none, so a new route cannot be left open by omission.
 */
export const RequiresAccountPermission = (permission: string) => SetMetadata(REQUIRED_ACCOUNT_PERMISSION, permission);
