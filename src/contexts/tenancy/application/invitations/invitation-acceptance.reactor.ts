import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import type { Reactor } from '../../../../infrastructure/reactors/reactor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import { reactionContext } from '../../../../shared/application';
import type { RecordedEvent } from '../../../../shared/ddd';
import type { InvitationEvent } from '../../domain/invitation/invitation';
import { InvitationUseCases } from './invitations.use-cases';

type Accepted = Extract<InvitationEvent, { type: 'InvitationAccepted' }>;

/**
 * InvitationAccepted → the membership and workspace access it offers, as the invitee (the event's
 * actor). The accept route does this inline; this completes it if the process stopped in between.
 * Idempotent: what is already held decides nothing, and a later change to the membership wins.
 */
@Injectable()
export class InvitationAcceptanceReactor implements Reactor, OnModuleInit {
  readonly name = 'tenancy-invitation-acceptance';
  readonly version = 1;
  readonly eventTypes = ['InvitationAccepted'];

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly projections: ProjectionRunner,
    private readonly invitations: InvitationUseCases,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      const { principal, request } = reactionContext(event);
      const d = (event as unknown as Accepted).data;
      await this.projections.wait(event.position);
      const position = await this.invitations.complete(principal, request, d, event.position);
      if (position !== undefined) await this.projections.wait(position);
    }
  }
}
