import { Command } from '@nestjs/cqrs';
import type { Principal, RequestContext } from '../../../../shared/application';

export interface CreatedApiKey {
  readonly id: string;
  readonly name: string;
  readonly created: string;
  readonly expiration: string | null;
  /** The secret itself: returned once, never stored. */
  readonly key: string;
  readonly position: number | undefined;
}

export class CreateUserApiKeyCommand extends Command<CreatedApiKey> {
  constructor(
    readonly principal: Principal,
    readonly request: RequestContext,
    readonly userId: string,
    readonly input: { readonly keyId?: string; readonly name: string; readonly expiration: string | null; readonly key?: string },
  ) {
    super();
  }
}
