import { Injectable } from '@nestjs/common';
import { WorkspaceReads } from '../../../infrastructure/read-store/workspace-reads';

/** Workspace-scoped reads of automations, with read-your-writes. */
@Injectable()
export class AutomationReads extends WorkspaceReads {}
