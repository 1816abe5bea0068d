import type { Decider } from '../shared/ddd';

/**
 * The installation aggregate remembers that first-start set-up began and with which ids, so a
 * set-up interrupted by a crash resumes with the same user, account and workspace.
 */
export interface InstallationIds {
  readonly userId: string;
  readonly accountId: string;
  readonly workspaceId: string;
}

export type InstallationEvent =
  | { readonly type: 'InstallationStarted'; readonly data: InstallationIds & { readonly startedAt: string } }
  | { readonly type: 'InstallationCompleted'; readonly data: InstallationIds & { readonly apiKeyId: string; readonly completedAt: string } };

export type InstallationCommand =
  | { readonly type: 'StartInstallation'; readonly data: InstallationIds & { readonly now: string } }
  | { readonly type: 'CompleteInstallation'; readonly data: { readonly apiKeyId: string; readonly now: string } };

export type InstallationState =
  | { readonly status: 'new' }
  | { readonly status: 'started'; readonly ids: InstallationIds }
  | { readonly status: 'completed'; readonly ids: InstallationIds; readonly apiKeyId: string };

export const INSTALLATION_STREAM = 'installation-praetor';

export const installationDecider: Decider<InstallationState, InstallationCommand, InstallationEvent> = {
  initialState: () => ({ status: 'new' }),
  evolve(state, event) {
    switch (event.type) {
      case 'InstallationStarted':
        return { status: 'started', ids: { userId: event.data.userId, accountId: event.data.accountId, workspaceId: event.data.workspaceId } };
      case 'InstallationCompleted':
        return { status: 'completed', ids: { userId: event.data.userId, accountId: event.data.accountId, workspaceId: event.data.workspaceId }, apiKeyId: event.data.apiKeyId };
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'StartInstallation':
        if (state.status !== 'new') return [];
        return [{ type: 'InstallationStarted', data: { userId: command.data.userId, accountId: command.data.accountId, workspaceId: command.data.workspaceId, startedAt: command.data.now } }];
      case 'CompleteInstallation':
        if (state.status !== 'started') return [];
        return [{ type: 'InstallationCompleted', data: { ...state.ids, apiKeyId: command.data.apiKeyId, completedAt: command.data.now } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
