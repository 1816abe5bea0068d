import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import type { Principal } from '../../../shared/application';
import type { UserView } from '../../identity-access';
import { MeQueries, type MyAccount, type MyWorkspace } from '../application/queries/me.queries';

/** Prefect Cloud's `/api/me/...` routes. */
@Controller('api/me')
export class MeController {
  constructor(private readonly queries: MeQueries) {}

  @Get()
  me(@CurrentPrincipal() principal: Principal): Promise<UserView> {
    return this.queries.me(principal);
  }

  @Get('workspaces')
  workspaces(@CurrentPrincipal() principal: Principal): Promise<MyWorkspace[]> {
    return this.queries.workspaces(principal);
  }

  @Get('accounts')
  accounts(@CurrentPrincipal() principal: Principal): Promise<MyAccount[]> {
    return this.queries.accounts(principal);
  }
}
