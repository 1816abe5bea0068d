import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../../../shared/errors';
import { parseBlockDocumentUpdate } from '../block-bodies';
import { parseDeploymentRun } from '../deployments-bodies';
import { blockDocumentCreateBody, blockDocumentUpdateBody, deploymentRunBody, variableCreateBody, variableUpdateBody } from './mutation-inputs';

describe('GraphQL mutation arguments → REST bodies', () => {
  it('runDeployment: camelCase to snake_case, a scheduled start becomes a SCHEDULED state, absent arguments stay absent', () => {
    const body = deploymentRunBody({ accountId: 'a', workspaceId: 'w', deploymentId: 'd', parameters: { x: 1 }, idempotencyKey: 'k', scheduledStartTime: '2030-01-01T00:00:00Z' });
    assert.deepEqual(body, { parameters: { x: 1 }, idempotency_key: 'k', state: { type: 'SCHEDULED', name: 'Scheduled', state_details: { scheduled_time: '2030-01-01T00:00:00Z' } } });
    const request = parseDeploymentRun(body);
    assert.equal(request.state?.type, 'SCHEDULED');
    assert.equal(request.state?.state_details?.scheduled_time, '2030-01-01T00:00:00.000000Z');
    assert.deepEqual(deploymentRunBody({ deploymentId: 'd' }), {});
  });

  it('the REST parser validates what GraphQL lets through (a JSON scalar that is no object)', () => {
    assert.throws(() => parseDeploymentRun(deploymentRunBody({ parameters: [1, 2] })), ValidationError);
  });

  it('blocks: the keys of BlockDocumentCreate / BlockDocumentUpdate; merge stays the default', () => {
    assert.deepEqual(blockDocumentCreateBody({ name: 'n', data: { a: 1 }, blockSchemaId: 's', blockTypeId: 't', isAnonymous: false }), {
      name: 'n',
      data: { a: 1 },
      block_schema_id: 's',
      block_type_id: 't',
      is_anonymous: false,
    });
    assert.equal(parseBlockDocumentUpdate(blockDocumentUpdateBody({ data: { a: 1 } })).mergeExistingData, true);
    assert.deepEqual(parseBlockDocumentUpdate(blockDocumentUpdateBody({ mergeExistingData: false })).data, {});
  });

  it('variables: value is required on create and null is a value; an update carries only the keys sent', () => {
    assert.throws(() => variableCreateBody({ name: 'v' }), ValidationError);
    assert.deepEqual(variableCreateBody({ name: 'v', value: null }), { name: 'v', value: null, tags: undefined });
    assert.deepEqual(variableUpdateBody({ value: null }), { value: null });
    assert.deepEqual(variableUpdateBody({}), {});
  });
});
