import type { Decider } from '../../../../shared/ddd';
import { AlreadyExistsError, ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import type { AccountCommand } from './account.commands';
import type { AccountEvent, AccountProfileChanges, AccountRole } from './account.events';
import { evolveAccount, initialAccountState, type AccountState } from './account.state';

export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A DNS domain name, lower case (`example.com`). */
export const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** Cloud's account settings switches (`GET/PATCH /accounts/{id}/settings`). */
export const ACCOUNT_SETTING_NAMES: readonly string[] = [
  'allow_public_workspaces',
  'ai_log_summaries',
  'managed_execution',
  'enforce_webhook_authentication',
  'enforce_ip_allowlist',
  'enforce_sso',
];
/** Members must sign in through the account's SSO; it needs a verified domain to be turned on. */
export const ENFORCE_SSO = 'enforce_sso';

/** A domain name as the account keeps it: trimmed, lower case. */
export const normaliseDomain = (name: string): string => name.trim().toLowerCase();
/** The DNS TXT record that proves the account controls `domain`. */
export const verificationRecordName = (domain: string): string => `_praetor-verification.${domain}`;
export const verificationRecordValue = (token: string): string => `praetor-domain-verification=${token}`;

export function verifiedDomains(state: AccountState): string[] {
  if (state.status !== 'active') return [];
  return state.domainNames.filter((d) => state.domains.get(d)?.verifiedAt);
}

type ActiveAccount = Extract<AccountState, { status: 'active' }>;

function active(state: AccountState): ActiveAccount {
  if (state.status !== 'active') throw new NotFoundError('Account not found');
  return state;
}

function member(state: ActiveAccount, userId: string): AccountRole {
  const role = state.members.get(userId);
  if (role === undefined) throw new NotFoundError('Account membership not found');
  return role;
}

/** An account keeps at least one Owner: the last one can be neither demoted nor removed. */
function keepAnOwner(state: ActiveAccount, userId: string): void {
  if (state.members.get(userId) !== 'owner') return;
  const owners = [...state.members.values()].filter((r) => r === 'owner').length;
  if (owners <= 1) throw new ConflictError('An account must keep at least one Owner');
}

function profileChanges(state: ActiveAccount, changes: AccountProfileChanges): AccountProfileChanges {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes) as [keyof AccountProfileChanges, unknown][]) {
    if (value === undefined) continue;
    if (key === 'name' && (typeof value !== 'string' || value.trim() === '')) throw new ValidationError('an account needs a name');
    if (key === 'handle' && (typeof value !== 'string' || !HANDLE_PATTERN.test(value))) throw new ValidationError(`invalid account handle: ${String(value)}`);
    if (key === 'audit_log_retention_days' && value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 3650)) {
      throw new ValidationError('audit_log_retention_days must be an integer from 1 to 3650, or null');
    }
    if (key === 'auth_expiration_seconds' && value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)) {
      throw new ValidationError('auth_expiration_seconds must be a positive integer or null');
    }
    if ((key === 'location' || key === 'link' || key === 'image_location') && value !== null && typeof value !== 'string') throw new ValidationError(`${key} must be a string or null`);
    if (state.profile[key] !== value) out[key] = value;
  }
  return out as AccountProfileChanges;
}

