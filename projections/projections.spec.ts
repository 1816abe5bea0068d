import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Document, Projection, RecordedEvent } from '../src/shared/ddd';
import { artifactStreamDecider, deploymentDecider, flowRunDecider, taskRunDecider, variableDecider } from '../src/contexts/orchestration';
import { allProjections } from './index';
import { sessionsSamples } from '../test/support/projection-samples/sessions';
import { ssoSamples } from '../test/support/projection-samples/sso';
import { oidcSamples } from '../test/support/projection-samples/oidc';
import { samlSamples } from '../test/support/projection-samples/saml';
import { tenancySamples } from '../test/support/projection-samples/tenancy';
import { auditSamples } from '../test/support/projection-samples/audit';
import { automationsSamples } from '../test/support/projection-samples/automations';

let position = 0;
const metadata = { accountId: 'a1', workspaceId: 'w1', actor: { type: 'user', id: 'u1', name: 'ada' } };
function recorded(stream: string, revision: number, type: string, data: unknown): RecordedEvent {
  position += 1;
  return { id: `e${position}`, type, data, metadata, stream, revision, position, recordedAt: '2026-11-27T10:00:00.000Z' };
}

const now = '2026-11-27T10:00:00.000Z';
const history: RecordedEvent[] = [
  recorded('user-u1', 0, 'UserRegistered', { userId: 'u1', handle: 'ada', email: 'ada@example.com', firstName: 'Ada', lastName: null, registeredAt: now }),
  recorded('apiKey-k1', 0, 'ApiKeyCreated', { keyId: 'k1', owner: { type: 'user', id: 'u1' }, name: 'cli', keyHash: 'h', keyHint: 'pnu_abcd', expiresAt: null, createdAt: now }),
  recorded('account-a1', 0, 'AccountCreated', { accountId: 'a1', name: 'Acme', handle: 'acme', createdAt: now }),
  recorded('account-a1', 1, 'AccountMemberAdded', { accountId: 'a1', userId: 'u1', role: 'owner', addedAt: now }),
  recorded('account-a1', 2, 'AccountWorkspaceHandleReserved', { accountId: 'a1', workspaceId: 'w1', handle: 'prod' }),
  recorded('account-a1', 3, 'AccountMemberAdded', { accountId: 'a1', userId: 'u2', role: 'member', addedAt: now }),
  recorded('account-a1', 4, 'AccountMemberRoleChanged', { accountId: 'a1', userId: 'u2', role: 'admin', previousRole: 'member', changedAt: now }),
  recorded('account-a1', 5, 'AccountMemberAdded', { accountId: 'a1', userId: 'u3', role: 'member', addedAt: now }),
  recorded('account-a1', 6, 'AccountMemberRemoved', { accountId: 'a1', userId: 'u3', role: 'member', removedAt: now }),
  recorded('account-a1', 7, 'AccountUpdated', { accountId: 'a1', changes: { name: 'Acme Inc', link: 'https://acme.test' }, updatedAt: now }),
  recorded('account-a1', 8, 'AccountSettingsUpdated', { accountId: 'a1', changes: { enforce_ip_allowlist: true }, updatedAt: now }),
  recorded('account-a1', 9, 'AccountDomainsSet', { accountId: 'a1', domainNames: ['acme.test'], updatedAt: now }),
  recorded('workspace-w1', 0, 'WorkspaceCreated', { workspaceId: 'w1', accountId: 'a1', name: 'Prod', handle: 'prod', description: null, createdAt: now }),
  recorded('workspace-w1', 1, 'WorkspaceAccessGranted', { workspaceId: 'w1', accountId: 'a1', actorType: 'user', actorId: 'u1', role: 'owner', grantedAt: now }),
  recorded('workspace-w1', 2, 'WorkspaceAccessGranted', { workspaceId: 'w1', accountId: 'a1', actorType: 'user', actorId: 'u2', role: 'r1', grantedAt: now }),
  recorded('workspace-w1', 3, 'WorkspaceAccessRevoked', { workspaceId: 'w1', accountId: 'a1', actorId: 'u2', revokedAt: now }),
  recorded('workspaceRoles-a1', 0, 'WorkspaceRoleCreated', { roleId: 'r1', accountId: 'a1', name: 'Auditor', description: '', scopes: ['see_flows'], inheritedRoleId: null, createdAt: now }),
  recorded('workspaceRoles-a1', 1, 'WorkspaceRoleUpdated', { roleId: 'r1', accountId: 'a1', name: 'Auditor', description: 'reads runs', scopes: ['see_flows', 'see_variables'], inheritedRoleId: null, updatedAt: now }),
  recorded('workspaceRoles-a1', 2, 'WorkspaceRoleCreated', { roleId: 'r2', accountId: 'a1', name: 'Gone', description: '', scopes: [], inheritedRoleId: null, createdAt: now }),
  recorded('workspaceRoles-a1', 3, 'WorkspaceRoleDeleted', { roleId: 'r2', accountId: 'a1', deletedAt: now }),
  recorded('serviceAccount-b1', 0, 'ServiceAccountCreated', { botId: 'b1', accountId: 'a1', name: 'ci', apiKeyId: 'k2', createdAt: now }),
  recorded('serviceAccount-b1', 1, 'ServiceAccountRenamed', { botId: 'b1', accountId: 'a1', name: 'ci-2', renamedAt: now }),
  recorded('serviceAccount-b1', 2, 'ServiceAccountKeyRotated', { botId: 'b1', accountId: 'a1', apiKeyId: 'k3', oldApiKeyId: 'k2', oldKeyExpiresAt: now, rotatedAt: now }),
  recorded('flow-f1', 0, 'FlowCreated', { flowId: 'f1', name: 'etl', tags: ['x'], labels: {}, createdAt: now }),
  recorded('flow-f1', 1, 'FlowUpdated', { flowId: 'f1', tags: ['x', 'y'], updatedAt: now }),
  recorded('flow-f2', 0, 'FlowCreated', { flowId: 'f2', name: 'gone', tags: [], labels: {}, createdAt: now }),
  recorded('flow-f2', 1, 'FlowDeleted', { flowId: 'f2', deletedAt: now }),
  recorded('concurrencyLimit-l1', 0, 'ConcurrencyLimitCreated', { limitId: 'l1', settings: { name: 'db', limit: 2, active: true, slotDecayPerSecond: 0 }, createdAt: now }),
  recorded('concurrencyLimit-l1', 1, 'ConcurrencySlotsLeased', { limitId: 'l1', lease: { leaseId: 'x', slots: 1, expiresAt: '2026-11-27T10:01:00.000Z', holder: null }, at: now }),
  recorded('concurrencyLimit-l1', 2, 'ConcurrencySlotsLeased', { limitId: 'l1', lease: { leaseId: 'y', slots: 1, expiresAt: '2026-11-27T11:00:00.000Z', holder: null }, at: '2026-11-27T10:30:00.000Z' }),
  recorded('resultStorage-w1', 0, 'DefaultResultStorageSet', { workspaceId: 'w1', blockDocumentId: 'b1', at: now }),
  recorded('blockType-bt1', 0, 'BlockTypeCreated', { blockTypeId: 'bt1', name: 'Creds', slug: 'creds', isProtected: false, logoUrl: null, documentationUrl: null, description: null, codeExample: null, createdAt: now }),
  recorded('blockType-bt1', 1, 'BlockTypeUpdated', { blockTypeId: 'bt1', isProtected: false, logoUrl: null, documentationUrl: null, description: 'd', codeExample: null, updatedAt: now }),
  recorded('blockSchema-bs1', 0, 'BlockSchemaCreated', { blockSchemaId: 'bs1', checksum: `sha256:${'a'.repeat(64)}`, fields: { $defs: {}, secret_fields: ['password'] }, blockTypeId: 'bt1', capabilities: ['c'], version: '3.9.0', createdAt: now }),
  recorded('blockDocument-bd1', 0, 'BlockDocumentCreated', { blockDocumentId: 'bd1', name: 'prod', blockSchemaId: 'bs1', blockTypeId: 'bt1', blockTypeName: 'Creds', isAnonymous: false, data: { password: 'praetor-sealed:v1:AAAA' }, references: { child: 'bd2' }, createdAt: now }),
  recorded('blockDocument-bd1', 1, 'BlockDocumentUpdated', { blockDocumentId: 'bd1', blockSchemaId: 'bs1', data: { user: 'u' }, references: {}, updatedAt: now }),
  recorded('workPool-p1', 0, 'WorkPoolCreated', { poolId: 'p1', name: 'P', type: 'process', settings: { description: null, baseJobTemplate: {}, isPaused: false, concurrencyLimit: null, storageConfiguration: { bundle_upload_step: null, bundle_execution_step: null, default_result_storage_block_id: null } }, defaultQueue: { queueId: 'q0', name: 'default', description: "The work pool's default queue.", isPaused: false, concurrencyLimit: null, priority: 1 }, createdAt: now }),
  recorded('workPool-p1', 1, 'WorkQueueCreated', { poolId: 'p1', poolName: 'P', queue: { queueId: 'q1', name: 'high', description: null, isPaused: false, concurrencyLimit: 2, priority: 1 }, reprioritized: { q0: 2 }, createdAt: now }),
  recorded('workPool-p1', 2, 'WorkPoolUpdated', { poolId: 'p1', changes: { isPaused: true }, updatedAt: now }),
  recorded('automation-au1', 0, 'AutomationCreated', {
    automationId: 'au1',
    automation: { name: 'on failure', description: '', enabled: true, tags: ['ops'], trigger: { type: 'event', id: 't1', match: {}, match_related: {}, after: [], expect: ['prefect.flow-run.Failed'], for_each: [], posture: 'Reactive', threshold: 1, within: 0 }, actions: [{ type: 'do-nothing' }], actions_on_trigger: [], actions_on_resolve: [] },
    ownerResource: 'prefect.deployment.d1',
    at: now,
  }),
  recorded('automation-au1', 1, 'AutomationEnabledChanged', { automationId: 'au1', enabled: false, at: now }),
  recorded('apiKey-k1', 1, 'ApiKeyRevoked', { keyId: 'k1', revokedAt: '2026-11-28T00:00:00.000Z' }),
];

