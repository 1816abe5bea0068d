/**
 * Event type → audit name and resource. Account-level activity is named as Prefect Cloud names it,
 * `prefect-cloud.{resource}.{action}` (prefect-cloud.md §D); workspace objects as Prefect names them,
 * `prefect.{resource}.{action}`. The resource type is the name without its action.
 */
export interface AuditRule {
  /** The audit name, or how to derive it from the event data (a run state's name, an on/off switch). */
  readonly name: string | ((data: Record<string, unknown>) => string);
  /** Dotted path to the resource id in the data; when absent or empty, the id part of the stream name. */
  readonly id?: string;
  /** Dotted path to a display name in the data. */
  readonly label?: string;
}

const stateName = (prefix: string) => (data: Record<string, unknown>) => {
  const state = data.state as { name?: unknown; type?: unknown } | undefined;
  const name = typeof state?.name === 'string' && state.name !== '' ? state.name : typeof state?.type === 'string' ? state.type : 'state-changed';
  return `${prefix}.${name}`;
};

const cloud = (resource: string, action: string, id?: string, label?: string): AuditRule => ({ name: `prefect-cloud.${resource}.${action}`, id, label });
const oss = (resource: string, action: string, id?: string, label?: string): AuditRule => ({ name: `prefect.${resource}.${action}`, id, label });