export function decideAccount(command: AccountCommand, state: AccountState): AccountEvent[] {
  switch (command.type) {
    case 'CreateAccount': {
      const c = command.data;
      if (state.status === 'active') {
        if (state.handle === c.handle) return [];
        throw new AlreadyExistsError(`account ${c.accountId} already exists`);
      }
      if (c.name.trim() === '') throw new ValidationError('an account needs a name');
      if (!HANDLE_PATTERN.test(c.handle)) throw new ValidationError(`invalid account handle: ${c.handle}`);
      const created: AccountEvent = { type: 'AccountCreated', data: { accountId: c.accountId, name: c.name, handle: c.handle, createdAt: c.now } };
      if (c.ownerUserId === null) return [created];
      return [created, { type: 'AccountMemberAdded', data: { accountId: c.accountId, userId: c.ownerUserId, role: 'owner', addedAt: c.now } }];
    }
    case 'AddAccountMember': {
      if (state.status !== 'active') throw new NotFoundError('account not found');
      const c = command.data;
      const current = state.members.get(c.userId);
      if (current === c.role || (c.ifAbsent && current !== undefined)) return [];
      return [{ type: 'AccountMemberAdded', data: { accountId: state.accountId, userId: c.userId, role: c.role, addedAt: c.now } }];
    }
    case 'ChangeAccountMemberRole': {
      const s = active(state);
      const c = command.data;
      const previousRole = member(s, c.userId);
      if (previousRole === c.role) return [];
      if (c.role !== 'owner') keepAnOwner(s, c.userId);
      return [{ type: 'AccountMemberRoleChanged', data: { accountId: s.accountId, userId: c.userId, role: c.role, previousRole, changedAt: c.now } }];
    }
    case 'RemoveAccountMember': {
      const s = active(state);
      const c = command.data;
      const role = s.members.get(c.userId);
      if (role === undefined) return [];
      keepAnOwner(s, c.userId);
      return [{ type: 'AccountMemberRemoved', data: { accountId: s.accountId, userId: c.userId, role, removedAt: c.now } }];
    }
    case 'UpdateAccount': {
      const s = active(state);
      const changes = profileChanges(s, command.data.changes);
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'AccountUpdated', data: { accountId: s.accountId, changes, updatedAt: command.data.now } }];
    }
    case 'UpdateAccountSettings': {
      const s = active(state);
      const changes: Record<string, boolean> = {};
      for (const [key, value] of Object.entries(command.data.changes)) {
        if (!ACCOUNT_SETTING_NAMES.includes(key)) throw new ValidationError(`unknown account setting: ${key}`);
        if (typeof value !== 'boolean') throw new ValidationError(`${key} must be a boolean`);
        if ((s.settings[key] ?? false) !== value) changes[key] = value;
      }
      if (changes[ENFORCE_SSO] === true && verifiedDomains(s).length === 0) {
        throw new ConflictError('Single sign-on cannot be enforced before the account has a verified domain', { reason: 'no_verified_domain' });
      }
      if (Object.keys(changes).length === 0) return [];
      return [{ type: 'AccountSettingsUpdated', data: { accountId: s.accountId, changes, updatedAt: command.data.now } }];
    }
    case 'SetAccountDomains': {
      const s = active(state);
      const names = [...new Set(command.data.domainNames.map(normaliseDomain))].sort();
      for (const d of names) if (!DOMAIN_PATTERN.test(d)) throw new ValidationError(`invalid domain name: ${d}`);
      const needToken = names.filter((d) => (s.domains.get(d)?.token ?? null) === null);
      if (names.length === s.domainNames.length && names.every((d, i) => d === s.domainNames[i]) && needToken.length === 0) return [];
      const verificationTokens: Record<string, string> = {};
      for (const d of needToken) {
        const token = command.data.verificationTokens[d];
        if (!token) throw new Error(`SetAccountDomains needs a verification token for ${d}`);
        verificationTokens[d] = token;
      }
      return [{ type: 'AccountDomainsSet', data: { accountId: s.accountId, domainNames: names, verificationTokens, updatedAt: command.data.now } }];
    }
    case 'VerifyAccountDomain': {
      const s = active(state);
      const c = command.data;
      const domain = s.domains.get(c.domain);
      if (!domain) throw new NotFoundError(`${c.domain} is not a domain of this account`);
      // The list was set again while the TXT record was looked up: that lookup proved an older token.
      if (domain.token !== c.token) throw new ConflictError(`The verification token of ${c.domain} changed; try again`, { reason: 'token_changed' });
      if (domain.verifiedAt !== null) return [];
      return [{ type: 'AccountDomainVerified', data: { accountId: s.accountId, domain: c.domain, verifiedAt: c.now } }];
    }
    case 'ReserveWorkspaceHandle': {
      if (state.status !== 'active') throw new NotFoundError('account not found');
      const c = command.data;
      if (!HANDLE_PATTERN.test(c.handle)) throw new ValidationError(`invalid workspace handle: ${c.handle}`);
      const holder = state.workspaceHandles.get(c.handle);
      if (holder === c.workspaceId) return [];
      if (holder !== undefined) throw new AlreadyExistsError(`a workspace with handle "${c.handle}" already exists in this account`);
      return [{ type: 'AccountWorkspaceHandleReserved', data: { accountId: state.accountId, workspaceId: c.workspaceId, handle: c.handle } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const accountDecider: Decider<AccountState, AccountCommand, AccountEvent> = {
  initialState: initialAccountState,
  evolve: evolveAccount,
  decide: decideAccount,
};
