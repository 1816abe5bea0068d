import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountInvitationsController, MyInvitationsController } from './api/invitations.controller';
import { InvitationAcceptanceReactor } from './application/invitations/invitation-acceptance.reactor';
import { InvitationUseCases } from './application/invitations/invitations.use-cases';

/** invitations: controllers and use cases. Imported by TenancyModule. */
@Module({
  imports: [CqrsModule],
  controllers: [AccountInvitationsController, MyInvitationsController],
  providers: [InvitationUseCases, InvitationAcceptanceReactor],
  exports: [InvitationUseCases],
})
export class InvitationsModule {}