/** Every event type the deciders emit. projections and the spec check that none is missing. */
export const AUDIT_RULES: Readonly<Record<string, AuditRule>> = {
  // tenancy: accounts, memberships, domains
  AccountCreated: cloud('account', 'created', 'accountId', 'name'),
  AccountUpdated: cloud('account', 'updated', 'accountId', 'changes.name'),
  AccountSettingsUpdated: cloud('account-settings', 'updated', 'accountId'),
  AccountMemberAdded: cloud('account-membership', 'created', 'userId'),
  AccountMemberRoleChanged: cloud('account-membership', 'updated', 'userId'),
  AccountMemberRemoved: cloud('account-membership', 'deleted', 'userId'),
  AccountWorkspaceHandleReserved: cloud('workspace', 'handle-reserved', 'workspaceId', 'handle'),
  AccountDomainsSet: cloud('account-domain-names', 'updated', 'accountId'),
  AccountDomainVerified: cloud('account-domain-names', 'verified', 'accountId', 'domain'),
  DomainClaimed: cloud('account-domain-names', 'claimed', 'accountId', 'domain'),
  DomainClaimReleased: cloud('account-domain-names', 'released', 'accountId', 'domain'),
  // tenancy: workspaces, access, invitations
  WorkspaceCreated: cloud('workspace', 'created', 'workspaceId', 'name'),
  WorkspaceUpdated: cloud('workspace', 'updated', 'workspaceId', 'changes.name'),
  WorkspaceDeleted: cloud('workspace', 'deleted', 'workspaceId', 'handle'),
  WorkspaceHandleReserved: cloud('workspace', 'handle-reserved', 'workspaceId', 'handle'),
  WorkspaceHandleReleased: cloud('workspace', 'handle-released', 'workspaceId', 'handle'),
  WorkspaceAccessGranted: cloud('workspace-access', 'granted', 'actorId'),
  WorkspaceAccessRevoked: cloud('workspace-access', 'revoked', 'actorId'),
  InvitationCreated: cloud('account-invitation', 'created', 'invitationId', 'email'),
  InvitationAccepted: cloud('account-invitation', 'accepted', 'invitationId'),
  InvitationRejected: cloud('account-invitation', 'rejected', 'invitationId'),
  InvitationRevoked: cloud('account-invitation', 'deleted', 'invitationId'),
  // identity-access: users, sessions, keys, service accounts, roles, SSO
  UserRegistered: cloud('user', 'created', 'userId', 'handle'),
  UserProfileUpdated: cloud('user', 'updated', 'userId', 'changes.handle'),
  UserPasswordSet: cloud('user', 'password-set', 'userId'),
  UserNameClaimed: cloud('user', 'name-claimed', 'userId', 'value'),
  UserNameReleased: cloud('user', 'name-released', 'userId', 'value'),
  SessionStarted: cloud('user', 'logged-in', 'userId'),
  SessionRefreshed: cloud('user', 'session-refreshed', 'userId'),
  SessionRevoked: cloud('user', 'logged-out', 'userId'),
  SsoIdentityLinked: cloud('user', 'sso-identity-linked', 'userId'),
  ApiKeyCreated: cloud('api-key', 'created', 'keyId', 'name'),
  ApiKeyExpirationShortened: cloud('api-key', 'updated', 'keyId'),
  ApiKeyRevoked: cloud('api-key', 'deleted', 'keyId'),
  ServiceAccountCreated: cloud('service-account', 'created', 'botId', 'name'),
  ServiceAccountRenamed: cloud('service-account', 'updated', 'botId', 'name'),
  ServiceAccountKeyRotated: cloud('api-key', 'rotated', 'apiKeyId'),
  ServiceAccountDeleted: cloud('service-account', 'deleted', 'botId', 'name'),
  ServiceAccountNameClaimed: cloud('service-account', 'name-claimed', 'botId', 'name'),
  ServiceAccountNameReleased: cloud('service-account', 'name-released', 'botId', 'name'),
  WorkspaceRoleCreated: cloud('workspace-role', 'created', 'roleId', 'name'),
  WorkspaceRoleUpdated: cloud('workspace-role', 'updated', 'roleId', 'name'),
  WorkspaceRoleDeleted: cloud('workspace-role', 'deleted', 'roleId'),
  OidcConnectionConfigured: cloud('oidc-connection', 'updated', 'accountId', 'issuer'),
  OidcConnectionRemoved: cloud('oidc-connection', 'deleted', 'accountId', 'issuer'),
  SamlConnectionConfigured: cloud('saml-connection', 'updated', 'accountId', 'idpEntityId'),
  SamlConnectionRemoved: cloud('saml-connection', 'deleted', 'accountId'),
  InstallationStarted: cloud('installation', 'started', 'accountId'),
  InstallationCompleted: cloud('installation', 'completed', 'accountId'),
  // orchestration: workspace objects
  FlowCreated: oss('flow', 'created', 'flowId', 'name'),
  FlowUpdated: oss('flow', 'updated', 'flowId'),
  FlowDeleted: oss('flow', 'deleted', 'flowId'),
  FlowRunCreated: oss('flow-run', 'created', 'flowRunId', 'name'),
  FlowRunStateChanged: { name: stateName('prefect.flow-run'), id: 'flowRunId' },
  FlowRunUpdated: oss('flow-run', 'updated', 'flowRunId', 'changes.name'),
  FlowRunLabelsUpdated: oss('flow-run', 'labels-updated', 'flowRunId'),
  FlowRunDeleted: oss('flow-run', 'deleted', 'flowRunId'),
  TaskRunCreated: oss('task-run', 'created', 'taskRunId', 'name'),
  TaskRunStateChanged: { name: stateName('prefect.task-run'), id: 'taskRunId' },
  TaskRunStateRecorded: { name: stateName('prefect.task-run'), id: 'taskRunId' },
  TaskRunUpdated: oss('task-run', 'updated', 'taskRunId', 'changes.name'),
  TaskRunDeleted: oss('task-run', 'deleted', 'taskRunId'),
  DeploymentCreated: oss('deployment', 'created', 'deploymentId', 'settings.name'),
  DeploymentUpdated: oss('deployment', 'updated', 'deploymentId'),
  DeploymentDeleted: oss('deployment', 'deleted', 'deploymentId', 'name'),
  WorkPoolCreated: oss('work-pool', 'created', 'poolId', 'name'),
  WorkPoolUpdated: oss('work-pool', 'updated', 'poolId'),
  WorkPoolDeleted: oss('work-pool', 'deleted', 'poolId', 'name'),
  WorkQueueCreated: oss('work-queue', 'created', 'queue.queueId', 'queue.name'),
  WorkQueueUpdated: oss('work-queue', 'updated', 'queueId'),
  WorkQueueDeleted: oss('work-queue', 'deleted', 'queueId', 'name'),
  WorkerDeleted: oss('worker', 'deleted', 'workerId', 'name'),
  BlockTypeCreated: oss('block-type', 'created', 'blockTypeId', 'name'),
  BlockTypeUpdated: oss('block-type', 'updated', 'blockTypeId'),
  BlockTypeDeleted: oss('block-type', 'deleted', 'blockTypeId'),
  BlockSchemaCreated: oss('block-schema', 'created', 'blockSchemaId'),
  BlockSchemaDeleted: oss('block-schema', 'deleted', 'blockSchemaId'),
  BlockDocumentCreated: oss('block-document', 'created', 'blockDocumentId', 'name'),
  BlockDocumentUpdated: oss('block-document', 'updated', 'blockDocumentId'),
  BlockDocumentDeleted: oss('block-document', 'deleted', 'blockDocumentId'),
  VariableCreated: oss('variable', 'created', 'variableId', 'name'),
  VariableUpdated: oss('variable', 'updated', 'variableId', 'changes.name'),
  VariableDeleted: oss('variable', 'deleted', 'variableId', 'name'),
  VariableNameClaimed: oss('variable', 'name-claimed', 'variableId', 'name'),
  VariableNameReleased: oss('variable', 'name-released', 'variableId', 'name'),
  VariableNameClaimAbandoned: oss('variable', 'name-claim-abandoned', 'variableId'),
  ArtifactCreated: oss('artifact', 'created', 'artifact.id', 'artifact.key'),
  ArtifactUpdated: oss('artifact', 'updated', 'artifactId', 'key'),
  ArtifactDeleted: oss('artifact', 'deleted', 'artifactId', 'key'),
  ConcurrencyLimitCreated: oss('concurrency-limit', 'created', 'limitId', 'settings.name'),
  ConcurrencyLimitUpdated: oss('concurrency-limit', 'updated', 'limitId', 'settings.name'),
  ConcurrencyLimitDeleted: oss('concurrency-limit', 'deleted', 'limitId'),
  ConcurrencySlotsLeased: oss('concurrency-limit', 'slots-leased', 'limitId'),
  ConcurrencySlotsReleased: oss('concurrency-limit', 'slots-released', 'limitId'),
  ConcurrencySlotsReset: oss('concurrency-limit', 'slots-reset', 'limitId'),
  ConcurrencySlotsReturned: oss('concurrency-limit', 'slots-returned', 'limitId'),
  ConcurrencySlotsTaken: oss('concurrency-limit', 'slots-taken', 'limitId'),
  ConcurrencyLeaseRenewed: oss('concurrency-limit', 'lease-renewed', 'limitId'),
  ConcurrencyLeaseGranted: oss('concurrency-lease', 'granted', 'leaseId'),
  ConcurrencyLeaseExtended: oss('concurrency-lease', 'extended', 'leaseId'),
  ConcurrencyLeaseEnded: oss('concurrency-lease', 'ended', 'leaseId'),
  DefaultResultStorageSet: oss('workspace-settings', 'result-storage-set', 'workspaceId'),
  DefaultResultStorageCleared: oss('workspace-settings', 'result-storage-cleared', 'workspaceId'),
  // automations
  AutomationCreated: oss('automation', 'created', 'automationId', 'automation.name'),
  AutomationUpdated: oss('automation', 'updated', 'automationId', 'automation.name'),
  AutomationEnabledChanged: { name: (d) => (d.enabled === true ? 'prefect.automation.enabled' : 'prefect.automation.disabled'), id: 'automationId' },
  AutomationDeleted: oss('automation', 'deleted', 'automationId'),
  AutomationTriggered: oss('automation', 'triggered', 'automationId', 'automationName'),
  AutomationActionExecuted: oss('automation', 'action-executed', 'automationId'),
  AutomationActionFailed: oss('automation', 'action-failed', 'automationId'),
};

