import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { userDecider } from './user.decide';
import type { UserEvent } from './user.events';

const spec = deciderSpec(userDecider);
const now = '2026-11-27T10:00:00.000Z';
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', handle: 'ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', registeredAt: now },
};

describe('user decider', () => {
  it('registers a new user, lower-casing the email', () => {
    spec
      .given([])
      .when({ type: 'RegisterUser', data: { userId: 'u1', handle: 'ada', email: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace', now } })
      .then([{ ...registered }]);
  });
  it('registering the same user again decides nothing', () => {
    spec.given([registered]).when({ type: 'RegisterUser', data: { userId: 'u1', handle: 'ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', now } }).thenNothing();
  });
  it('refuses a different user under an existing id', () => {
    spec.given([registered]).when({ type: 'RegisterUser', data: { userId: 'u1', handle: 'bob', email: 'bob@example.com', firstName: null, lastName: null, now } }).thenThrows('ALREADY_EXISTS');
  });
  it('refuses an invalid handle and an invalid email', () => {
    spec.given([]).when({ type: 'RegisterUser', data: { userId: 'u2', handle: 'Not A Handle', email: 'x@y.z', firstName: null, lastName: null, now } }).thenThrows('VALIDATION_FAILED', /handle/);
    spec.given([]).when({ type: 'RegisterUser', data: { userId: 'u2', handle: 'bob', email: 'nope', firstName: null, lastName: null, now } }).thenThrows('VALIDATION_FAILED', /email/);
  });
});
