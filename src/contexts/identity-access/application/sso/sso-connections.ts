import type { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import type { ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import type { CommandRunner, Principal, RequestContext, Scope } from '../../../../shared/application';
import type { Command, Decider, Document, DomainEvent } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';

/** An account's SSO connections (OIDC and SAML alike) are changed with `administrate:sso` and read with `read:sso`. */
export const SSO_PERMISSIONS = { administrate: 'administrate:sso', read: 'read:sso' } as const;

/**
 * Checks that `principal` may change the account's SSO connection, before its input is looked at
 * (a stranger learns nothing from validation errors); answers the scope to record the change in.
 */
export async function authorizeSsoChange(runner: CommandRunner, principal: Principal, accountId: string): Promise<Scope> {
  const scope: Scope = { kind: 'account', accountId };
  await runner.authorize(principal, SSO_PERMISSIONS.administrate, scope);
  return scope;
}

/**
 * Records a change of the account's connection through its decider, as the caller `authorizeSsoChange`
 * let through, and waits until the read model has it (read-your-writes).
 */
export async function changeSsoConnection<S, C extends Command, E extends DomainEvent>(
  runner: CommandRunner,
  projections: ProjectionRunner,
  change: {
    readonly principal: Principal;
    readonly request: RequestContext;
    readonly scope: Scope;
    readonly decider: Decider<S, C, E>;
    readonly stream: string;
    readonly command: (now: string) => NoInfer<C>;
  },
): Promise<void> {
  const r = await runner.runAuthorized({ ...change, permission: SSO_PERMISSIONS.administrate });
  if (r.position !== undefined && r.position > 0) await projections.wait(r.position);
}

/** The account's connection document from `collection`; 404 with `missing` when it has none. */
export async function loadSsoConnection<D extends Document>(readStore: ReadStore, collection: string, accountId: string, missing: string): Promise<D> {
  const doc = await readStore.get<D>(collection, accountId);
  if (!doc) throw new NotFoundError(missing);
  return doc;
}