/** Runs a decider over commands and records what it decides, so samples have the real event shapes. */
function decided<S, C extends { type: string; data: unknown }, E extends { type: string; data: unknown }>(
  decider: { initialState: () => S; evolve: (s: S, e: E) => S; decide: (c: C, s: S) => readonly E[] },
  stream: string,
  commands: C[],
): RecordedEvent[] {
  let state = decider.initialState();
  const out: RecordedEvent[] = [];
  for (const c of commands) {
    for (const e of decider.decide(c, state)) {
      state = decider.evolve(state, e);
      out.push(recorded(stream, out.length, e.type, e.data));
    }
  }
  return out;
}

history.push(
  ...decided(deploymentDecider, 'deployment-d1', [
    {
      type: 'UpsertDeployment',
      data: {
        deploymentId: 'd1',
        settings: { name: 'nightly', flow_id: 'f1', tags: ['x'] },
        schedules: [{ id: 's1', schedule: { interval: 60, anchor_date: now, timezone: 'UTC' }, active: true, max_scheduled_runs: null, parameters: {}, slug: 'every-minute' }],
        now,
      },
    },
    { type: 'UpdateDeployment', data: { changes: { paused: true }, now } },
  ]),
  ...decided(variableDecider, 'variable-v1', [
    { type: 'CreateVariable', data: { variableId: 'v1', name: 'region', claimId: 'c1', value: { zone: 'eu' }, tags: ['infra'], now } },
    { type: 'UpdateVariable', data: { variableId: 'v1', changes: { value: 'us', name: 'region-2' }, expectedName: null, newClaim: { name: 'region-2', claimId: 'c2' }, now } },
  ]),
  ...decided(artifactStreamDecider, 'artifactKey-k1', [
    { type: 'CreateArtifact', data: { artifactId: 'a1', collectionId: 'c1', input: { key: 'report', type: 'markdown', description: null, data: '# one', metadata_: null, flow_run_id: 'r1', task_run_id: null }, now } },
    { type: 'CreateArtifact', data: { artifactId: 'a2', collectionId: 'cx', input: { key: 'report', type: 'markdown', description: null, data: '# two', metadata_: null, flow_run_id: 'r1', task_run_id: null }, now } },
    { type: 'UpdateArtifact', data: { artifactId: 'a1', changes: { data: '# one, edited' }, now } },
    { type: 'DeleteArtifact', data: { artifactId: 'a2', now } },
  ]),
  ...decided(flowRunDecider, 'flowRun-r1', [
    { type: 'CreateFlowRun', data: { flowRunId: 'r1', flow_id: 'f1', name: 'brave-tiger', stateId: 's1', now } },
    { type: 'SetFlowRunState', data: { proposed: { type: 'RUNNING' }, force: false, stateId: 's2', now: '2026-11-27T10:00:01.000Z', clientVersion: '3.9.0' } },
    { type: 'UpdateFlowRunLabels', data: { labels: { team: 'data' }, now } },
  ]),
  ...decided(taskRunDecider, 'taskRun-t1', [
    {
      type: 'RecordClientTaskRunState',
      data: {
        taskRunId: 't1',
        flowRunId: 'r1',
        state: { id: 'ts1', type: 'RUNNING', name: 'Running', timestamp: '2026-11-27T10:00:02.000Z', message: null, data: null, state_details: {} },
        taskRunFields: { name: 'extract-1', task_key: 'extract', dynamic_key: '0', run_count: 1 },
        now,
      },
    },
  ]),
);

