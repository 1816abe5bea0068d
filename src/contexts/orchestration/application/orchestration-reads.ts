import { Injectable } from '@nestjs/common';
import { WorkspaceReads, type WorkspaceTenant } from '../../../infrastructure/read-store/workspace-reads';

export type TenantScope = WorkspaceTenant;

/** The workspace reads of orchestration (see WorkspaceReads): scoped to the workspace, read-your-writes. */
@Injectable()
export class OrchestrationReads extends WorkspaceReads {}
