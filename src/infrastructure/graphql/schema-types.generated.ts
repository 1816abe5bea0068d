// Generated from schema/*.graphql by `npm run graphql:types`. Do not edit: change the SDL and regenerate.
/* eslint-disable */
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { GraphqlContext } from './graphql-context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 UTC timestamp with microseconds, as the REST API writes them. */
  DateTime: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

/** Relay connection paging. */
export type PageInfo = {
  __typename?: 'PageInfo';
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
  endCursor?: Maybe<Scalars['String']['output']>;
};

/** Who is calling. */
export type Actor = {
  __typename?: 'Actor';
  id: Scalars['ID']['output'];
  /** user, service_account, system, automation, deployment */
  type: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The signed-in caller. */
  viewer: Actor;
  /** The account's audit entries, newest first. */
  auditEntries: AuditEntryConnection;
  /** One audit entry of the account (NOT_FOUND when absent or past the retention). */
  auditEntry: AuditEntry;
  /** The workspace's automations, by name. */
  automations: AutomationConnection;
  /** One automation of the workspace (NOT_FOUND when absent). */
  automation: Automation;
  /** The caller's own API keys that are not revoked (users only), newest first. */
  myApiKeys: Array<ApiKey>;
  /** Built-in roles first, then the account's custom roles by name. */
  workspaceRoles: Array<WorkspaceRole>;
  serviceAccounts: Array<ServiceAccount>;
  /**
   * The runs dashboard over `window` (or from `since` to now; the last 24 hours when neither is given): recent and
   * upcoming runs (at most `recent`/`upcoming`, default 10, at most 200), late and failed counts, and the run history
   * in buckets of `historyIntervalSeconds` (default: the window in 24 buckets; at most 500 buckets).
   */
  flowRunsDashboard: FlowRunsDashboard;
  flowRuns: FlowRunConnection;
  flowRun: FlowRun;
  flows: FlowConnection;
  flow: Flow;
  deployments: DeploymentConnection;
  deployment: Deployment;
  workPools: WorkPoolConnection;
  workPool: WorkPool;
  blockDocuments: BlockDocumentConnection;
  blockTypes: BlockTypeConnection;
  variables: VariableConnection;
  artifacts: ArtifactConnection;
  concurrencyLimits: ConcurrencyLimitConnection;
  /** `GET /api/me/`, `/api/me/accounts`, `/api/me/workspaces`. */
  me: Me;
  account: Account;
  accountMembers: MemberConnection;
  accountRoles: Array<AccountRole>;
  /** The workspaces of the account the caller can see (Owners and Admins: all). */
  workspaces: Array<Workspace>;
  workspaceAccess: WorkspaceAccess;
  invitations: Array<Invitation>;
  /** The caller's pending invitations (users only). */
  myInvitations: Array<Invitation>;
};


export type QueryAuditEntriesArgs = {
  accountId: Scalars['ID']['input'];
  filter?: InputMaybe<AuditEntryFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryAuditEntryArgs = {
  accountId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
};


export type QueryAutomationsArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryAutomationArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
};


export type QueryWorkspaceRolesArgs = {
  accountId: Scalars['ID']['input'];
};


export type QueryServiceAccountsArgs = {
  accountId: Scalars['ID']['input'];
};


export type QueryFlowRunsDashboardArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  window?: InputMaybe<TimeWindow>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  recent?: InputMaybe<Scalars['Int']['input']>;
  upcoming?: InputMaybe<Scalars['Int']['input']>;
  historyIntervalSeconds?: InputMaybe<Scalars['Float']['input']>;
};


export type QueryFlowRunsArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  filter?: InputMaybe<FlowRunFilter>;
  sort?: InputMaybe<FlowRunSort>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryFlowRunArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
};


export type QueryFlowsArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  filter?: InputMaybe<FlowFilter>;
  sort?: InputMaybe<FlowSort>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryFlowArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
};


export type QueryDeploymentsArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  filter?: InputMaybe<DeploymentFilter>;
  sort?: InputMaybe<DeploymentSort>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryDeploymentArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
};


export type QueryWorkPoolsArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  filter?: InputMaybe<WorkPoolFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryWorkPoolArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};


export type QueryBlockDocumentsArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  filter?: InputMaybe<BlockDocumentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryBlockTypesArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryVariablesArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  filter?: InputMaybe<VariableFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryArtifactsArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  filter?: InputMaybe<ArtifactFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryConcurrencyLimitsArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryAccountArgs = {
  accountId: Scalars['ID']['input'];
};


export type QueryAccountMembersArgs = {
  accountId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type QueryAccountRolesArgs = {
  accountId: Scalars['ID']['input'];
};


export type QueryWorkspacesArgs = {
  accountId: Scalars['ID']['input'];
};


export type QueryWorkspaceAccessArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
};


export type QueryInvitationsArgs = {
  accountId: Scalars['ID']['input'];
  status?: InputMaybe<Array<InvitationStatus>>;
};

/** Which audit entries to list (every list: any of; all given must hold). */
export type AuditEntryFilter = {
  workspaceIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  actorIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Event names: exact, or a prefix when the term ends with '.' or '*' (e.g. `prefect.account.*`). */
  events?: InputMaybe<Array<Scalars['String']['input']>>;
  occurredSince?: InputMaybe<Scalars['DateTime']['input']>;
  occurredUntil?: InputMaybe<Scalars['DateTime']['input']>;
};

/** What an audited event acted on. */
export type AuditResource = {
  __typename?: 'AuditResource';
  id: Scalars['ID']['output'];
  type: Scalars['String']['output'];
  name?: Maybe<Scalars['String']['output']>;
};

/** One audit-log entry: who did what to which resource, when and from where. */
export type AuditEntry = {
  __typename?: 'AuditEntry';
  /** The recorded event's id. */
  id: Scalars['ID']['output'];
  occurredAt: Scalars['DateTime']['output'];
  /** The event as Prefect Cloud names it (e.g. `prefect.account.member.role.updated`). */
  event: Scalars['String']['output'];
  /** Who caused it (user, service_account, automation or system). */
  actor: Actor;
  accountId?: Maybe<Scalars['ID']['output']>;
  workspaceId?: Maybe<Scalars['ID']['output']>;
  resource: AuditResource;
  clientIp?: Maybe<Scalars['String']['output']>;
  userAgent?: Maybe<Scalars['String']['output']>;
  requestId?: Maybe<Scalars['String']['output']>;
  /** The event's data with every secret removed. */
  details?: Maybe<Scalars['JSON']['output']>;
};

export type AuditEntryEdge = {
  __typename?: 'AuditEntryEdge';
  cursor: Scalars['String']['output'];
  node: AuditEntry;
};

export type AuditEntryConnection = {
  __typename?: 'AuditEntryConnection';
  edges: Array<AuditEntryEdge>;
  nodes: Array<AuditEntry>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** An audit entry as it was recorded. */
export type AuditEntryEvent = {
  __typename?: 'AuditEntryEvent';
  /** Resume point: pass it as `after` to get the entries that follow. */
  cursor: Scalars['String']['output'];
  entry: AuditEntry;
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * The account's audit entries as they are recorded, in order. Authorized again before every entry: a caller who
   * loses `read:audit_event` (demoted, removed) gets the subscription ended and nothing more.
   */
  auditEntryAdded: AuditEntryEvent;
  /** State changes of the workspace's flow runs, in the order they happened. */
  flowRunStateChanged: FlowRunStateEvent;
  /** State changes of one flow run's task runs, in the order they happened. */
  taskRunStateChanged: TaskRunStateEvent;
  /** One flow run's log lines as they are written. */
  flowRunLogs: FlowRunLogEvent;
};


export type SubscriptionAuditEntryAddedArgs = {
  accountId: Scalars['ID']['input'];
  filter?: InputMaybe<AuditEntryFilter>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type SubscriptionFlowRunStateChangedArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  filter?: InputMaybe<FlowRunStateFilter>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type SubscriptionTaskRunStateChangedArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  flowRunId: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
};


export type SubscriptionFlowRunLogsArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  flowRunId: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
};

/** A Prefect automation: a trigger and the actions it runs. */
export type Automation = {
  __typename?: 'Automation';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  description: Scalars['String']['output'];
  enabled: Scalars['Boolean']['output'];
  tags: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** The trigger as the REST API writes it (Prefect's trigger JSON). */
  trigger: Scalars['JSON']['output'];
  /** The actions run when the trigger fires, as the REST API writes them. */
  actions: Scalars['JSON']['output'];
  actionsOnTrigger: Scalars['JSON']['output'];
  actionsOnResolve: Scalars['JSON']['output'];
  /** The resource that owns the automation (a deployment, for `prefect deploy` triggers). */
  ownerResource?: Maybe<Scalars['String']['output']>;
  /** The automation's version for optimistic concurrency (its event-stream revision): pass it back as `expectedVersion`. */
  revision: Scalars['Int']['output'];
  /** What the automation's firings did, the latest first. */
  firings: AutomationFiringConnection;
};


/** A Prefect automation: a trigger and the actions it runs. */
export type AutomationFiringsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};

export type AutomationEdge = {
  __typename?: 'AutomationEdge';
  cursor: Scalars['String']['output'];
  node: Automation;
};