// Each feature's samples live in test/support/projection-samples/; revisions continue each stream.
for (const [stream, type, data] of [...sessionsSamples, ...ssoSamples, ...oidcSamples, ...samlSamples, ...tenancySamples, ...auditSamples]) {
  history.push(recorded(stream, history.filter((e) => e.stream === stream).length, type, data));
}
for (const [stream, type, data] of automationsSamples) history.push(recorded(stream, history.filter((e) => e.stream === stream).length, type, data));

function run(p: Projection, events: readonly RecordedEvent[]): Map<string, Document> {
  const docs = new Map<string, Document>();
  for (const e of events) {
    if (!p.eventTypes.includes(e.type)) continue;
    for (const key of p.keys(e)) {
      const next = p.evolve(docs.get(key), e);
      if (next === undefined) docs.delete(key);
      else docs.set(key, next);
    }
  }
  return docs;
}

describe('projections', () => {
  it('have unique names and collections', () => {
    assert.equal(new Set(allProjections.map((p) => p.name)).size, allProjections.length);
    assert.equal(new Set(allProjections.map((p) => p.collection)).size, allProjections.length);
  });

  for (const p of allProjections) {
    describe(p.name, () => {
      it('builds at least one document from the sample history', () => {
        assert.ok(run(p, history).size > 0);
      });
      it('the same event applied twice leaves the document unchanged', () => {
        for (const e of history.filter((x) => p.eventTypes.includes(x.type))) {
          for (const key of p.keys(e)) {
            const once = p.evolve(run(p, history.filter((x) => x.position < e.position)).get(key), e);
            const twice = once && p.evolve(once, e);
            assert.deepEqual(twice, once, `${e.type} applied twice`);
          }
        }
      });
      it('is pure: the same history gives the same documents', () => {
        assert.deepEqual(run(p, history), run(p, history));
      });
    });
  }

  it('users, keys, accounts, memberships, workspaces and access hold what the events say', () => {
    const by = (name: string) => run(allProjections.find((p) => p.name === name)!, history);
    assert.equal(by('users').get('u1')?.email, 'ada@example.com');
    assert.equal(by('api_keys').get('k1')?.revoked_at, '2026-11-28T00:00:00.000Z');
    assert.equal(by('api_keys').get('k1')?.key_hash, 'h');
    assert.equal(by('accounts').get('a1')?.handle, 'acme');
    assert.equal(by('account_memberships').get('a1:u1')?.account_role_name, 'owner');
    assert.equal(by('account_memberships').get('a1:u2')?.account_role_name, 'admin');
    assert.equal(by('account_memberships').has('a1:u3'), false, 'a removed member leaves no membership');
    assert.equal(by('accounts').get('a1')?.name, 'Acme Inc');
    assert.deepEqual(by('accounts').get('a1')?.settings, { enforce_ip_allowlist: true });
    assert.deepEqual(by('accounts').get('a1')?.domain_names, ['acme.test']);
    assert.equal(by('workspaces').get('w1')?._workspace, 'w1');
    assert.equal(by('workspaces').get('w1')?._account, 'a1');
    assert.equal(by('workspace_access').get('w1:u1')?.workspace_role_name, 'owner');
    assert.deepEqual(by('flows').get('f1')?.tags, ['x', 'y']);
    assert.equal(by('flows').get('f1')?.tags_count, 2);
    assert.equal(by('flows').get('f1')?._workspace, 'w1');
    assert.equal(by('flows').has('f2'), false, 'a deleted flow leaves no document');
    assert.equal(by('workspace_settings').get('w1')?.default_result_storage_block_id, 'b1');
    assert.equal(by('flow_runs').get('r1')?.state_type, 'RUNNING');
    assert.equal(by('flow_runs').get('r1')?.run_count, 1);
    assert.deepEqual((by('flow_runs').get('r1')?.labels as Record<string, unknown>).team, 'data');
    assert.deepEqual([...by('flow_run_states').values()].map((d) => d.type), ['PENDING', 'RUNNING']);
    assert.equal(by('task_runs').get('t1')?.flow_run_id, 'r1');
    assert.equal(by('task_run_states').get('ts1')?.task_run_id, 't1');
    assert.deepEqual((by('concurrency_limits').get('l1')?.leases as { lease_id: string }[]).map((l) => l.lease_id), ['y'], 'the expired lease was dropped');
  });
});
