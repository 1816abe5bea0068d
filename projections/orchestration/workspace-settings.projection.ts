import type { EventMetadata, Projection, RecordedEvent } from '../../src/shared/ddd';
import { WORKSPACE_SETTINGS, type ResultStorageEvent, type WorkspaceSettingsDoc } from '../../src/contexts/orchestration';

export const workspaceSettingsProjection: Projection<WorkspaceSettingsDoc> = {
  name: 'workspace_settings',
  version: 1,
  collection: WORKSPACE_SETTINGS,
  eventTypes: ['DefaultResultStorageSet', 'DefaultResultStorageCleared'],
  keys: (e) => [(e.data as { workspaceId: string }).workspaceId],
  evolve(_doc, event: RecordedEvent) {
    const e = event as unknown as ResultStorageEvent;
    const meta = event.metadata as EventMetadata;
    return {
      _id: e.data.workspaceId,
      _account: meta.accountId,
      _workspace: meta.workspaceId,
      default_result_storage_block_id: e.type === 'DefaultResultStorageSet' ? e.data.blockDocumentId : null,
    };
  },
};
