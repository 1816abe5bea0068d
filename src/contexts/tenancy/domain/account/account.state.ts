import type { AccountEvent, AccountProfileChanges, AccountRole, AccountSettings } from './account.events';

/** A domain of the account: the token its TXT record must carry, and when that was checked. */
export interface AccountDomain {
  /** Null only for a domain added before verification existed (it gets one when the list is next set). */
  readonly token: string | null;
  readonly verifiedAt: string | null;
}

export type AccountState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'active';
      readonly accountId: string;
      readonly handle: string;
      /** The profile fields as last set (name, handle, location, ...). */
      readonly profile: AccountProfileChanges;
      readonly settings: AccountSettings;
      readonly domainNames: readonly string[];
      /** name → verification state, for every name in domainNames. */
      readonly domains: ReadonlyMap<string, AccountDomain>;
      readonly members: ReadonlyMap<string, AccountRole>;
      /** handle → workspace id */
      readonly workspaceHandles: ReadonlyMap<string, string>;
    };

export const initialAccountState = (): AccountState => ({ status: 'absent' });

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountCreated':
      return {
        status: 'active',
        accountId: event.data.accountId,
        handle: event.data.handle,
        profile: { name: event.data.name, handle: event.data.handle, location: null, link: null, image_location: null, auth_expiration_seconds: null, audit_log_retention_days: null },
        settings: {},
        domainNames: [],
        domains: new Map(),
        members: new Map(),
        workspaceHandles: new Map(),
      };
    case 'AccountMemberAdded':
    case 'AccountMemberRoleChanged':
      if (state.status !== 'active') return state;
      return { ...state, members: new Map(state.members).set(event.data.userId, event.data.role) };
    case 'AccountMemberRemoved': {
      if (state.status !== 'active') return state;
      const members = new Map(state.members);
      members.delete(event.data.userId);
      return { ...state, members };
    }
    case 'AccountWorkspaceHandleReserved':
      if (state.status !== 'active') return state;
      return { ...state, workspaceHandles: new Map(state.workspaceHandles).set(event.data.handle, event.data.workspaceId) };
    case 'AccountUpdated':
      if (state.status !== 'active') return state;
      return { ...state, handle: event.data.changes.handle ?? state.handle, profile: { ...state.profile, ...event.data.changes } };
    case 'AccountSettingsUpdated':
      if (state.status !== 'active') return state;
      return { ...state, settings: { ...state.settings, ...event.data.changes } };
    case 'AccountDomainsSet': {
      if (state.status !== 'active') return state;
      const tokens = event.data.verificationTokens ?? {};
      const domains = new Map<string, AccountDomain>();
      for (const name of event.data.domainNames) {
        const kept = state.domains.get(name);
        domains.set(name, kept && kept.token !== null ? kept : { token: tokens[name] ?? null, verifiedAt: null });
      }
      return { ...state, domainNames: event.data.domainNames, domains };
    }
    case 'AccountDomainVerified': {
      if (state.status !== 'active') return state;
      const kept = state.domains.get(event.data.domain);
      if (!kept) return state;
      return { ...state, domains: new Map(state.domains).set(event.data.domain, { ...kept, verifiedAt: event.data.verifiedAt }) };
    }
    default: {
      const never: never = event;
      return never;
    }
  }
}
