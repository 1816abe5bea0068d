import { Controller, Get, Param, Query, type Type } from '@nestjs/common';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { OrchestrationReads } from '../application/orchestration-reads';
import { FLOW_RUN_STATES, TASK_RUN_STATES, type RunStateDoc } from '../read-models';
import { toRunState } from './presenters';

/**
 * `/flow_run_states` and `/task_run_states`: a run's state history, oldest first, and one state by
 * id. The two differ only in their collection and the query parameter naming the run.
 */
function runStatesController(path: string, collection: string, runParam: 'flow_run_id' | 'task_run_id', label: string): Type<unknown> {
  @Controller(`${WORKSPACE_PREFIX}/${path}`)
  class RunStatesController {
    constructor(readonly reads: OrchestrationReads) {}

    @Get()
    @RequiresScope('see_flows')
    async list(@Workspace() ws: WorkspaceScope, @Query(runParam) runId: string | undefined) {
      if (!runId) throw new ValidationError(`${runParam} is required`);
      const states = await this.reads.scoped(ws).find<RunStateDoc>(collection, { [runParam]: runId.toLowerCase() }, { sort: [{ field: 'timestamp', direction: 'asc' }] });
      return states.map(toRunState);
    }

    @Get(':id')
    @RequiresScope('see_flows')
    async read(@Workspace() ws: WorkspaceScope, @Param('id') id: string) {
      const s = await this.reads.scoped(ws).get<RunStateDoc>(collection, id.toLowerCase());
      if (!s) throw new NotFoundError(`${label} state not found`);
      return toRunState(s);
    }
  }
  return RunStatesController;
}

export const FlowRunStatesController = runStatesController('flow_run_states', FLOW_RUN_STATES, 'flow_run_id', 'Flow run');
export const TaskRunStatesController = runStatesController('task_run_states', TASK_RUN_STATES, 'task_run_id', 'Task run');
