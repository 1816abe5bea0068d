import { Command } from '@nestjs/cqrs';
import type { Principal, RequestContext } from '../../../../shared/application';

export interface RegisterUserResult {
  readonly userId: string;
  readonly position: number | undefined;
}

export class RegisterUserCommand extends Command<RegisterUserResult> {
  constructor(
    readonly principal: Principal,
    readonly request: RequestContext,
    readonly input: { readonly userId?: string; readonly handle: string; readonly email: string; readonly firstName: string | null; readonly lastName: string | null },
  ) {
    super();
  }
}
