import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundException } from '@nestjs/common';
import { AlreadyExistsError, ForbiddenError, NotFoundError, UnavailableError, ValidationError, WrongExpectedRevisionError } from '../../shared/errors';
import { toGraphQLError, toHttpError } from './error-mapping';

describe('error mapping', () => {
  it('maps domain errors to Prefect status codes and bodies with a stable code', () => {
    assert.deepEqual(toHttpError(new NotFoundError('Flow not found')), { status: 404, body: { detail: 'Flow not found', code: 'NOT_FOUND' } });
    const v = toHttpError(new ValidationError('limit must be <= 200'), { limit: 500 });
    assert.equal(v.status, 422);
    assert.equal(v.body.exception_message, 'Invalid request received.');
    assert.deepEqual(v.body.request_body, { limit: 500 });
    assert.equal(v.body.code, 'VALIDATION_FAILED');
    assert.equal(toHttpError(new ForbiddenError('no', 'manage_blocks')).status, 403);
    assert.match(String(toHttpError(new AlreadyExistsError('name taken')).body.detail), /^Data integrity conflict\./);
    assert.equal(toHttpError(new WrongExpectedRevisionError('s-1', '1', '2')).status, 409);
    const u = toHttpError(new UnavailableError());
    assert.equal(u.status, 503);
    assert.equal(u.headers?.['retry-after'], '1');
  });
  it('maps Nest HTTP exceptions and unknown errors without leaking internals', () => {
    assert.equal(toHttpError(new NotFoundException('Cannot GET /nope')).status, 404);
    const internal = toHttpError(new Error('secret stack detail'));
    assert.equal(internal.status, 500);
    assert.doesNotMatch(JSON.stringify(internal.body), /secret/);
  });
  it('maps fastify client errors to 4xx', () => {
    const e = Object.assign(new Error('Unexpected token'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    assert.equal(toHttpError(e).status, 422);
    const big = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    assert.equal(toHttpError(big).status, 413);
  });
  it('maps to GraphQL errors with extensions.code', () => {
    assert.deepEqual(toGraphQLError(new ForbiddenError('nope'), 'c1').extensions.code, 'FORBIDDEN');
    assert.deepEqual(toGraphQLError(new Error('x'), 'c1'), { message: 'Internal Server Error', extensions: { code: 'INTERNAL', correlationId: 'c1' } });
  });
});
