import { Command } from '@nestjs/cqrs';
import type { Principal, RequestContext } from '../../../../shared/application';

/**
 * Gives a user a password unless they already have one (the installation's first owner, from
 * PRAETOR_BOOTSTRAP_PASSWORD): repeating it, e.g. on every start, changes nothing once a password is set.
 */
export class SetInitialPasswordCommand extends Command<{ readonly position: number | undefined }> {
  constructor(
    readonly principal: Principal,
    readonly request: RequestContext,
    readonly userId: string,
    readonly password: string,
  ) {
    super();
  }
}
