import { Command } from '@nestjs/cqrs';
import type { Principal, RequestContext } from '../../../../shared/application';

/**
 * Makes a new service account a Member of its account (prefect-cloud.md §B.1: bots hold only the
 * Member account role). Handled by tenancy, which owns accounts; the caller has already been
 * authorized (`create:bot`) and is recorded as the actor.
 */
export class AddServiceAccountMemberCommand extends Command<{ readonly position: number | undefined }> {
  constructor(
    readonly principal: Principal,
    readonly request: RequestContext,
    readonly accountId: string,
    readonly botId: string,
  ) {
    super();
  }
}

/**
 * A deleted service account loses its access to every workspace of its account. Handled by
 * tenancy, which owns workspace access; the caller has already been authorized (`delete:bot`).
 */
export class RemoveServiceAccountAccessCommand extends Command<{ readonly position: number | undefined }> {
  constructor(
    readonly principal: Principal,
    readonly request: RequestContext,
    readonly accountId: string,
    readonly botId: string,
  ) {
    super();
  }
}
