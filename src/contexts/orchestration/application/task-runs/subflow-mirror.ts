import { Injectable } from '@nestjs/common';
import type { State } from '../../domain/states/state';
import type { Caller } from '../caller';
import { TaskRunUseCases } from './task-run.use-cases';

/**
 * A subflow's states are mirrored onto the parent's tracking task run (prefect-api.md §2 note 4).
 * Done right after the subflow's transition is written; mirroring is idempotent per child state,
 * so a retried request mirrors once.
 */
@Injectable()
export class SubflowMirror {
  constructor(private readonly taskRuns: TaskRunUseCases) {}

  async mirror(c: Caller, trackingTaskRunId: string, childFlowRunId: string, childState: State): Promise<number | undefined> {
    return (await this.taskRuns.mirrorSubflow(c, trackingTaskRunId, childFlowRunId, childState)).position;
  }
}
