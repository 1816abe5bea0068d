import type { Principal, Scope } from './principal';

/**
 * The authorization seam: every handler names the permission it needs and asks the authorizer.
 * It throws NotFoundError when the actor has no access to the scope at all (so a stranger
 * cannot tell a workspace exists) and ForbiddenError when it has access but not this permission.
 */
export interface Authorizer {
  authorize(principal: Principal, permission: string, scope: Scope): Promise<void>;
}

export const AUTHORIZER = Symbol('AUTHORIZER');