export type AutomationConnection = {
  __typename?: 'AutomationConnection';
  edges: Array<AutomationEdge>;
  nodes: Array<Automation>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** The outcome of one action of a firing. */
export type AutomationActionOutcome = {
  __typename?: 'AutomationActionOutcome';
  /** The action's place in the automation's actions. */
  index: Scalars['Int']['output'];
  /** The action type (e.g. `run-deployment`). */
  type: Scalars['String']['output'];
  /** pending, executed or failed */
  status: Scalars['String']['output'];
  /** Why it failed (or was skipped), as recorded. */
  reason?: Maybe<Scalars['String']['output']>;
  /** The resources the action touched (e.g. the flow run it created), as Prefect's related resources. */
  related: Scalars['JSON']['output'];
};

/** One firing of an automation. */
export type AutomationFiring = {
  __typename?: 'AutomationFiring';
  id: Scalars['ID']['output'];
  /** When the trigger fired (null while only an action outcome is recorded). */
  triggeredAt?: Maybe<Scalars['DateTime']['output']>;
  triggerId?: Maybe<Scalars['String']['output']>;
  /** Reactive or Proactive */
  posture?: Maybe<Scalars['String']['output']>;
  /** The id of the event that fired the trigger (none for a proactive trigger). */
  triggeringEventId?: Maybe<Scalars['ID']['output']>;
  /** The labels of the triggering event's resource. */
  triggeringLabels: Scalars['JSON']['output'];
  actions: Array<AutomationActionOutcome>;
};

export type AutomationFiringEdge = {
  __typename?: 'AutomationFiringEdge';
  cursor: Scalars['String']['output'];
  node: AutomationFiring;
};

export type AutomationFiringConnection = {
  __typename?: 'AutomationFiringConnection';
  edges: Array<AutomationFiringEdge>;
  nodes: Array<AutomationFiring>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Enables or disables an automation (REST `PATCH .../automations/{id}`); answers the automation as it is after. */
  setAutomationEnabled: Automation;
  /** A new `pnu_` key for the caller (users only). */
  createApiKey: CreatedApiKey;
  /** Revokes one of the caller's keys. */
  revokeApiKey: Scalars['Boolean']['output'];
  /** A new service account (an account Member) with its `pnb_` key. */
  createServiceAccount: ServiceAccountWithKey;
  /** A new key; the old one keeps working for `oldKeyExpiresInSeconds` (0 or null: revoked at once). */
  rotateServiceAccountKey: ServiceAccountWithKey;
  deleteServiceAccount: Scalars['Boolean']['output'];
  /**
   * Creates a run of the deployment (REST `POST /deployments/{id}/create_flow_run`). `parameters` and `jobVariables`
   * are merged over the deployment's; with an `idempotencyKey` a repeated call answers the run the first one created.
   * The run is SCHEDULED (at `scheduledStartTime`, else now).
   */
  runDeployment: FlowRun;
  /**
   * Cancels the run (REST `set_state` to CANCELLING, through Prefect's orchestration policy): a run with infrastructure
   * becomes CANCELLING until its worker stops it; a SCHEDULED or PAUSED run without any is CANCELLED at once. Cancelling
   * a cancelled run changes nothing. A run the policy will not cancel (e.g. a finished one) answers CONFLICT.
   */
  cancelFlowRun: FlowRun;
  /** REST `POST /deployments/{id}/pause_deployment`: the scheduler stops scheduling its runs. */
  pauseDeployment: Deployment;
  /** REST `POST /deployments/{id}/resume_deployment`. */
  resumeDeployment: Deployment;
  /** REST `PATCH /work_pools/{name}` with `is_paused: true`: workers get no runs from the pool. */
  pauseWorkPool: WorkPool;
  /** REST `PATCH /work_pools/{name}` with `is_paused: false`. */
  resumeWorkPool: WorkPool;
  /** REST `PATCH /work_queues/{id}` with `is_paused: true`: workers get no runs from the queue. */
  pauseWorkQueue: WorkQueue;
  /** REST `PATCH /work_queues/{id}` with `is_paused: false`. */
  resumeWorkQueue: WorkQueue;
  /** REST `POST /block_documents/`. */
  createBlockDocument: BlockDocument;
  /** REST `PATCH /block_documents/{id}`. */
  updateBlockDocument: BlockDocument;
  /** REST `POST /variables/`. */
  createVariable: Variable;
  /** REST `PATCH /variables/{id}`. */
  updateVariable: Variable;
  /** REST `DELETE /variables/{id}`: answers the id of the variable deleted. */
  deleteVariable: Scalars['ID']['output'];
  inviteMember: Invitation;
  revokeInvitation: Scalars['Boolean']['output'];
  acceptInvitation: Invitation;
  rejectInvitation: Invitation;
  /** The member by its membership id or its user id (`memberId`); 409 CONFLICT when it would leave no Owner. */
  changeMemberRole: Member;
  removeMember: Scalars['Boolean']['output'];
  /** Grants a user a role in the workspace (`POST .../user_access/`). */
  grantWorkspaceAccess: WorkspaceUserAccess;
  revokeWorkspaceAccess: Scalars['Boolean']['output'];
  /** Grants a service account a role in the workspace (`POST .../bot_access/`). */
  grantServiceAccountWorkspaceAccess: WorkspaceBotAccess;
  revokeServiceAccountWorkspaceAccess: Scalars['Boolean']['output'];
};


export type MutationSetAutomationEnabledArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  enabled: Scalars['Boolean']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationCreateApiKeyArgs = {
  name: Scalars['String']['input'];
  expiration?: InputMaybe<Scalars['DateTime']['input']>;
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateServiceAccountArgs = {
  accountId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  apiKeyExpiration?: InputMaybe<Scalars['DateTime']['input']>;
};


export type MutationRotateServiceAccountKeyArgs = {
  accountId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  apiKeyExpiration?: InputMaybe<Scalars['DateTime']['input']>;
  oldKeyExpiresInSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationDeleteServiceAccountArgs = {
  accountId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
};


export type MutationRunDeploymentArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  deploymentId: Scalars['ID']['input'];
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  jobVariables?: InputMaybe<Scalars['JSON']['input']>;
  workQueueName?: InputMaybe<Scalars['String']['input']>;
  scheduledStartTime?: InputMaybe<Scalars['DateTime']['input']>;
  enforceParameterSchema?: InputMaybe<Scalars['Boolean']['input']>;
};


export type MutationCancelFlowRunArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationPauseDeploymentArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationResumeDeploymentArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationPauseWorkPoolArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationResumeWorkPoolArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationPauseWorkQueueArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationResumeWorkQueueArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationCreateBlockDocumentArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  input: BlockDocumentCreateInput;
};


export type MutationUpdateBlockDocumentArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  input: BlockDocumentUpdateInput;
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationCreateVariableArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  input: VariableCreateInput;
};


export type MutationUpdateVariableArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  input: VariableUpdateInput;
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationDeleteVariableArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  id: Scalars['ID']['input'];
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationInviteMemberArgs = {
  accountId: Scalars['ID']['input'];
  email: Scalars['String']['input'];
  accountRoleName?: InputMaybe<Scalars['String']['input']>;
  workspaceAccess?: InputMaybe<Array<InvitationWorkspaceAccessInput>>;
};


export type MutationRevokeInvitationArgs = {
  accountId: Scalars['ID']['input'];
  invitationId: Scalars['ID']['input'];
};


export type MutationAcceptInvitationArgs = {
  invitationId: Scalars['ID']['input'];
};


export type MutationRejectInvitationArgs = {
  invitationId: Scalars['ID']['input'];
};


export type MutationChangeMemberRoleArgs = {
  accountId: Scalars['ID']['input'];
  memberId: Scalars['ID']['input'];
  accountRoleName: Scalars['String']['input'];
};


export type MutationRemoveMemberArgs = {
  accountId: Scalars['ID']['input'];
  memberId: Scalars['ID']['input'];
};


export type MutationGrantWorkspaceAccessArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
  workspaceRoleId: Scalars['ID']['input'];
};


export type MutationRevokeWorkspaceAccessArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationGrantServiceAccountWorkspaceAccessArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  botId: Scalars['ID']['input'];
  workspaceRoleId: Scalars['ID']['input'];
};


export type MutationRevokeServiceAccountWorkspaceAccessArgs = {
  accountId: Scalars['ID']['input'];
  workspaceId: Scalars['ID']['input'];
  botId: Scalars['ID']['input'];
};

/** Prefect Cloud's user object (`GET /api/me/`). */
export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  actorId: Scalars['ID']['output'];
  handle: Scalars['String']['output'];
  firstName?: Maybe<Scalars['String']['output']>;
  lastName?: Maybe<Scalars['String']['output']>;
  email: Scalars['String']['output'];
  imageLocation?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

/** An API key's metadata: never the key, never its hash. */
export type ApiKey = {
  __typename?: 'ApiKey';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** When it stops working; null: never. */
  expiration?: Maybe<Scalars['DateTime']['output']>;
};

/** A new API key: the only time the key itself is shown. */
export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  key: Scalars['String']['output'];
};

/** Prefect Cloud's bot (`/api/accounts/{a}/bots`). */
export type ServiceAccount = {
  __typename?: 'ServiceAccount';
  id: Scalars['ID']['output'];
  actorId: Scalars['ID']['output'];
  accountId: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  accountRoleName: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** The current key's metadata. */
  apiKey?: Maybe<ApiKey>;
};

/** A service account with its new key: the only time the key itself is shown. */
export type ServiceAccountWithKey = {
  __typename?: 'ServiceAccountWithKey';
  serviceAccount: ServiceAccount;
  key: Scalars['String']['output'];
};

/** A workspace role: built-in (accountId null) or a custom role of the account, with its scopes. */
export type WorkspaceRole = {
  __typename?: 'WorkspaceRole';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  description: Scalars['String']['output'];
  scopes: Array<Scalars['String']['output']>;
  accountId?: Maybe<Scalars['ID']['output']>;
  inheritedRoleId?: Maybe<Scalars['ID']['output']>;
  isBuiltIn: Scalars['Boolean']['output'];
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** A run state's type (Prefect's StateType). */
export enum StateType {
  Scheduled = 'SCHEDULED',
  Pending = 'PENDING',
  Running = 'RUNNING',
  Completed = 'COMPLETED',
  Failed = 'FAILED',
  Cancelled = 'CANCELLED',
  Crashed = 'CRASHED',
  Paused = 'PAUSED',
  Cancelling = 'CANCELLING'
}

/** A run's state, as Prefect writes it. */
export type State = {
  __typename?: 'State';
  id: Scalars['ID']['output'];
  type: StateType;
  name: Scalars['String']['output'];
  timestamp: Scalars['DateTime']['output'];
  message?: Maybe<Scalars['String']['output']>;
  /** Result-record metadata (or null). */
  data?: Maybe<Scalars['JSON']['output']>;
  /** Prefect's `state_details`. */
  details: Scalars['JSON']['output'];
};

/** One change of a run's state, read from the run's event history, with who made it. */
export type StateChange = {
  __typename?: 'StateChange';
  /** The state written. */
  type: StateType;
  name: Scalars['String']['output'];
  timestamp: Scalars['DateTime']['output'];
  message?: Maybe<Scalars['String']['output']>;
  /** The state type before the change (null when the run was created). */
  fromType?: Maybe<StateType>;
  /** ACCEPT, or REJECT when an orchestration rule wrote another state than the one proposed; CREATED for the first state. */
  status: Scalars['String']['output'];
  /** Why a rule replaced the proposal. */
  reason?: Maybe<Scalars['String']['output']>;
  /** Proposed with force=true. */
  forced: Scalars['Boolean']['output'];
  /** Who made the change (from the event's metadata). */
  actor?: Maybe<Actor>;
  /** Revision of the event in the run's stream. */
  revision: Scalars['Int']['output'];
};

export type Flow = {
  __typename?: 'Flow';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  tags: Array<Scalars['String']['output']>;
  labels: Scalars['JSON']['output'];
  /** The flow's runs, newest first. */
  flowRuns: FlowRunConnection;
  deployments: DeploymentConnection;
};


export type FlowFlowRunsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type FlowDeploymentsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};

export type FlowEdge = {
  __typename?: 'FlowEdge';
  cursor: Scalars['String']['output'];
  node: Flow;
};

export type FlowConnection = {
  __typename?: 'FlowConnection';
  edges: Array<FlowEdge>;
  nodes: Array<Flow>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type FlowRun = {
  __typename?: 'FlowRun';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  flowId: Scalars['ID']['output'];
  deploymentId?: Maybe<Scalars['ID']['output']>;
  deploymentVersion?: Maybe<Scalars['String']['output']>;
  workQueueName?: Maybe<Scalars['String']['output']>;
  workPoolName?: Maybe<Scalars['String']['output']>;
  flowVersion?: Maybe<Scalars['String']['output']>;
  tags: Array<Scalars['String']['output']>;
  labels: Scalars['JSON']['output'];
  parameters: Scalars['JSON']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  parentTaskRunId?: Maybe<Scalars['ID']['output']>;
  state?: Maybe<State>;
  stateType?: Maybe<StateType>;
  stateName?: Maybe<Scalars['String']['output']>;
  runCount: Scalars['Int']['output'];
  expectedStartTime?: Maybe<Scalars['DateTime']['output']>;
  nextScheduledStartTime?: Maybe<Scalars['DateTime']['output']>;
  startTime?: Maybe<Scalars['DateTime']['output']>;
  endTime?: Maybe<Scalars['DateTime']['output']>;
  /** Seconds spent RUNNING (not counting the current stretch). */
  totalRunTime: Scalars['Float']['output'];
  /** Seconds spent RUNNING so far, as REST's `estimated_run_time`. */
  estimatedRunTime: Scalars['Float']['output'];
  /** How late the run started (or is), in seconds, as REST's `estimated_start_time_delta`. */
  estimatedStartTimeDelta: Scalars['Float']['output'];
  autoScheduled: Scalars['Boolean']['output'];
  /** Who created the run (`{id, type, display_value}`), as REST's `created_by`. */
  createdBy?: Maybe<Scalars['JSON']['output']>;
  flow?: Maybe<Flow>;
  deployment?: Maybe<Deployment>;
  /** The run's task runs, by expected start time. */
  taskRuns: TaskRunConnection;
  /** The run's logs, oldest first. */
  logs: LogConnection;
  /** Every state change of the run, oldest first, from its event history. */
  stateTimeline: Array<StateChange>;
  /** The run's version for optimistic concurrency (its event-stream revision): pass it back as `expectedVersion`. */
  revision: Scalars['Int']['output'];
};


export type FlowRunTaskRunsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type FlowRunLogsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};

export type FlowRunEdge = {
  __typename?: 'FlowRunEdge';
  cursor: Scalars['String']['output'];
  node: FlowRun;
};