/** The event types the audit log knows (the audit projection subscribes to these). */
export const AUDITED_EVENT_TYPES: readonly string[] = Object.keys(AUDIT_RULES);

export interface AuditNaming {
  readonly event: string;
  readonly resource: { readonly id: string; readonly type: string; readonly name?: string };
}

/**
 * The one mapping from a stored event to its audit name and resource. Pure. An event type without a
 * rule (recorded by a newer or older version) is still audited, as `praetor.event.{Type}` on its stream.
 */
export function auditNaming(type: string, data: unknown, stream: string): AuditNaming {
  const d = isObject(data) ? data : {};
  const rule = Object.prototype.hasOwnProperty.call(AUDIT_RULES, type) ? AUDIT_RULES[type] : undefined;
  const streamIdPart = stream.includes('-') ? stream.slice(stream.indexOf('-') + 1) : stream;
  if (!rule) return { event: `praetor.event.${type}`, resource: { id: streamIdPart, type: `praetor.stream.${stream.split('-')[0]}` } };
  const event = typeof rule.name === 'string' ? rule.name : rule.name(d);
  const idValue = rule.id ? at(d, rule.id) : undefined;
  const id = typeof idValue === 'string' && idValue !== '' ? idValue : streamIdPart;
  const label = rule.label ? at(d, rule.label) : undefined;
  const resourceType = event.slice(0, event.lastIndexOf('.'));
  return { event, resource: typeof label === 'string' && label !== '' ? { id, type: resourceType, name: label } : { id, type: resourceType } };
}

function at(data: Record<string, unknown>, path: string): unknown {
  let v: unknown = data;
  for (const part of path.split('.')) {
    if (!isObject(v)) return undefined;
    v = v[part];
  }
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
