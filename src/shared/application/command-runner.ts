import { Inject, Injectable } from '@nestjs/common';
import { microIso, type Command, type Decider, type DomainEvent } from '../ddd';
import { AUTHORIZER, type Authorizer } from './authorizer';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from './clock';
import { DeciderCommandHandler, type Decided } from './decider-command-handler';
import { eventMetadata, type RequestContext } from './event-metadata';
import type { Principal, Scope } from './principal';

export interface RunCommand<S, C extends Command, E extends DomainEvent> {
  readonly principal: Principal;
  readonly request: RequestContext;
  /** The permission this use case needs in `scope`. */
  readonly permission: string;
  readonly scope: Scope;
  /** Scope recorded in the event metadata when it differs from the authorization scope (e.g. a new workspace). */
  readonly recordedScope?: Scope;
  readonly decider: Decider<S, C, E>;
  readonly stream: string;
  /** Builds the command with the time the handler runs at. */
  readonly command: (now: string) => NoInfer<C>;
  readonly expectedRevision?: number;
}

/**
 * What every command handler does, once: authorize, take the time, decide and append with
 * metadata. Handlers stay thin: map the request to a command and name the permission.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    readonly deciders: DeciderCommandHandler,
  ) {}

  uuid(): string {
    return this.ids.uuid();
  }

  now(): Date {
    return this.clock.now();
  }

  authorize(principal: Principal, permission: string, scope: Scope): Promise<void> {
    return this.authorizer.authorize(principal, permission, scope);
  }

  async run<S, C extends Command, E extends DomainEvent>(req: RunCommand<S, C, E>): Promise<Decided<S, E>> {
    await this.authorizer.authorize(req.principal, req.permission, req.scope);
    return this.deciders.handle(this.request(req, this.clock.now()));
  }

  /**
   * As `run`, for a caller that has already authorized this principal for this permission and scope
   * (e.g. once for a whole batch of client events).
   */
  async runAuthorized<S, C extends Command, E extends DomainEvent>(req: RunCommand<S, C, E>): Promise<Decided<S, E>> {
    return this.deciders.handle(this.request(req, this.clock.now()));
  }

  /** As `run`, for deciders whose caller needs an output too (e.g. Prefect's orchestration result). */
  async runWithOutput<S, C extends Command, E extends DomainEvent, O>(
    req: RunCommand<S, C, E> & { readonly decideWith: (command: C, state: S) => { readonly events: readonly E[]; readonly output: O } },
  ): Promise<Decided<S, E> & { readonly output: O }> {
    await this.authorizer.authorize(req.principal, req.permission, req.scope);
    return this.deciders.handleWithOutput({ ...this.request(req, this.clock.now()), decideWith: req.decideWith });
  }

  /** As `runWithOutput`, for a caller that has already authorized this principal for this permission and scope. */
  async runWithOutputAuthorized<S, C extends Command, E extends DomainEvent, O>(
    req: RunCommand<S, C, E> & { readonly decideWith: (command: C, state: S) => { readonly events: readonly E[]; readonly output: O } },
  ): Promise<Decided<S, E> & { readonly output: O }> {
    return this.deciders.handleWithOutput({ ...this.request(req, this.clock.now()), decideWith: req.decideWith });
  }

  private request<S, C extends Command, E extends DomainEvent>(req: RunCommand<S, C, E>, now: Date) {
    return {
      decider: req.decider,
      stream: req.stream,
      command: req.command(microIso(now)),
      metadata: eventMetadata(req.principal, req.recordedScope ?? req.scope, req.request, now),
      expectedRevision: req.expectedRevision,
      tenant: req.scope.kind === 'workspace' ? { accountId: req.scope.accountId, workspaceId: req.scope.workspaceId } : undefined,
    };
  }
}
