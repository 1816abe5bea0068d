import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecordedEvent } from '../../../shared/ddd';
import { auditEntryOf, redact } from './audit-entry';

const recorded = (type: string, data: unknown, metadata: unknown, stream = 'x-1'): RecordedEvent => ({
  id: 'e1', type, data, metadata, stream, revision: 0, position: 42, recordedAt: '2026-11-27T10:00:00.000Z',
});
const meta = {
  actor: { type: 'user', id: 'u1', name: 'ada' },
  accountId: 'a1',
  workspaceId: null,
  requestId: 'req-1',
  clientIp: '10.0.0.9',
  userAgent: 'prefect/3.9',
};

describe('audit entry', () => {
  it('given an event with an actor, then an entry with who, where, what and from where', () => {
    const e = auditEntryOf(recorded('AccountMemberRoleChanged', { accountId: 'a1', userId: 'u2', role: 'admin', previousRole: 'member', changedAt: 't' }, meta, 'account-a1'));
    assert.deepEqual(e, {
      id: 'e1',
      occurred: '2026-11-27T10:00:00.000Z',
      event: 'prefect-cloud.account-membership.updated',
      actor: { id: 'u1', type: 'user', name: 'ada' },
      account_id: 'a1',
      workspace_id: null,
      resource: { id: 'u2', type: 'prefect-cloud.account-membership' },
      client_ip: '10.0.0.9',
      user_agent: 'prefect/3.9',
      request_id: 'req-1',
      details: { accountId: 'a1', userId: 'u2', role: 'admin', previousRole: 'member', changedAt: 't' },
      position: 42,
    });
  });

  it('given a system job, then an entry whose actor is marked system', () => {
    const e = auditEntryOf(recorded('FlowRunStateChanged', { flowRunId: 'r', state: { name: 'Late' } }, { ...meta, actor: { type: 'system', id: '0', name: 'Praetor' } }));
    assert.equal(e?.actor.type, 'system');
    assert.equal(e?.event, 'prefect.flow-run.Late');
  });

  it('given no actor (or an unknown actor type), then no entry', () => {
    assert.equal(auditEntryOf(recorded('FlowCreated', {}, {})), undefined);
    assert.equal(auditEntryOf(recorded('FlowCreated', {}, null)), undefined);
    assert.equal(auditEntryOf(recorded('FlowCreated', {}, { actor: { type: 'robot', id: 'x', name: 'x' } })), undefined);
  });

  it('takes the account from the data when the metadata has none (an SSO sign-in)', () => {
    const e = auditEntryOf(recorded('SessionStarted', { sessionId: 's', userId: 'u1', accountId: 'a7' }, { ...meta, accountId: null }));
    assert.equal(e?.account_id, 'a7');
  });

  it('removes hashes, tokens, passwords, secrets and sealed values from the details, at any depth', () => {
    const details = redact({
      keyId: 'k1',
      keyHash: 'abc',
      accessTokenHash: 'a',
      previousRefreshTokenHash: 'b',
      passwordHash: 'scrypt$...',
      sealedClientSecret: 'praetor-sealed:v1:x',
      verificationTokens: { 'acme.test': 't' },
      data: { user: 'u', password: 'praetor-sealed:v1:y', nested: [{ api_token: 'x', ok: 1 }, 'praetor-sealed:v1:z'] },
      private_key: 'pem',
    });
    assert.deepEqual(details, { keyId: 'k1', data: { user: 'u', nested: [{ ok: 1 }] } });
  });
});
