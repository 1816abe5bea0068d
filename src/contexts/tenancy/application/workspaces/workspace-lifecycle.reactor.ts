import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ProjectionRunner } from '../../../../infrastructure/projections/projection-runner';
import { READ_STORE, type ReadStore } from '../../../../infrastructure/read-store/read-store.port';
import type { Reactor } from '../../../../infrastructure/reactors/reactor-runner';
import { ReactorRegistry } from '../../../../infrastructure/reactors/reactor-registry';
import { CommandRunner, reactionContext } from '../../../../shared/application';
import type { RecordedEvent } from '../../../../shared/ddd';
import type { WorkspaceEvent } from '../../domain/workspace/workspace.events';
import { WORKSPACES, type WorkspaceDoc } from '../../read-models';
import { releaseWorkspaceHandle } from './workspace-handles.service';
import { WorkspacePurger } from './workspace-purger';

type Updated = Extract<WorkspaceEvent, { type: 'WorkspaceUpdated' }>;
type Deleted = Extract<WorkspaceEvent, { type: 'WorkspaceDeleted' }>;

/**
 * Finishes what a workspace edit or deletion started, as the actor that caused it, if the process
 * stopped half-way (the API does the same inline):
 * - WorkspaceUpdated with a new handle → the previous handle is released (unless the workspace took it back);
 * - WorkspaceDeleted → its handle is released and its read-model documents are purged.
 * Idempotent: releasing a handle not held decides nothing; purging twice finds nothing.
 */
@Injectable()
export class WorkspaceLifecycleReactor implements Reactor, OnModuleInit {
  readonly name = 'tenancy-workspace-lifecycle';
  readonly version = 1;
  readonly eventTypes = ['WorkspaceUpdated', 'WorkspaceDeleted'];

  constructor(
    private readonly registry: ReactorRegistry,
    private readonly runner: CommandRunner,
    private readonly projections: ProjectionRunner,
    private readonly purger: WorkspacePurger,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      const { principal, request } = reactionContext(event);
      // Read models must have seen the event (and all before it) before we compare or purge.
      await this.projections.wait(event.position);
      if (event.type === 'WorkspaceUpdated') {
        const d = (event as unknown as Updated).data;
        if (d.previousHandle === undefined) continue;
        const now = await this.readStore.get<WorkspaceDoc>(WORKSPACES, d.workspaceId);
        if (now?.handle === d.previousHandle) continue;
        const scope = { kind: 'workspace' as const, accountId: d.accountId, workspaceId: d.workspaceId };
        await releaseWorkspaceHandle(this.runner, { principal, request, permission: 'administrate:workspace', scope, workspaceId: d.workspaceId, handle: d.previousHandle });
      } else if (event.type === 'WorkspaceDeleted') {
        const d = (event as unknown as Deleted).data;
        const scope = { kind: 'workspace' as const, accountId: d.accountId, workspaceId: d.workspaceId };
        await releaseWorkspaceHandle(this.runner, { principal, request, permission: 'delete:workspace', scope, workspaceId: d.workspaceId, handle: d.handle });
        await this.purger.purge(d.workspaceId);
      }
    }
  }
}
