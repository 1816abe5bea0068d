import type { Principal } from '../../../../shared/application';
import type { RecordedEvent } from '../../../../shared/ddd';

/**
 * Events (of tenancy and identity-access, matched by name: orchestration does not import them) after which a
 * cached authorization decision may be wrong: membership, workspace access, roles, credentials.
 */
const ACCESS_EVENTS: ReadonlySet<string> = new Set([
  'AccountMemberAdded',
  'AccountMemberRemoved',
  'AccountMemberRoleChanged',
  'AccountSettingsUpdated',
  'WorkspaceAccessGranted',
  'WorkspaceAccessRevoked',
  'WorkspaceUpdated',
  'WorkspaceDeleted',
  'WorkspaceRoleCreated',
  'WorkspaceRoleUpdated',
  'WorkspaceRoleDeleted',
  'ApiKeyRevoked',
  'ApiKeyExpirationShortened',
  'SessionRevoked',
  'ServiceAccountKeyRotated',
  'ServiceAccountDeleted',
  'OidcConnectionRemoved',
  'SamlConnectionRemoved',
]);

export function changesAccess(event: RecordedEvent): boolean {
  return ACCESS_EVENTS.has(event.type);
}

type Data = Record<string, unknown>;

/** Whether `event` revoked the credential `principal` authenticated with (its API key, its session, its service account). */
export function revokesCredential(event: RecordedEvent, principal: Principal): boolean {
  const d = (event.data ?? {}) as Data;
  const keyId = principal.apiKeyId;
  switch (event.type) {
    case 'ApiKeyRevoked':
      return keyId !== null && d.keyId === keyId;
    case 'ApiKeyExpirationShortened':
      return keyId !== null && d.keyId === keyId && typeof d.expiresAt === 'string' && Date.parse(d.expiresAt) <= Date.parse(event.recordedAt);
    case 'SessionRevoked':
      return principal.session !== undefined && d.sessionId === principal.session.id;
    case 'ServiceAccountKeyRotated':
      return keyId !== null && d.oldApiKeyId === keyId && d.oldKeyExpiresAt === null;
    case 'ServiceAccountDeleted':
      return d.botId === principal.actor.id || (keyId !== null && Array.isArray(d.apiKeyIds) && d.apiKeyIds.includes(keyId));
    default:
      return false;
  }
}

/**
 * Whether `event` took the caller out of the account: final for a subscription opened before (its explicit
 * workspace access is revoked in reaction, later; nothing may be delivered in between).
 */
export function removesFromAccount(event: RecordedEvent, principal: Principal, accountId: string): boolean {
  if (event.type !== 'AccountMemberRemoved') return false;
  const d = (event.data ?? {}) as Data;
  return d.accountId === accountId && d.userId === principal.actor.id;
}
