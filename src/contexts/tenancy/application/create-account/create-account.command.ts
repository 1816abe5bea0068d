import { Command } from '@nestjs/cqrs';
import type { Principal, RequestContext } from '../../../../shared/application';

export interface CreateAccountResult {
  readonly accountId: string;
  readonly position: number | undefined;
}

export class CreateAccountCommand extends Command<CreateAccountResult> {
  constructor(
    readonly principal: Principal,
    readonly request: RequestContext,
    readonly input: { readonly accountId?: string; readonly name: string; readonly handle: string; readonly ownerUserId: string | null },
  ) {
    super();
  }
}