export type FlowRunConnection = {
  __typename?: 'FlowRunConnection';
  edges: Array<FlowRunEdge>;
  nodes: Array<FlowRun>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type TaskRun = {
  __typename?: 'TaskRun';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  flowRunId?: Maybe<Scalars['ID']['output']>;
  taskKey: Scalars['String']['output'];
  dynamicKey: Scalars['String']['output'];
  taskVersion?: Maybe<Scalars['String']['output']>;
  tags: Array<Scalars['String']['output']>;
  labels: Scalars['JSON']['output'];
  state?: Maybe<State>;
  stateType?: Maybe<StateType>;
  stateName?: Maybe<Scalars['String']['output']>;
  runCount: Scalars['Int']['output'];
  expectedStartTime?: Maybe<Scalars['DateTime']['output']>;
  startTime?: Maybe<Scalars['DateTime']['output']>;
  endTime?: Maybe<Scalars['DateTime']['output']>;
  totalRunTime: Scalars['Float']['output'];
  estimatedRunTime: Scalars['Float']['output'];
  /** The flow run this task run belongs to. */
  flowRun?: Maybe<FlowRun>;
};

export type TaskRunEdge = {
  __typename?: 'TaskRunEdge';
  cursor: Scalars['String']['output'];
  node: TaskRun;
};

export type TaskRunConnection = {
  __typename?: 'TaskRunConnection';
  edges: Array<TaskRunEdge>;
  nodes: Array<TaskRun>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type LogLine = {
  __typename?: 'LogLine';
  id: Scalars['ID']['output'];
  /** The logger's name. */
  name: Scalars['String']['output'];
  level: Scalars['Int']['output'];
  message: Scalars['String']['output'];
  timestamp: Scalars['DateTime']['output'];
  flowRunId?: Maybe<Scalars['ID']['output']>;
  taskRunId?: Maybe<Scalars['ID']['output']>;
};

export type LogEdge = {
  __typename?: 'LogEdge';
  cursor: Scalars['String']['output'];
  node: LogLine;
};

export type LogConnection = {
  __typename?: 'LogConnection';
  edges: Array<LogEdge>;
  nodes: Array<LogLine>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type DeploymentSchedule = {
  __typename?: 'DeploymentSchedule';
  id: Scalars['ID']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  deploymentId: Scalars['ID']['output'];
  /** `{interval, anchor_date, timezone}`, `{cron, timezone, day_or}` or `{rrule, timezone}`. */
  schedule: Scalars['JSON']['output'];
  active: Scalars['Boolean']['output'];
  maxScheduledRuns?: Maybe<Scalars['Int']['output']>;
  parameters: Scalars['JSON']['output'];
  slug?: Maybe<Scalars['String']['output']>;
};

export type Deployment = {
  __typename?: 'Deployment';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  flowId: Scalars['ID']['output'];
  paused: Scalars['Boolean']['output'];
  /** READY when a worker or runner polled recently, else NOT_READY (as REST). */
  status: Scalars['String']['output'];
  lastPolled?: Maybe<Scalars['DateTime']['output']>;
  version?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  tags: Array<Scalars['String']['output']>;
  labels: Scalars['JSON']['output'];
  parameters: Scalars['JSON']['output'];
  jobVariables: Scalars['JSON']['output'];
  workQueueName?: Maybe<Scalars['String']['output']>;
  workPoolName?: Maybe<Scalars['String']['output']>;
  path?: Maybe<Scalars['String']['output']>;
  entrypoint?: Maybe<Scalars['String']['output']>;
  /** The backing global concurrency limit (REST's `global_concurrency_limit`), or null. */
  globalConcurrencyLimit?: Maybe<Scalars['JSON']['output']>;
  schedules: Array<DeploymentSchedule>;
  flow?: Maybe<Flow>;
  workPool?: Maybe<WorkPool>;
  /** The deployment's version for optimistic concurrency (its event-stream revision): pass it back as `expectedVersion`. */
  revision: Scalars['Int']['output'];
};

export type DeploymentEdge = {
  __typename?: 'DeploymentEdge';
  cursor: Scalars['String']['output'];
  node: Deployment;
};

export type DeploymentConnection = {
  __typename?: 'DeploymentConnection';
  edges: Array<DeploymentEdge>;
  nodes: Array<Deployment>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type WorkPool = {
  __typename?: 'WorkPool';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  type: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  isPaused: Scalars['Boolean']['output'];
  concurrencyLimit?: Maybe<Scalars['Int']['output']>;
  /** READY, NOT_READY or PAUSED (as REST). */
  status?: Maybe<Scalars['String']['output']>;
  activeSlots?: Maybe<Scalars['Int']['output']>;
  baseJobTemplate: Scalars['JSON']['output'];
  defaultQueueId?: Maybe<Scalars['ID']['output']>;
  /** The pool's queues by priority. */
  queues: WorkQueueConnection;
  /** The pool's workers, latest heartbeat first. */
  workers: WorkerConnection;
  /** The pool's version for optimistic concurrency (its event-stream revision): pass it back as `expectedVersion`. */
  revision: Scalars['Int']['output'];
};


export type WorkPoolQueuesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};


export type WorkPoolWorkersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};

export type WorkPoolEdge = {
  __typename?: 'WorkPoolEdge';
  cursor: Scalars['String']['output'];
  node: WorkPool;
};

export type WorkPoolConnection = {
  __typename?: 'WorkPoolConnection';
  edges: Array<WorkPoolEdge>;
  nodes: Array<WorkPool>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type WorkQueue = {
  __typename?: 'WorkQueue';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  isPaused: Scalars['Boolean']['output'];
  concurrencyLimit?: Maybe<Scalars['Int']['output']>;
  priority: Scalars['Int']['output'];
  workPoolId: Scalars['ID']['output'];
  workPoolName: Scalars['String']['output'];
  status?: Maybe<Scalars['String']['output']>;
  lastPolled?: Maybe<Scalars['DateTime']['output']>;
  activeSlots?: Maybe<Scalars['Int']['output']>;
  /**
   * The queue's version for optimistic concurrency: the revision of its pool's event stream (a queue lives in its pool),
   * so a change to the pool or to any of its queues moves it. Pass it back as `expectedVersion`.
   */
  revision: Scalars['Int']['output'];
};

export type WorkQueueEdge = {
  __typename?: 'WorkQueueEdge';
  cursor: Scalars['String']['output'];
  node: WorkQueue;
};

export type WorkQueueConnection = {
  __typename?: 'WorkQueueConnection';
  edges: Array<WorkQueueEdge>;
  nodes: Array<WorkQueue>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type Worker = {
  __typename?: 'Worker';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  workPoolId: Scalars['ID']['output'];
  lastHeartbeatTime: Scalars['DateTime']['output'];
  heartbeatIntervalSeconds?: Maybe<Scalars['Int']['output']>;
  /** ONLINE or OFFLINE (as REST). */
  status: Scalars['String']['output'];
};

export type WorkerEdge = {
  __typename?: 'WorkerEdge';
  cursor: Scalars['String']['output'];
  node: Worker;
};

export type WorkerConnection = {
  __typename?: 'WorkerConnection';
  edges: Array<WorkerEdge>;
  nodes: Array<Worker>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type BlockType = {
  __typename?: 'BlockType';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  slug: Scalars['String']['output'];
  logoUrl?: Maybe<Scalars['String']['output']>;
  documentationUrl?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  codeExample?: Maybe<Scalars['String']['output']>;
  isProtected: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type BlockTypeEdge = {
  __typename?: 'BlockTypeEdge';
  cursor: Scalars['String']['output'];
  node: BlockType;
};

export type BlockTypeConnection = {
  __typename?: 'BlockTypeConnection';
  edges: Array<BlockTypeEdge>;
  nodes: Array<BlockType>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type BlockDocument = {
  __typename?: 'BlockDocument';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  isAnonymous: Scalars['Boolean']['output'];
  blockTypeId: Scalars['ID']['output'];
  blockTypeName: Scalars['String']['output'];
  blockSchemaId: Scalars['ID']['output'];
  /** The document's data with every secret masked (`********`), always: GraphQL never reveals secrets. */
  data: Scalars['JSON']['output'];
  blockType?: Maybe<BlockType>;
  /** The document's version for optimistic concurrency (its event-stream revision): pass it back as `expectedVersion`. */
  revision: Scalars['Int']['output'];
};

export type BlockDocumentEdge = {
  __typename?: 'BlockDocumentEdge';
  cursor: Scalars['String']['output'];
  node: BlockDocument;
};

export type BlockDocumentConnection = {
  __typename?: 'BlockDocumentConnection';
  edges: Array<BlockDocumentEdge>;
  nodes: Array<BlockDocument>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type Variable = {
  __typename?: 'Variable';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  value?: Maybe<Scalars['JSON']['output']>;
  tags: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** The variable's version for optimistic concurrency (its event-stream revision): pass it back as `expectedVersion`. */
  revision: Scalars['Int']['output'];
};

export type VariableEdge = {
  __typename?: 'VariableEdge';
  cursor: Scalars['String']['output'];
  node: Variable;
};

export type VariableConnection = {
  __typename?: 'VariableConnection';
  edges: Array<VariableEdge>;
  nodes: Array<Variable>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type Artifact = {
  __typename?: 'Artifact';
  id: Scalars['ID']['output'];
  key?: Maybe<Scalars['String']['output']>;
  type?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  data?: Maybe<Scalars['JSON']['output']>;
  metadata?: Maybe<Scalars['JSON']['output']>;
  flowRunId?: Maybe<Scalars['ID']['output']>;
  taskRunId?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type ArtifactEdge = {
  __typename?: 'ArtifactEdge';
  cursor: Scalars['String']['output'];
  node: Artifact;
};

export type ArtifactConnection = {
  __typename?: 'ArtifactConnection';
  edges: Array<ArtifactEdge>;
  nodes: Array<Artifact>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** A global concurrency limit (REST `/v2/concurrency_limits`; tag limits are the ones named `tag:<tag>`). */
export type ConcurrencyLimit = {
  __typename?: 'ConcurrencyLimit';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  limit: Scalars['Int']['output'];
  active: Scalars['Boolean']['output'];
  /** Slots held now (unexpired leases plus undecayed unleased slots). */
  activeSlots: Scalars['Int']['output'];
  slotDecayPerSecond: Scalars['Float']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type ConcurrencyLimitEdge = {
  __typename?: 'ConcurrencyLimitEdge';
  cursor: Scalars['String']['output'];
  node: ConcurrencyLimit;
};

export type ConcurrencyLimitConnection = {
  __typename?: 'ConcurrencyLimitConnection';
  edges: Array<ConcurrencyLimitEdge>;
  nodes: Array<ConcurrencyLimit>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** Prefect's `{any_, not_any_}` on an id. */
export type IdFilter = {
  any?: InputMaybe<Array<Scalars['ID']['input']>>;
  notAny?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/** Prefect's `{any_, like_, startswith_}` on a name (`like` is a case-insensitive substring). */
export type StringFilter = {
  any?: InputMaybe<Array<Scalars['String']['input']>>;
  like?: InputMaybe<Scalars['String']['input']>;
  startsWith?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type StateFilter = {
  type?: InputMaybe<Array<StateType>>;
  name?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type FlowRunFilter = {
  id?: InputMaybe<IdFilter>;
  name?: InputMaybe<StringFilter>;
  state?: InputMaybe<StateFilter>;
  /** Runs carrying all of these tags. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  flowId?: InputMaybe<IdFilter>;
  /** Runs of the flows with these names. */
  flowName?: InputMaybe<StringFilter>;
  deploymentId?: InputMaybe<IdFilter>;
  workPoolName?: InputMaybe<Array<Scalars['String']['input']>>;
  workQueueName?: InputMaybe<Array<Scalars['String']['input']>>;
  parentTaskRunId?: InputMaybe<IdFilter>;
  expectedStartTimeAfter?: InputMaybe<Scalars['DateTime']['input']>;
  expectedStartTimeBefore?: InputMaybe<Scalars['DateTime']['input']>;
  startTimeAfter?: InputMaybe<Scalars['DateTime']['input']>;
  startTimeBefore?: InputMaybe<Scalars['DateTime']['input']>;
};

/** Prefect's FlowRunSort. */
export enum FlowRunSort {
  IdDesc = 'ID_DESC',
  StartTimeAsc = 'START_TIME_ASC',
  StartTimeDesc = 'START_TIME_DESC',
  ExpectedStartTimeAsc = 'EXPECTED_START_TIME_ASC',
  ExpectedStartTimeDesc = 'EXPECTED_START_TIME_DESC',
  NameAsc = 'NAME_ASC',
  NameDesc = 'NAME_DESC',
  NextScheduledStartTimeAsc = 'NEXT_SCHEDULED_START_TIME_ASC',
  EndTimeDesc = 'END_TIME_DESC'
}

export type FlowFilter = {
  id?: InputMaybe<IdFilter>;
  name?: InputMaybe<StringFilter>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Prefect's FlowSort. */
export enum FlowSort {
  NameAsc = 'NAME_ASC',
  NameDesc = 'NAME_DESC',
  CreatedDesc = 'CREATED_DESC',
  UpdatedDesc = 'UPDATED_DESC'
}

export type DeploymentFilter = {
  id?: InputMaybe<IdFilter>;
  name?: InputMaybe<StringFilter>;
  paused?: InputMaybe<Scalars['Boolean']['input']>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  flowId?: InputMaybe<IdFilter>;
  workPoolName?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Prefect's DeploymentSort. */
export enum DeploymentSort {
  NameAsc = 'NAME_ASC',
  NameDesc = 'NAME_DESC',
  CreatedDesc = 'CREATED_DESC',
  UpdatedDesc = 'UPDATED_DESC'
}

export type WorkPoolFilter = {
  name?: InputMaybe<StringFilter>;
  type?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type BlockDocumentFilter = {
  name?: InputMaybe<StringFilter>;
  /** Documents of the block types with these slugs. */
  blockTypeSlug?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Anonymous documents are left out unless this is true (as REST). */
  includeAnonymous?: InputMaybe<Scalars['Boolean']['input']>;
};

export type VariableFilter = {
  name?: InputMaybe<StringFilter>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type ArtifactFilter = {
  key?: InputMaybe<StringFilter>;
  type?: InputMaybe<Array<Scalars['String']['input']>>;
  flowRunId?: InputMaybe<IdFilter>;
  taskRunId?: InputMaybe<IdFilter>;
};

export type TimeWindow = {
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
};

/** Runs of one (state type, state name) in one bucket of the history (REST `/flow_runs/history`). */
export type FlowRunHistoryState = {
  __typename?: 'FlowRunHistoryState';
  stateType: StateType;
  stateName: Scalars['String']['output'];
  countRuns: Scalars['Int']['output'];
  sumEstimatedRunTime: Scalars['Float']['output'];
  sumEstimatedLateness: Scalars['Float']['output'];
};

export type FlowRunHistoryBucket = {
  __typename?: 'FlowRunHistoryBucket';
  intervalStart: Scalars['DateTime']['output'];
  intervalEnd: Scalars['DateTime']['output'];
  states: Array<FlowRunHistoryState>;
};

export type FlowRunsDashboard = {
  __typename?: 'FlowRunsDashboard';
  from: Scalars['DateTime']['output'];
  to: Scalars['DateTime']['output'];
  /** Runs expected to start in the window and not in the future, newest first. */
  recentRuns: Array<FlowRun>;
  /** SCHEDULED runs expected to start after now, soonest first. */
  upcomingRuns: Array<FlowRun>;
  /** Runs named Late expected to start in the window (= REST count with `state.name.any_ = [Late]`). */
  lateCount: Scalars['Int']['output'];
  /** FAILED runs expected to start in the window (= REST count with `state.type.any_ = [FAILED]`). */
  failedCount: Scalars['Int']['output'];
  /** The window's runs by expected start time, bucketed by state (REST `/flow_runs/history`). */
  history: Array<FlowRunHistoryBucket>;
};

/** A new block document (REST BlockDocumentCreate). Secret fields of the schema are sealed at rest, as REST seals them. */
export type BlockDocumentCreateInput = {
  /** Required unless `isAnonymous`. */
  name?: InputMaybe<Scalars['String']['input']>;
  data: Scalars['JSON']['input'];
  blockSchemaId: Scalars['ID']['input'];
  blockTypeId: Scalars['ID']['input'];
  isAnonymous?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A change to a block document (REST BlockDocumentUpdate). */
export type BlockDocumentUpdateInput = {
  /** Only the keys sent change when `mergeExistingData` (the default); otherwise the data is replaced. `********` keeps a secret. */
  data?: InputMaybe<Scalars['JSON']['input']>;
  blockSchemaId?: InputMaybe<Scalars['ID']['input']>;
  mergeExistingData?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A new variable (REST VariableCreate): `value` is required (null is a value). */
export type VariableCreateInput = {
  name: Scalars['String']['input'];
  value?: InputMaybe<Scalars['JSON']['input']>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A change to a variable (REST VariableUpdate): a key left out is left alone; `value: null` sets null. */
export type VariableUpdateInput = {
  name?: InputMaybe<Scalars['String']['input']>;
  value?: InputMaybe<Scalars['JSON']['input']>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Which flow-run state changes a `flowRunStateChanged` subscription gets (every list: any of; all given must hold). */
export type FlowRunStateFilter = {
  flowRunIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  deploymentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  flowIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  stateTypes?: InputMaybe<Array<StateType>>;
  /** The run has all these tags. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A state a flow run entered (its creation's state included), as recorded. */
export type FlowRunStateEvent = {
  __typename?: 'FlowRunStateEvent';
  /** Resume point: pass it as `after` to get the events that follow. */
  cursor: Scalars['String']['output'];
  flowRunId: Scalars['ID']['output'];
  /** The state written. */
  state: State;
  /** When the change was made. */
  occurredAt: Scalars['DateTime']['output'];
  /** Who made the change. */
  actor?: Maybe<Actor>;
  /** The run as it is now (null once deleted). */
  flowRun?: Maybe<FlowRun>;
};

/** A state a task run of the flow run entered, as recorded (REST orchestration or the client's events). */
export type TaskRunStateEvent = {
  __typename?: 'TaskRunStateEvent';
  cursor: Scalars['String']['output'];
  taskRunId: Scalars['ID']['output'];
  flowRunId: Scalars['ID']['output'];
  state: State;
  occurredAt: Scalars['DateTime']['output'];
  actor?: Maybe<Actor>;
  /** The task run as it is now (null once deleted). */
  taskRun?: Maybe<TaskRun>;
};

/** A log line of the flow run, in the order the lines were written. */
export type FlowRunLogEvent = {
  __typename?: 'FlowRunLogEvent';
  cursor: Scalars['String']['output'];
  log: LogLine;
};

/** Prefect Cloud's account (`GET /api/accounts/{a}/`). */
export type Account = {
  __typename?: 'Account';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  handle: Scalars['String']['output'];
  location?: Maybe<Scalars['String']['output']>;
  link?: Maybe<Scalars['String']['output']>;
  imageLocation?: Maybe<Scalars['String']['output']>;
  authExpirationSeconds?: Maybe<Scalars['Int']['output']>;
  /** Days audit entries stay readable (default 365). */
  auditLogRetentionDays: Scalars['Int']['output'];
  domainNames: Array<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

/** An account the caller is a member of (`GET /api/me/accounts`). */
export type MyAccount = {
  __typename?: 'MyAccount';
  accountId: Scalars['ID']['output'];
  accountName: Scalars['String']['output'];
  accountHandle: Scalars['String']['output'];
  accountRoleName: Scalars['String']['output'];
};

/** A workspace the caller can reach (`GET /api/me/workspaces`). */
export type MyWorkspace = {
  __typename?: 'MyWorkspace';
  accountId: Scalars['ID']['output'];
  accountName: Scalars['String']['output'];
  accountHandle: Scalars['String']['output'];
  workspaceId: Scalars['ID']['output'];
  workspaceName: Scalars['String']['output'];
  workspaceDescription: Scalars['String']['output'];
  workspaceHandle: Scalars['String']['output'];
};

/** The caller: profile (users only; a service account gets FORBIDDEN on `user`), accounts and workspaces. */
export type Me = {
  __typename?: 'Me';
  user?: Maybe<User>;
  accounts: Array<MyAccount>;
  workspaces: Array<MyWorkspace>;
};

/** Prefect Cloud's workspace object (`POST /api/accounts/{a}/workspaces/filter`). */
export type Workspace = {
  __typename?: 'Workspace';
  id: Scalars['ID']['output'];
  accountId: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  handle: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  defaultWorkspaceRoleId?: Maybe<Scalars['ID']['output']>;
  isPublic: Scalars['Boolean']['output'];
  createdAt: Scalars['DateTime']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

/** A user member of an account (`/api/accounts/{a}/account_memberships`). */
export type Member = {
  __typename?: 'Member';
  /** The membership id (stable, derived from the account and the user). */
  id: Scalars['ID']['output'];
  actorId: Scalars['ID']['output'];
  userId: Scalars['ID']['output'];
  firstName?: Maybe<Scalars['String']['output']>;
  lastName?: Maybe<Scalars['String']['output']>;
  handle: Scalars['String']['output'];
  email: Scalars['String']['output'];
  accountRoleName: Scalars['String']['output'];
  accountRoleId: Scalars['ID']['output'];
  lastLogin?: Maybe<Scalars['DateTime']['output']>;
};

export type MemberEdge = {
  __typename?: 'MemberEdge';
  cursor: Scalars['String']['output'];
  node: Member;
};

export type MemberConnection = {
  __typename?: 'MemberConnection';
  edges: Array<MemberEdge>;
  nodes: Array<Member>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/** A built-in account role (Owner, Admin, Member) and the account permissions it holds. */
export type AccountRole = {
  __typename?: 'AccountRole';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  permissions: Array<Scalars['String']['output']>;
  accountId?: Maybe<Scalars['ID']['output']>;
  isSystemRole: Scalars['Boolean']['output'];
};

/** A user's access to a workspace (`.../workspaces/{w}/user_access/{userId}`). */
export type WorkspaceUserAccess = {
  __typename?: 'WorkspaceUserAccess';
  id: Scalars['ID']['output'];
  workspaceId: Scalars['ID']['output'];
  /** A built-in role's id or a custom role id. */
  workspaceRoleId: Scalars['ID']['output'];
  actorId: Scalars['ID']['output'];
  userId: Scalars['ID']['output'];
  createdAt: Scalars['DateTime']['output'];
};

/** A service account's access to a workspace (`.../workspaces/{w}/bot_access/{botId}`). */
export type WorkspaceBotAccess = {
  __typename?: 'WorkspaceBotAccess';
  id: Scalars['ID']['output'];
  workspaceId: Scalars['ID']['output'];
  botId: Scalars['ID']['output'];
  actorId: Scalars['ID']['output'];
  workspaceRoleId: Scalars['ID']['output'];
  createdAt: Scalars['DateTime']['output'];
};

/** Who holds access to a workspace: users, and (with `see_workspace_service_accounts`) service accounts. */
export type WorkspaceAccess = {
  __typename?: 'WorkspaceAccess';
  users: Array<WorkspaceUserAccess>;
  serviceAccounts: Array<WorkspaceBotAccess>;
};

export type InvitationWorkspaceAccess = {
  __typename?: 'InvitationWorkspaceAccess';
  workspaceId: Scalars['ID']['output'];
  workspaceRoleId: Scalars['ID']['output'];
};

export type InvitedBy = {
  __typename?: 'InvitedBy';
  id: Scalars['ID']['output'];
  type: Scalars['String']['output'];
  displayValue: Scalars['String']['output'];
};

export enum InvitationStatus {
  Pending = 'PENDING',
  Accepted = 'ACCEPTED',
  Rejected = 'REJECTED',
  Expired = 'EXPIRED'
}

/** An account invitation; a pending one past its expiry reads EXPIRED. */
export type Invitation = {
  __typename?: 'Invitation';
  id: Scalars['ID']['output'];
  accountId: Scalars['ID']['output'];
  email: Scalars['String']['output'];
  accountRoleName: Scalars['String']['output'];
  workspaceAccess: Array<InvitationWorkspaceAccess>;
  status: InvitationStatus;
  expiresAt: Scalars['DateTime']['output'];
  createdAt: Scalars['DateTime']['output'];
  invitedBy: InvitedBy;
};

export type InvitationWorkspaceAccessInput = {
  workspaceId: Scalars['ID']['input'];
  /** A built-in role's id or name, or a custom role id of the account. */
  workspaceRoleId: Scalars['ID']['input'];
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Actor: ResolverTypeWrapper<Actor>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  AuditEntryFilter: AuditEntryFilter;
  AuditResource: ResolverTypeWrapper<AuditResource>;
  AuditEntry: ResolverTypeWrapper<AuditEntry>;
  AuditEntryEdge: ResolverTypeWrapper<AuditEntryEdge>;
  AuditEntryConnection: ResolverTypeWrapper<AuditEntryConnection>;
  AuditEntryEvent: ResolverTypeWrapper<AuditEntryEvent>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Automation: ResolverTypeWrapper<Automation>;
  AutomationEdge: ResolverTypeWrapper<AutomationEdge>;
  AutomationConnection: ResolverTypeWrapper<AutomationConnection>;
  AutomationActionOutcome: ResolverTypeWrapper<AutomationActionOutcome>;
  AutomationFiring: ResolverTypeWrapper<AutomationFiring>;
  AutomationFiringEdge: ResolverTypeWrapper<AutomationFiringEdge>;
  AutomationFiringConnection: ResolverTypeWrapper<AutomationFiringConnection>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<User>;
  ApiKey: ResolverTypeWrapper<ApiKey>;
  CreatedApiKey: ResolverTypeWrapper<CreatedApiKey>;
  ServiceAccount: ResolverTypeWrapper<ServiceAccount>;
  ServiceAccountWithKey: ResolverTypeWrapper<ServiceAccountWithKey>;
  WorkspaceRole: ResolverTypeWrapper<WorkspaceRole>;
  StateType: StateType;
  State: ResolverTypeWrapper<State>;
  StateChange: ResolverTypeWrapper<StateChange>;
  Flow: ResolverTypeWrapper<Flow>;
  FlowEdge: ResolverTypeWrapper<FlowEdge>;
  FlowConnection: ResolverTypeWrapper<FlowConnection>;
  FlowRun: ResolverTypeWrapper<FlowRun>;
  FlowRunEdge: ResolverTypeWrapper<FlowRunEdge>;
  FlowRunConnection: ResolverTypeWrapper<FlowRunConnection>;
  TaskRun: ResolverTypeWrapper<TaskRun>;
  TaskRunEdge: ResolverTypeWrapper<TaskRunEdge>;
  TaskRunConnection: ResolverTypeWrapper<TaskRunConnection>;
  LogLine: ResolverTypeWrapper<LogLine>;
  LogEdge: ResolverTypeWrapper<LogEdge>;
  LogConnection: ResolverTypeWrapper<LogConnection>;
  DeploymentSchedule: ResolverTypeWrapper<DeploymentSchedule>;
  Deployment: ResolverTypeWrapper<Deployment>;
  DeploymentEdge: ResolverTypeWrapper<DeploymentEdge>;
  DeploymentConnection: ResolverTypeWrapper<DeploymentConnection>;
  WorkPool: ResolverTypeWrapper<WorkPool>;
  WorkPoolEdge: ResolverTypeWrapper<WorkPoolEdge>;
  WorkPoolConnection: ResolverTypeWrapper<WorkPoolConnection>;
  WorkQueue: ResolverTypeWrapper<WorkQueue>;
  WorkQueueEdge: ResolverTypeWrapper<WorkQueueEdge>;
  WorkQueueConnection: ResolverTypeWrapper<WorkQueueConnection>;
  Worker: ResolverTypeWrapper<Worker>;
  WorkerEdge: ResolverTypeWrapper<WorkerEdge>;
  WorkerConnection: ResolverTypeWrapper<WorkerConnection>;
  BlockType: ResolverTypeWrapper<BlockType>;
  BlockTypeEdge: ResolverTypeWrapper<BlockTypeEdge>;
  BlockTypeConnection: ResolverTypeWrapper<BlockTypeConnection>;
  BlockDocument: ResolverTypeWrapper<BlockDocument>;
  BlockDocumentEdge: ResolverTypeWrapper<BlockDocumentEdge>;
  BlockDocumentConnection: ResolverTypeWrapper<BlockDocumentConnection>;
  Variable: ResolverTypeWrapper<Variable>;
  VariableEdge: ResolverTypeWrapper<VariableEdge>;
  VariableConnection: ResolverTypeWrapper<VariableConnection>;
  Artifact: ResolverTypeWrapper<Artifact>;
  ArtifactEdge: ResolverTypeWrapper<ArtifactEdge>;
  ArtifactConnection: ResolverTypeWrapper<ArtifactConnection>;
  ConcurrencyLimit: ResolverTypeWrapper<ConcurrencyLimit>;
  ConcurrencyLimitEdge: ResolverTypeWrapper<ConcurrencyLimitEdge>;
  ConcurrencyLimitConnection: ResolverTypeWrapper<ConcurrencyLimitConnection>;
  IdFilter: IdFilter;
  StringFilter: StringFilter;
  StateFilter: StateFilter;
  FlowRunFilter: FlowRunFilter;
  FlowRunSort: FlowRunSort;
  FlowFilter: FlowFilter;
  FlowSort: FlowSort;
  DeploymentFilter: DeploymentFilter;
  DeploymentSort: DeploymentSort;
  WorkPoolFilter: WorkPoolFilter;
  BlockDocumentFilter: BlockDocumentFilter;
  VariableFilter: VariableFilter;
  ArtifactFilter: ArtifactFilter;
  TimeWindow: TimeWindow;
  FlowRunHistoryState: ResolverTypeWrapper<FlowRunHistoryState>;
  FlowRunHistoryBucket: ResolverTypeWrapper<FlowRunHistoryBucket>;
  FlowRunsDashboard: ResolverTypeWrapper<FlowRunsDashboard>;
  BlockDocumentCreateInput: BlockDocumentCreateInput;
  BlockDocumentUpdateInput: BlockDocumentUpdateInput;
  VariableCreateInput: VariableCreateInput;
  VariableUpdateInput: VariableUpdateInput;
  FlowRunStateFilter: FlowRunStateFilter;
  FlowRunStateEvent: ResolverTypeWrapper<FlowRunStateEvent>;
  TaskRunStateEvent: ResolverTypeWrapper<TaskRunStateEvent>;
  FlowRunLogEvent: ResolverTypeWrapper<FlowRunLogEvent>;
  Account: ResolverTypeWrapper<Account>;
  MyAccount: ResolverTypeWrapper<MyAccount>;
  MyWorkspace: ResolverTypeWrapper<MyWorkspace>;
  Me: ResolverTypeWrapper<Me>;
  Workspace: ResolverTypeWrapper<Workspace>;
  Member: ResolverTypeWrapper<Member>;
  MemberEdge: ResolverTypeWrapper<MemberEdge>;
  MemberConnection: ResolverTypeWrapper<MemberConnection>;
  AccountRole: ResolverTypeWrapper<AccountRole>;
  WorkspaceUserAccess: ResolverTypeWrapper<WorkspaceUserAccess>;
  WorkspaceBotAccess: ResolverTypeWrapper<WorkspaceBotAccess>;
  WorkspaceAccess: ResolverTypeWrapper<WorkspaceAccess>;
  InvitationWorkspaceAccess: ResolverTypeWrapper<InvitationWorkspaceAccess>;
  InvitedBy: ResolverTypeWrapper<InvitedBy>;
  InvitationStatus: InvitationStatus;
  Invitation: ResolverTypeWrapper<Invitation>;
  InvitationWorkspaceAccessInput: InvitationWorkspaceAccessInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  JSON: Scalars['JSON']['output'];
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Actor: Actor;
  ID: Scalars['ID']['output'];
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Float: Scalars['Float']['output'];
  AuditEntryFilter: AuditEntryFilter;
  AuditResource: AuditResource;
  AuditEntry: AuditEntry;
  AuditEntryEdge: AuditEntryEdge;
  AuditEntryConnection: AuditEntryConnection;
  AuditEntryEvent: AuditEntryEvent;
  Subscription: Record<PropertyKey, never>;
  Automation: Automation;
  AutomationEdge: AutomationEdge;
  AutomationConnection: AutomationConnection;
  AutomationActionOutcome: AutomationActionOutcome;
  AutomationFiring: AutomationFiring;
  AutomationFiringEdge: AutomationFiringEdge;
  AutomationFiringConnection: AutomationFiringConnection;
  Mutation: Record<PropertyKey, never>;
  User: User;
  ApiKey: ApiKey;
  CreatedApiKey: CreatedApiKey;
  ServiceAccount: ServiceAccount;
  ServiceAccountWithKey: ServiceAccountWithKey;
  WorkspaceRole: WorkspaceRole;
  State: State;
  StateChange: StateChange;
  Flow: Flow;
  FlowEdge: FlowEdge;
  FlowConnection: FlowConnection;
  FlowRun: FlowRun;
  FlowRunEdge: FlowRunEdge;
  FlowRunConnection: FlowRunConnection;
  TaskRun: TaskRun;
  TaskRunEdge: TaskRunEdge;
  TaskRunConnection: TaskRunConnection;
  LogLine: LogLine;
  LogEdge: LogEdge;
  LogConnection: LogConnection;
  DeploymentSchedule: DeploymentSchedule;
  Deployment: Deployment;
  DeploymentEdge: DeploymentEdge;
  DeploymentConnection: DeploymentConnection;
  WorkPool: WorkPool;
  WorkPoolEdge: WorkPoolEdge;
  WorkPoolConnection: WorkPoolConnection;
  WorkQueue: WorkQueue;
  WorkQueueEdge: WorkQueueEdge;
  WorkQueueConnection: WorkQueueConnection;
  Worker: Worker;
  WorkerEdge: WorkerEdge;
  WorkerConnection: WorkerConnection;
  BlockType: BlockType;
  BlockTypeEdge: BlockTypeEdge;
  BlockTypeConnection: BlockTypeConnection;
  BlockDocument: BlockDocument;
  BlockDocumentEdge: BlockDocumentEdge;
  BlockDocumentConnection: BlockDocumentConnection;
  Variable: Variable;
  VariableEdge: VariableEdge;
  VariableConnection: VariableConnection;
  Artifact: Artifact;
  ArtifactEdge: ArtifactEdge;
  ArtifactConnection: ArtifactConnection;
  ConcurrencyLimit: ConcurrencyLimit;
  ConcurrencyLimitEdge: ConcurrencyLimitEdge;
  ConcurrencyLimitConnection: ConcurrencyLimitConnection;
  IdFilter: IdFilter;
  StringFilter: StringFilter;
  StateFilter: StateFilter;
  FlowRunFilter: FlowRunFilter;
  FlowFilter: FlowFilter;
  DeploymentFilter: DeploymentFilter;
  WorkPoolFilter: WorkPoolFilter;
  BlockDocumentFilter: BlockDocumentFilter;
  VariableFilter: VariableFilter;
  ArtifactFilter: ArtifactFilter;
  TimeWindow: TimeWindow;
  FlowRunHistoryState: FlowRunHistoryState;
  FlowRunHistoryBucket: FlowRunHistoryBucket;
  FlowRunsDashboard: FlowRunsDashboard;
  BlockDocumentCreateInput: BlockDocumentCreateInput;
  BlockDocumentUpdateInput: BlockDocumentUpdateInput;
  VariableCreateInput: VariableCreateInput;
  VariableUpdateInput: VariableUpdateInput;
  FlowRunStateFilter: FlowRunStateFilter;
  FlowRunStateEvent: FlowRunStateEvent;
  TaskRunStateEvent: TaskRunStateEvent;
  FlowRunLogEvent: FlowRunLogEvent;
  Account: Account;
  MyAccount: MyAccount;
  MyWorkspace: MyWorkspace;
  Me: Me;
  Workspace: Workspace;
  Member: Member;
  MemberEdge: MemberEdge;
  MemberConnection: MemberConnection;
  AccountRole: AccountRole;
  WorkspaceUserAccess: WorkspaceUserAccess;
  WorkspaceBotAccess: WorkspaceBotAccess;
  WorkspaceAccess: WorkspaceAccess;
  InvitationWorkspaceAccess: InvitationWorkspaceAccess;
  InvitedBy: InvitedBy;
  Invitation: Invitation;
  InvitationWorkspaceAccessInput: InvitationWorkspaceAccessInput;
  String: Scalars['String']['output'];
};

export type WorkspaceScopeDirectiveArgs = {
  scope: Scalars['String']['input'];
};

export type WorkspaceScopeDirectiveResolver<Result, Parent, ContextType = GraphqlContext, Args = WorkspaceScopeDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AccountPermissionDirectiveArgs = {
  permission: Scalars['String']['input'];
};

export type AccountPermissionDirectiveResolver<Result, Parent, ContextType = GraphqlContext, Args = AccountPermissionDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AuthenticatedDirectiveArgs = { };

export type AuthenticatedDirectiveResolver<Result, Parent, ContextType = GraphqlContext, Args = AuthenticatedDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type PageInfoResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ActorResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Actor'] = ResolversParentTypes['Actor']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  viewer?: Resolver<ResolversTypes['Actor'], ParentType, ContextType>;
  auditEntries?: Resolver<ResolversTypes['AuditEntryConnection'], ParentType, ContextType, RequireFields<QueryAuditEntriesArgs, 'accountId'>>;
  auditEntry?: Resolver<ResolversTypes['AuditEntry'], ParentType, ContextType, RequireFields<QueryAuditEntryArgs, 'accountId' | 'id'>>;
  automations?: Resolver<ResolversTypes['AutomationConnection'], ParentType, ContextType, RequireFields<QueryAutomationsArgs, 'accountId' | 'workspaceId'>>;
  automation?: Resolver<ResolversTypes['Automation'], ParentType, ContextType, RequireFields<QueryAutomationArgs, 'accountId' | 'workspaceId' | 'id'>>;
  myApiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  workspaceRoles?: Resolver<Array<ResolversTypes['WorkspaceRole']>, ParentType, ContextType, RequireFields<QueryWorkspaceRolesArgs, 'accountId'>>;
  serviceAccounts?: Resolver<Array<ResolversTypes['ServiceAccount']>, ParentType, ContextType, RequireFields<QueryServiceAccountsArgs, 'accountId'>>;
  flowRunsDashboard?: Resolver<ResolversTypes['FlowRunsDashboard'], ParentType, ContextType, RequireFields<QueryFlowRunsDashboardArgs, 'accountId' | 'workspaceId'>>;
  flowRuns?: Resolver<ResolversTypes['FlowRunConnection'], ParentType, ContextType, RequireFields<QueryFlowRunsArgs, 'accountId' | 'workspaceId'>>;
  flowRun?: Resolver<ResolversTypes['FlowRun'], ParentType, ContextType, RequireFields<QueryFlowRunArgs, 'accountId' | 'workspaceId' | 'id'>>;
  flows?: Resolver<ResolversTypes['FlowConnection'], ParentType, ContextType, RequireFields<QueryFlowsArgs, 'accountId' | 'workspaceId'>>;
  flow?: Resolver<ResolversTypes['Flow'], ParentType, ContextType, RequireFields<QueryFlowArgs, 'accountId' | 'workspaceId' | 'id'>>;
  deployments?: Resolver<ResolversTypes['DeploymentConnection'], ParentType, ContextType, RequireFields<QueryDeploymentsArgs, 'accountId' | 'workspaceId'>>;
  deployment?: Resolver<ResolversTypes['Deployment'], ParentType, ContextType, RequireFields<QueryDeploymentArgs, 'accountId' | 'workspaceId' | 'id'>>;
  workPools?: Resolver<ResolversTypes['WorkPoolConnection'], ParentType, ContextType, RequireFields<QueryWorkPoolsArgs, 'accountId' | 'workspaceId'>>;
  workPool?: Resolver<ResolversTypes['WorkPool'], ParentType, ContextType, RequireFields<QueryWorkPoolArgs, 'accountId' | 'workspaceId' | 'name'>>;
  blockDocuments?: Resolver<ResolversTypes['BlockDocumentConnection'], ParentType, ContextType, RequireFields<QueryBlockDocumentsArgs, 'accountId' | 'workspaceId'>>;
  blockTypes?: Resolver<ResolversTypes['BlockTypeConnection'], ParentType, ContextType, RequireFields<QueryBlockTypesArgs, 'accountId' | 'workspaceId'>>;
  variables?: Resolver<ResolversTypes['VariableConnection'], ParentType, ContextType, RequireFields<QueryVariablesArgs, 'accountId' | 'workspaceId'>>;
  artifacts?: Resolver<ResolversTypes['ArtifactConnection'], ParentType, ContextType, RequireFields<QueryArtifactsArgs, 'accountId' | 'workspaceId'>>;
  concurrencyLimits?: Resolver<ResolversTypes['ConcurrencyLimitConnection'], ParentType, ContextType, RequireFields<QueryConcurrencyLimitsArgs, 'accountId' | 'workspaceId'>>;
  me?: Resolver<ResolversTypes['Me'], ParentType, ContextType>;
  account?: Resolver<ResolversTypes['Account'], ParentType, ContextType, RequireFields<QueryAccountArgs, 'accountId'>>;
  accountMembers?: Resolver<ResolversTypes['MemberConnection'], ParentType, ContextType, RequireFields<QueryAccountMembersArgs, 'accountId'>>;
  accountRoles?: Resolver<Array<ResolversTypes['AccountRole']>, ParentType, ContextType, RequireFields<QueryAccountRolesArgs, 'accountId'>>;
  workspaces?: Resolver<Array<ResolversTypes['Workspace']>, ParentType, ContextType, RequireFields<QueryWorkspacesArgs, 'accountId'>>;
  workspaceAccess?: Resolver<ResolversTypes['WorkspaceAccess'], ParentType, ContextType, RequireFields<QueryWorkspaceAccessArgs, 'accountId' | 'workspaceId'>>;
  invitations?: Resolver<Array<ResolversTypes['Invitation']>, ParentType, ContextType, RequireFields<QueryInvitationsArgs, 'accountId'>>;
  myInvitations?: Resolver<Array<ResolversTypes['Invitation']>, ParentType, ContextType>;
};

export type AuditResourceResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AuditResource'] = ResolversParentTypes['AuditResource']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type AuditEntryResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AuditEntry'] = ResolversParentTypes['AuditEntry']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  event?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actor?: Resolver<ResolversTypes['Actor'], ParentType, ContextType>;
  accountId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  workspaceId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  resource?: Resolver<ResolversTypes['AuditResource'], ParentType, ContextType>;
  clientIp?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userAgent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  details?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
};

export type AuditEntryEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AuditEntryEdge'] = ResolversParentTypes['AuditEntryEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AuditEntry'], ParentType, ContextType>;
};

export type AuditEntryConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AuditEntryConnection'] = ResolversParentTypes['AuditEntryConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AuditEntryEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['AuditEntry']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AuditEntryEventResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AuditEntryEvent'] = ResolversParentTypes['AuditEntryEvent']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  entry?: Resolver<ResolversTypes['AuditEntry'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  auditEntryAdded?: SubscriptionResolver<ResolversTypes['AuditEntryEvent'], "auditEntryAdded", ParentType, ContextType, RequireFields<SubscriptionAuditEntryAddedArgs, 'accountId'>>;
  flowRunStateChanged?: SubscriptionResolver<ResolversTypes['FlowRunStateEvent'], "flowRunStateChanged", ParentType, ContextType, RequireFields<SubscriptionFlowRunStateChangedArgs, 'accountId' | 'workspaceId'>>;
  taskRunStateChanged?: SubscriptionResolver<ResolversTypes['TaskRunStateEvent'], "taskRunStateChanged", ParentType, ContextType, RequireFields<SubscriptionTaskRunStateChangedArgs, 'accountId' | 'workspaceId' | 'flowRunId'>>;
  flowRunLogs?: SubscriptionResolver<ResolversTypes['FlowRunLogEvent'], "flowRunLogs", ParentType, ContextType, RequireFields<SubscriptionFlowRunLogsArgs, 'accountId' | 'workspaceId' | 'flowRunId'>>;
};

export type AutomationResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Automation'] = ResolversParentTypes['Automation']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  trigger?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  actions?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  actionsOnTrigger?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  actionsOnResolve?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  ownerResource?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  firings?: Resolver<ResolversTypes['AutomationFiringConnection'], ParentType, ContextType, Partial<AutomationFiringsArgs>>;
};

export type AutomationEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AutomationEdge'] = ResolversParentTypes['AutomationEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Automation'], ParentType, ContextType>;
};

export type AutomationConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AutomationConnection'] = ResolversParentTypes['AutomationConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AutomationEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Automation']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AutomationActionOutcomeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AutomationActionOutcome'] = ResolversParentTypes['AutomationActionOutcome']> = {
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  related?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
};

export type AutomationFiringResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AutomationFiring'] = ResolversParentTypes['AutomationFiring']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  triggeredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  triggerId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  posture?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  triggeringEventId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  triggeringLabels?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  actions?: Resolver<Array<ResolversTypes['AutomationActionOutcome']>, ParentType, ContextType>;
};

export type AutomationFiringEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AutomationFiringEdge'] = ResolversParentTypes['AutomationFiringEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AutomationFiring'], ParentType, ContextType>;
};

export type AutomationFiringConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AutomationFiringConnection'] = ResolversParentTypes['AutomationFiringConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AutomationFiringEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['AutomationFiring']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  setAutomationEnabled?: Resolver<ResolversTypes['Automation'], ParentType, ContextType, RequireFields<MutationSetAutomationEnabledArgs, 'accountId' | 'workspaceId' | 'id' | 'enabled'>>;
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'name'>>;
  revokeApiKey?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'id'>>;
  createServiceAccount?: Resolver<ResolversTypes['ServiceAccountWithKey'], ParentType, ContextType, RequireFields<MutationCreateServiceAccountArgs, 'accountId' | 'name'>>;
  rotateServiceAccountKey?: Resolver<ResolversTypes['ServiceAccountWithKey'], ParentType, ContextType, RequireFields<MutationRotateServiceAccountKeyArgs, 'accountId' | 'id'>>;
  deleteServiceAccount?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteServiceAccountArgs, 'accountId' | 'id'>>;
  runDeployment?: Resolver<ResolversTypes['FlowRun'], ParentType, ContextType, RequireFields<MutationRunDeploymentArgs, 'accountId' | 'workspaceId' | 'deploymentId'>>;
  cancelFlowRun?: Resolver<ResolversTypes['FlowRun'], ParentType, ContextType, RequireFields<MutationCancelFlowRunArgs, 'accountId' | 'workspaceId' | 'id'>>;
  pauseDeployment?: Resolver<ResolversTypes['Deployment'], ParentType, ContextType, RequireFields<MutationPauseDeploymentArgs, 'accountId' | 'workspaceId' | 'id'>>;
  resumeDeployment?: Resolver<ResolversTypes['Deployment'], ParentType, ContextType, RequireFields<MutationResumeDeploymentArgs, 'accountId' | 'workspaceId' | 'id'>>;
  pauseWorkPool?: Resolver<ResolversTypes['WorkPool'], ParentType, ContextType, RequireFields<MutationPauseWorkPoolArgs, 'accountId' | 'workspaceId' | 'name'>>;
  resumeWorkPool?: Resolver<ResolversTypes['WorkPool'], ParentType, ContextType, RequireFields<MutationResumeWorkPoolArgs, 'accountId' | 'workspaceId' | 'name'>>;
  pauseWorkQueue?: Resolver<ResolversTypes['WorkQueue'], ParentType, ContextType, RequireFields<MutationPauseWorkQueueArgs, 'accountId' | 'workspaceId' | 'id'>>;
  resumeWorkQueue?: Resolver<ResolversTypes['WorkQueue'], ParentType, ContextType, RequireFields<MutationResumeWorkQueueArgs, 'accountId' | 'workspaceId' | 'id'>>;
  createBlockDocument?: Resolver<ResolversTypes['BlockDocument'], ParentType, ContextType, RequireFields<MutationCreateBlockDocumentArgs, 'accountId' | 'workspaceId' | 'input'>>;
  updateBlockDocument?: Resolver<ResolversTypes['BlockDocument'], ParentType, ContextType, RequireFields<MutationUpdateBlockDocumentArgs, 'accountId' | 'workspaceId' | 'id' | 'input'>>;
  createVariable?: Resolver<ResolversTypes['Variable'], ParentType, ContextType, RequireFields<MutationCreateVariableArgs, 'accountId' | 'workspaceId' | 'input'>>;
  updateVariable?: Resolver<ResolversTypes['Variable'], ParentType, ContextType, RequireFields<MutationUpdateVariableArgs, 'accountId' | 'workspaceId' | 'id' | 'input'>>;
  deleteVariable?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteVariableArgs, 'accountId' | 'workspaceId' | 'id'>>;
  inviteMember?: Resolver<ResolversTypes['Invitation'], ParentType, ContextType, RequireFields<MutationInviteMemberArgs, 'accountId' | 'email'>>;
  revokeInvitation?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRevokeInvitationArgs, 'accountId' | 'invitationId'>>;
  acceptInvitation?: Resolver<ResolversTypes['Invitation'], ParentType, ContextType, RequireFields<MutationAcceptInvitationArgs, 'invitationId'>>;
  rejectInvitation?: Resolver<ResolversTypes['Invitation'], ParentType, ContextType, RequireFields<MutationRejectInvitationArgs, 'invitationId'>>;
  changeMemberRole?: Resolver<ResolversTypes['Member'], ParentType, ContextType, RequireFields<MutationChangeMemberRoleArgs, 'accountId' | 'memberId' | 'accountRoleName'>>;
  removeMember?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRemoveMemberArgs, 'accountId' | 'memberId'>>;
  grantWorkspaceAccess?: Resolver<ResolversTypes['WorkspaceUserAccess'], ParentType, ContextType, RequireFields<MutationGrantWorkspaceAccessArgs, 'accountId' | 'workspaceId' | 'userId' | 'workspaceRoleId'>>;
  revokeWorkspaceAccess?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRevokeWorkspaceAccessArgs, 'accountId' | 'workspaceId' | 'userId'>>;
  grantServiceAccountWorkspaceAccess?: Resolver<ResolversTypes['WorkspaceBotAccess'], ParentType, ContextType, RequireFields<MutationGrantServiceAccountWorkspaceAccessArgs, 'accountId' | 'workspaceId' | 'botId' | 'workspaceRoleId'>>;
  revokeServiceAccountWorkspaceAccess?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRevokeServiceAccountWorkspaceAccessArgs, 'accountId' | 'workspaceId' | 'botId'>>;
};

export type UserResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  actorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  handle?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  imageLocation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type ApiKeyResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiration?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type CreatedApiKeyResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = {
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ServiceAccountResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['ServiceAccount'] = ResolversParentTypes['ServiceAccount']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  actorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accountRoleName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  apiKey?: Resolver<Maybe<ResolversTypes['ApiKey']>, ParentType, ContextType>;
};

export type ServiceAccountWithKeyResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['ServiceAccountWithKey'] = ResolversParentTypes['ServiceAccountWithKey']> = {
  serviceAccount?: Resolver<ResolversTypes['ServiceAccount'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WorkspaceRoleResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkspaceRole'] = ResolversParentTypes['WorkspaceRole']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  accountId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  inheritedRoleId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  isBuiltIn?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type StateResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['State'] = ResolversParentTypes['State']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['StateType'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  data?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  details?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
};

export type StateChangeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['StateChange'] = ResolversParentTypes['StateChange']> = {
  type?: Resolver<ResolversTypes['StateType'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fromType?: Resolver<Maybe<ResolversTypes['StateType']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  forced?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  actor?: Resolver<Maybe<ResolversTypes['Actor']>, ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FlowResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Flow'] = ResolversParentTypes['Flow']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  labels?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  flowRuns?: Resolver<ResolversTypes['FlowRunConnection'], ParentType, ContextType, Partial<FlowFlowRunsArgs>>;
  deployments?: Resolver<ResolversTypes['DeploymentConnection'], ParentType, ContextType, Partial<FlowDeploymentsArgs>>;
};

export type FlowEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['FlowEdge'] = ResolversParentTypes['FlowEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Flow'], ParentType, ContextType>;
};

export type FlowConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['FlowConnection'] = ResolversParentTypes['FlowConnection']> = {
  edges?: Resolver<Array<ResolversTypes['FlowEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Flow']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FlowRunResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['FlowRun'] = ResolversParentTypes['FlowRun']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  flowId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  deploymentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  deploymentVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  workQueueName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  workPoolName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  flowVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  labels?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  parameters?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  idempotencyKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  parentTaskRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['State']>, ParentType, ContextType>;
  stateType?: Resolver<Maybe<ResolversTypes['StateType']>, ParentType, ContextType>;
  stateName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  runCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedStartTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  nextScheduledStartTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  startTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  endTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  totalRunTime?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  estimatedRunTime?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  estimatedStartTimeDelta?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  autoScheduled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  flow?: Resolver<Maybe<ResolversTypes['Flow']>, ParentType, ContextType>;
  deployment?: Resolver<Maybe<ResolversTypes['Deployment']>, ParentType, ContextType>;
  taskRuns?: Resolver<ResolversTypes['TaskRunConnection'], ParentType, ContextType, Partial<FlowRunTaskRunsArgs>>;
  logs?: Resolver<ResolversTypes['LogConnection'], ParentType, ContextType, Partial<FlowRunLogsArgs>>;
  stateTimeline?: Resolver<Array<ResolversTypes['StateChange']>, ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FlowRunEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['FlowRunEdge'] = ResolversParentTypes['FlowRunEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['FlowRun'], ParentType, ContextType>;
};

export type FlowRunConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['FlowRunConnection'] = ResolversParentTypes['FlowRunConnection']> = {
  edges?: Resolver<Array<ResolversTypes['FlowRunEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['FlowRun']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TaskRunResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['TaskRun'] = ResolversParentTypes['TaskRun']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  flowRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  taskKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dynamicKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taskVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  labels?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['State']>, ParentType, ContextType>;
  stateType?: Resolver<Maybe<ResolversTypes['StateType']>, ParentType, ContextType>;
  stateName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  runCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedStartTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  startTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  endTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  totalRunTime?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  estimatedRunTime?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  flowRun?: Resolver<Maybe<ResolversTypes['FlowRun']>, ParentType, ContextType>;
};

export type TaskRunEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['TaskRunEdge'] = ResolversParentTypes['TaskRunEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['TaskRun'], ParentType, ContextType>;
};

export type TaskRunConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['TaskRunConnection'] = ResolversParentTypes['TaskRunConnection']> = {
  edges?: Resolver<Array<ResolversTypes['TaskRunEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['TaskRun']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type LogLineResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['LogLine'] = ResolversParentTypes['LogLine']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timestamp?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  flowRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  taskRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type LogEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['LogEdge'] = ResolversParentTypes['LogEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['LogLine'], ParentType, ContextType>;
};

export type LogConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['LogConnection'] = ResolversParentTypes['LogConnection']> = {
  edges?: Resolver<Array<ResolversTypes['LogEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['LogLine']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DeploymentScheduleResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['DeploymentSchedule'] = ResolversParentTypes['DeploymentSchedule']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deploymentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  schedule?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  maxScheduledRuns?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  parameters?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  slug?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type DeploymentResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Deployment'] = ResolversParentTypes['Deployment']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  flowId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  paused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastPolled?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  labels?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  parameters?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  jobVariables?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  workQueueName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  workPoolName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  path?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  entrypoint?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  globalConcurrencyLimit?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  schedules?: Resolver<Array<ResolversTypes['DeploymentSchedule']>, ParentType, ContextType>;
  flow?: Resolver<Maybe<ResolversTypes['Flow']>, ParentType, ContextType>;
  workPool?: Resolver<Maybe<ResolversTypes['WorkPool']>, ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DeploymentEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['DeploymentEdge'] = ResolversParentTypes['DeploymentEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Deployment'], ParentType, ContextType>;
};

export type DeploymentConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['DeploymentConnection'] = ResolversParentTypes['DeploymentConnection']> = {
  edges?: Resolver<Array<ResolversTypes['DeploymentEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Deployment']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WorkPoolResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkPool'] = ResolversParentTypes['WorkPool']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  isPaused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  concurrencyLimit?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  activeSlots?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  baseJobTemplate?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  defaultQueueId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  queues?: Resolver<ResolversTypes['WorkQueueConnection'], ParentType, ContextType, Partial<WorkPoolQueuesArgs>>;
  workers?: Resolver<ResolversTypes['WorkerConnection'], ParentType, ContextType, Partial<WorkPoolWorkersArgs>>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WorkPoolEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkPoolEdge'] = ResolversParentTypes['WorkPoolEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WorkPool'], ParentType, ContextType>;
};

export type WorkPoolConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkPoolConnection'] = ResolversParentTypes['WorkPoolConnection']> = {
  edges?: Resolver<Array<ResolversTypes['WorkPoolEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['WorkPool']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WorkQueueResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkQueue'] = ResolversParentTypes['WorkQueue']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  isPaused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  concurrencyLimit?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  workPoolId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  workPoolName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastPolled?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  activeSlots?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WorkQueueEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkQueueEdge'] = ResolversParentTypes['WorkQueueEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['WorkQueue'], ParentType, ContextType>;
};

export type WorkQueueConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkQueueConnection'] = ResolversParentTypes['WorkQueueConnection']> = {
  edges?: Resolver<Array<ResolversTypes['WorkQueueEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['WorkQueue']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type WorkerResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Worker'] = ResolversParentTypes['Worker']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  workPoolId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastHeartbeatTime?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  heartbeatIntervalSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type WorkerEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkerEdge'] = ResolversParentTypes['WorkerEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Worker'], ParentType, ContextType>;
};

export type WorkerConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkerConnection'] = ResolversParentTypes['WorkerConnection']> = {
  edges?: Resolver<Array<ResolversTypes['WorkerEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Worker']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BlockTypeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['BlockType'] = ResolversParentTypes['BlockType']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  logoUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  documentationUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  codeExample?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  isProtected?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type BlockTypeEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['BlockTypeEdge'] = ResolversParentTypes['BlockTypeEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['BlockType'], ParentType, ContextType>;
};

export type BlockTypeConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['BlockTypeConnection'] = ResolversParentTypes['BlockTypeConnection']> = {
  edges?: Resolver<Array<ResolversTypes['BlockTypeEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['BlockType']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BlockDocumentResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['BlockDocument'] = ResolversParentTypes['BlockDocument']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  isAnonymous?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  blockTypeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  blockTypeName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  blockSchemaId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  data?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  blockType?: Resolver<Maybe<ResolversTypes['BlockType']>, ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type BlockDocumentEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['BlockDocumentEdge'] = ResolversParentTypes['BlockDocumentEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['BlockDocument'], ParentType, ContextType>;
};

export type BlockDocumentConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['BlockDocumentConnection'] = ResolversParentTypes['BlockDocumentConnection']> = {
  edges?: Resolver<Array<ResolversTypes['BlockDocumentEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['BlockDocument']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type VariableResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Variable'] = ResolversParentTypes['Variable']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type VariableEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['VariableEdge'] = ResolversParentTypes['VariableEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Variable'], ParentType, ContextType>;
};

export type VariableConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['VariableConnection'] = ResolversParentTypes['VariableConnection']> = {
  edges?: Resolver<Array<ResolversTypes['VariableEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Variable']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ArtifactResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Artifact'] = ResolversParentTypes['Artifact']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  data?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  metadata?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  flowRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  taskRunId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type ArtifactEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['ArtifactEdge'] = ResolversParentTypes['ArtifactEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Artifact'], ParentType, ContextType>;
};

export type ArtifactConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['ArtifactConnection'] = ResolversParentTypes['ArtifactConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ArtifactEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Artifact']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ConcurrencyLimitResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['ConcurrencyLimit'] = ResolversParentTypes['ConcurrencyLimit']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  limit?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  activeSlots?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  slotDecayPerSecond?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type ConcurrencyLimitEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['ConcurrencyLimitEdge'] = ResolversParentTypes['ConcurrencyLimitEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ConcurrencyLimit'], ParentType, ContextType>;
};

export type ConcurrencyLimitConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['ConcurrencyLimitConnection'] = ResolversParentTypes['ConcurrencyLimitConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ConcurrencyLimitEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['ConcurrencyLimit']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FlowRunHistoryStateResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['FlowRunHistoryState'] = ResolversParentTypes['FlowRunHistoryState']> = {
  stateType?: Resolver<ResolversTypes['StateType'], ParentType, ContextType>;
  stateName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  countRuns?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sumEstimatedRunTime?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sumEstimatedLateness?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type FlowRunHistoryBucketResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['FlowRunHistoryBucket'] = ResolversParentTypes['FlowRunHistoryBucket']> = {
  intervalStart?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  intervalEnd?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  states?: Resolver<Array<ResolversTypes['FlowRunHistoryState']>, ParentType, ContextType>;
};

export type FlowRunsDashboardResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['FlowRunsDashboard'] = ResolversParentTypes['FlowRunsDashboard']> = {
  from?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  recentRuns?: Resolver<Array<ResolversTypes['FlowRun']>, ParentType, ContextType>;
  upcomingRuns?: Resolver<Array<ResolversTypes['FlowRun']>, ParentType, ContextType>;
  lateCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['FlowRunHistoryBucket']>, ParentType, ContextType>;
};

export type FlowRunStateEventResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['FlowRunStateEvent'] = ResolversParentTypes['FlowRunStateEvent']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  flowRunId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['State'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  actor?: Resolver<Maybe<ResolversTypes['Actor']>, ParentType, ContextType>;
  flowRun?: Resolver<Maybe<ResolversTypes['FlowRun']>, ParentType, ContextType>;
};

export type TaskRunStateEventResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['TaskRunStateEvent'] = ResolversParentTypes['TaskRunStateEvent']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taskRunId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  flowRunId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['State'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  actor?: Resolver<Maybe<ResolversTypes['Actor']>, ParentType, ContextType>;
  taskRun?: Resolver<Maybe<ResolversTypes['TaskRun']>, ParentType, ContextType>;
};

export type FlowRunLogEventResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['FlowRunLogEvent'] = ResolversParentTypes['FlowRunLogEvent']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  log?: Resolver<ResolversTypes['LogLine'], ParentType, ContextType>;
};

export type AccountResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  handle?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  location?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  link?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  imageLocation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  authExpirationSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  auditLogRetentionDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  domainNames?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type MyAccountResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['MyAccount'] = ResolversParentTypes['MyAccount']> = {
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  accountName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accountHandle?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accountRoleName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MyWorkspaceResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['MyWorkspace'] = ResolversParentTypes['MyWorkspace']> = {
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  accountName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accountHandle?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workspaceId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  workspaceName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workspaceDescription?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workspaceHandle?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Me'] = ResolversParentTypes['Me']> = {
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  accounts?: Resolver<Array<ResolversTypes['MyAccount']>, ParentType, ContextType>;
  workspaces?: Resolver<Array<ResolversTypes['MyWorkspace']>, ParentType, ContextType>;
};

export type WorkspaceResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Workspace'] = ResolversParentTypes['Workspace']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  handle?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  defaultWorkspaceRoleId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  isPublic?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type MemberResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Member'] = ResolversParentTypes['Member']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  actorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  handle?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accountRoleName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accountRoleId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastLogin?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type MemberEdgeResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['MemberEdge'] = ResolversParentTypes['MemberEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Member'], ParentType, ContextType>;
};

export type MemberConnectionResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['MemberConnection'] = ResolversParentTypes['MemberConnection']> = {
  edges?: Resolver<Array<ResolversTypes['MemberEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Member']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AccountRoleResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['AccountRole'] = ResolversParentTypes['AccountRole']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  permissions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  accountId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  isSystemRole?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type WorkspaceUserAccessResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkspaceUserAccess'] = ResolversParentTypes['WorkspaceUserAccess']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  workspaceId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  workspaceRoleId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  actorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  userId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type WorkspaceBotAccessResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkspaceBotAccess'] = ResolversParentTypes['WorkspaceBotAccess']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  workspaceId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  botId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  actorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  workspaceRoleId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type WorkspaceAccessResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['WorkspaceAccess'] = ResolversParentTypes['WorkspaceAccess']> = {
  users?: Resolver<Array<ResolversTypes['WorkspaceUserAccess']>, ParentType, ContextType>;
  serviceAccounts?: Resolver<Array<ResolversTypes['WorkspaceBotAccess']>, ParentType, ContextType>;
};

export type InvitationWorkspaceAccessResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['InvitationWorkspaceAccess'] = ResolversParentTypes['InvitationWorkspaceAccess']> = {
  workspaceId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  workspaceRoleId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type InvitedByResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['InvitedBy'] = ResolversParentTypes['InvitedBy']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  displayValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type InvitationResolvers<ContextType = GraphqlContext, ParentType extends ResolversParentTypes['Invitation'] = ResolversParentTypes['Invitation']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  accountRoleName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  workspaceAccess?: Resolver<Array<ResolversTypes['InvitationWorkspaceAccess']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['InvitationStatus'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  invitedBy?: Resolver<ResolversTypes['InvitedBy'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphqlContext> = {
  DateTime?: GraphQLScalarType;
  JSON?: GraphQLScalarType;
  PageInfo?: PageInfoResolvers<ContextType>;
  Actor?: ActorResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  AuditResource?: AuditResourceResolvers<ContextType>;
  AuditEntry?: AuditEntryResolvers<ContextType>;
  AuditEntryEdge?: AuditEntryEdgeResolvers<ContextType>;
  AuditEntryConnection?: AuditEntryConnectionResolvers<ContextType>;
  AuditEntryEvent?: AuditEntryEventResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Automation?: AutomationResolvers<ContextType>;
  AutomationEdge?: AutomationEdgeResolvers<ContextType>;
  AutomationConnection?: AutomationConnectionResolvers<ContextType>;
  AutomationActionOutcome?: AutomationActionOutcomeResolvers<ContextType>;
  AutomationFiring?: AutomationFiringResolvers<ContextType>;
  AutomationFiringEdge?: AutomationFiringEdgeResolvers<ContextType>;
  AutomationFiringConnection?: AutomationFiringConnectionResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  ApiKey?: ApiKeyResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  ServiceAccount?: ServiceAccountResolvers<ContextType>;
  ServiceAccountWithKey?: ServiceAccountWithKeyResolvers<ContextType>;
  WorkspaceRole?: WorkspaceRoleResolvers<ContextType>;
  State?: StateResolvers<ContextType>;
  StateChange?: StateChangeResolvers<ContextType>;
  Flow?: FlowResolvers<ContextType>;
  FlowEdge?: FlowEdgeResolvers<ContextType>;
  FlowConnection?: FlowConnectionResolvers<ContextType>;
  FlowRun?: FlowRunResolvers<ContextType>;
  FlowRunEdge?: FlowRunEdgeResolvers<ContextType>;
  FlowRunConnection?: FlowRunConnectionResolvers<ContextType>;
  TaskRun?: TaskRunResolvers<ContextType>;
  TaskRunEdge?: TaskRunEdgeResolvers<ContextType>;
  TaskRunConnection?: TaskRunConnectionResolvers<ContextType>;
  LogLine?: LogLineResolvers<ContextType>;
  LogEdge?: LogEdgeResolvers<ContextType>;
  LogConnection?: LogConnectionResolvers<ContextType>;
  DeploymentSchedule?: DeploymentScheduleResolvers<ContextType>;
  Deployment?: DeploymentResolvers<ContextType>;
  DeploymentEdge?: DeploymentEdgeResolvers<ContextType>;
  DeploymentConnection?: DeploymentConnectionResolvers<ContextType>;
  WorkPool?: WorkPoolResolvers<ContextType>;
  WorkPoolEdge?: WorkPoolEdgeResolvers<ContextType>;
  WorkPoolConnection?: WorkPoolConnectionResolvers<ContextType>;
  WorkQueue?: WorkQueueResolvers<ContextType>;
  WorkQueueEdge?: WorkQueueEdgeResolvers<ContextType>;
  WorkQueueConnection?: WorkQueueConnectionResolvers<ContextType>;
  Worker?: WorkerResolvers<ContextType>;
  WorkerEdge?: WorkerEdgeResolvers<ContextType>;
  WorkerConnection?: WorkerConnectionResolvers<ContextType>;
  BlockType?: BlockTypeResolvers<ContextType>;
  BlockTypeEdge?: BlockTypeEdgeResolvers<ContextType>;
  BlockTypeConnection?: BlockTypeConnectionResolvers<ContextType>;
  BlockDocument?: BlockDocumentResolvers<ContextType>;
  BlockDocumentEdge?: BlockDocumentEdgeResolvers<ContextType>;
  BlockDocumentConnection?: BlockDocumentConnectionResolvers<ContextType>;
  Variable?: VariableResolvers<ContextType>;
  VariableEdge?: VariableEdgeResolvers<ContextType>;
  VariableConnection?: VariableConnectionResolvers<ContextType>;
  Artifact?: ArtifactResolvers<ContextType>;
  ArtifactEdge?: ArtifactEdgeResolvers<ContextType>;
  ArtifactConnection?: ArtifactConnectionResolvers<ContextType>;
  ConcurrencyLimit?: ConcurrencyLimitResolvers<ContextType>;
  ConcurrencyLimitEdge?: ConcurrencyLimitEdgeResolvers<ContextType>;
  ConcurrencyLimitConnection?: ConcurrencyLimitConnectionResolvers<ContextType>;
  FlowRunHistoryState?: FlowRunHistoryStateResolvers<ContextType>;
  FlowRunHistoryBucket?: FlowRunHistoryBucketResolvers<ContextType>;
  FlowRunsDashboard?: FlowRunsDashboardResolvers<ContextType>;
  FlowRunStateEvent?: FlowRunStateEventResolvers<ContextType>;
  TaskRunStateEvent?: TaskRunStateEventResolvers<ContextType>;
  FlowRunLogEvent?: FlowRunLogEventResolvers<ContextType>;
  Account?: AccountResolvers<ContextType>;
  MyAccount?: MyAccountResolvers<ContextType>;
  MyWorkspace?: MyWorkspaceResolvers<ContextType>;
  Me?: MeResolvers<ContextType>;
  Workspace?: WorkspaceResolvers<ContextType>;
  Member?: MemberResolvers<ContextType>;
  MemberEdge?: MemberEdgeResolvers<ContextType>;
  MemberConnection?: MemberConnectionResolvers<ContextType>;
  AccountRole?: AccountRoleResolvers<ContextType>;
  WorkspaceUserAccess?: WorkspaceUserAccessResolvers<ContextType>;
  WorkspaceBotAccess?: WorkspaceBotAccessResolvers<ContextType>;
  WorkspaceAccess?: WorkspaceAccessResolvers<ContextType>;
  InvitationWorkspaceAccess?: InvitationWorkspaceAccessResolvers<ContextType>;
  InvitedBy?: InvitedByResolvers<ContextType>;
  Invitation?: InvitationResolvers<ContextType>;
};

export type DirectiveResolvers<ContextType = GraphqlContext> = {
  workspaceScope?: WorkspaceScopeDirectiveResolver<any, any, ContextType>;
  accountPermission?: AccountPermissionDirectiveResolver<any, any, ContextType>;
  authenticated?: AuthenticatedDirectiveResolver<any, any, ContextType>;
};
