import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import type { Reactor } from '../../../../infrastructure/reactors/reactor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import { CommandRunner, reactionContext } from '../../../../shared/application';
import { streamName, type RecordedEvent } from '../../../../shared/ddd';
import { NotFoundError } from '../../../../shared/errors';
import { SERVICE_ACCOUNTS, type ServiceAccountEvent } from '../../../identity-access';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import { accountDecider } from '../../domain/account/account.decide';
import type { AccountEvent } from '../../domain/account/account.events';
import { AccountMembershipUseCases } from './account-memberships.use-cases';

type ServiceAccountCreated = Extract<ServiceAccountEvent, { type: 'ServiceAccountCreated' }>;
type ServiceAccountDeleted = Extract<ServiceAccountEvent, { type: 'ServiceAccountDeleted' }>;
type AccountMemberRemoved = Extract<AccountEvent, { type: 'AccountMemberRemoved' }>;

/**
 * Keeps account membership consistent, in reaction, as the actor that caused it:
 * - AccountMemberRemoved → every workspace access of that actor in the account is revoked
 *   (the API does this already; this finishes the job if the process stopped half-way);
 * - ServiceAccountCreated → the bot is a Member of its account (the API adds it at once; this
 *   finishes the job if the process stopped between the bot and its membership);
 * - ServiceAccountDeleted → the bot's account membership is removed.
 * All are idempotent: revoking missing access, adding a member twice or removing a non-member decides nothing.
 */
@Injectable()
export class AccountMembershipReactor implements Reactor, OnModuleInit {
  readonly name = 'tenancy-account-memberships';
  readonly version = 1;
  readonly eventTypes = ['AccountMemberRemoved', 'ServiceAccountCreated', 'ServiceAccountDeleted'];

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    private readonly memberships: AccountMembershipUseCases,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      const { principal, request } = reactionContext(event);
      if (event.type === 'AccountMemberRemoved') {
        const d = (event as unknown as AccountMemberRemoved).data;
        // The read models must have seen the removal before we look up what is left to revoke.
        await this.projections.wait(event.position);
        const position = await this.memberships.revokeWorkspaceAccess(principal, request, d.accountId, d.userId);
        if (position !== undefined) await this.projections.wait(position);
      } else if (event.type === 'ServiceAccountCreated') {
        const d = (event as unknown as ServiceAccountCreated).data;
        // A bot deleted since (a replay) must not become a member again.
        await this.projections.wait(event.position);
        if (!(await this.readStore.get(SERVICE_ACCOUNTS, d.botId))) continue;
        await this.runner.runAuthorized({
          principal,
          request,
          scope: { kind: 'account', accountId: d.accountId },
          permission: 'create:bot',
          decider: accountDecider,
          stream: streamName('account', d.accountId),
          command: (now) => ({ type: 'AddAccountMember' as const, data: { userId: d.botId, role: 'member' as const, now } }),
        });
      } else if (event.type === 'ServiceAccountDeleted') {
        const d = (event as unknown as ServiceAccountDeleted).data;
        try {
          await this.runner.runAuthorized({
            principal,
            request,
            scope: { kind: 'account', accountId: d.accountId },
            permission: 'delete:account_membership',
            decider: accountDecider,
            stream: streamName('account', d.accountId),
            command: (now) => ({ type: 'RemoveAccountMember' as const, data: { userId: d.botId, now } }),
          });
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err; // the account itself is gone: nothing to remove
        }
      }
    }
  }
}
