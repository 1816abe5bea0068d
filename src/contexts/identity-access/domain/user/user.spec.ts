import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { userDecider, userNameDecider } from './user.decide';
import type { UserEvent } from './user.events';

const spec = deciderSpec(userDecider);
const names = deciderSpec(userNameDecider);
const now = '2026-11-27T10:00:00.000Z';
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', handle: 'ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', registeredAt: now },
};
const HASH = 'scrypt$131072$8$1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=';
const HASH2 = 'scrypt$131072$8$1$b3RoZXJzYWx0b3RoZXJzYQ==$b3RoZXJoYXNob3RoZXJoYXNob3RoZXJoYXNob3RoZXI=';
const passwordSet: UserEvent = { type: 'UserPasswordSet', data: { userId: 'u1', passwordHash: HASH, setAt: now } };
const update = (changes: object) => ({ type: 'UpdateUserProfile' as const, data: { userId: 'u1', changes, now } });

describe('user decider', () => {
  it('registers a new user, lower-casing the email', () => {
    spec
      .given([])
      .when({ type: 'RegisterUser', data: { userId: 'u1', handle: 'ada', email: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace', now } })
      .then([{ ...registered }]);
  });
  it('registering the same user again decides nothing', () => {
    spec.given([registered]).when({ type: 'RegisterUser', data: { userId: 'u1', handle: 'ada', email: 'ADA@example.com', firstName: 'Ada', lastName: 'Lovelace', now } }).thenNothing();
  });
  it('refuses a different user under an existing id', () => {
    spec.given([registered]).when({ type: 'RegisterUser', data: { userId: 'u1', handle: 'bob', email: 'bob@example.com', firstName: null, lastName: null, now } }).thenThrows('ALREADY_EXISTS');
  });
  it('refuses an invalid handle and an invalid email', () => {
    spec.given([]).when({ type: 'RegisterUser', data: { userId: 'u2', handle: 'Not A Handle', email: 'x@y.z', firstName: null, lastName: null, now } }).thenThrows('VALIDATION_FAILED', /handle/);
    spec.given([]).when({ type: 'RegisterUser', data: { userId: 'u2', handle: 'bob', email: 'nope', firstName: null, lastName: null, now } }).thenThrows('VALIDATION_FAILED', /email/);
  });
});

describe('user decider: profile', () => {
  it('records only the fields that change, normalised (email lower-cased, names trimmed, blank name → null)', () => {
    spec
      .given([registered])
      .when(update({ handle: 'ada', email: 'Ada.L@Example.com', firstName: ' Augusta ', lastName: '  ', imageLocation: 'https://img.example.com/a.png' }))
      .then([
        {
          type: 'UserProfileUpdated',
          data: { userId: 'u1', changes: { email: 'ada.l@example.com', firstName: 'Augusta', lastName: null, imageLocation: 'https://img.example.com/a.png' }, updatedAt: now },
        },
      ]);
  });
  it('a change to the current values (or no fields) decides nothing', () => {
    spec.given([registered]).when(update({ handle: 'ada', email: 'ADA@example.com', firstName: 'Ada', imageLocation: null })).thenNothing();
    spec.given([registered]).when(update({})).thenNothing();
  });
  it('applies earlier changes before comparing', () => {
    const renamed: UserEvent = { type: 'UserProfileUpdated', data: { userId: 'u1', changes: { handle: 'ada-l', imageLocation: 'http://x.test/a' }, updatedAt: now } };
    spec.given([registered, renamed]).when(update({ handle: 'ada-l', imageLocation: 'http://x.test/a' })).thenNothing();
    spec.given([registered, renamed]).when(update({ handle: 'ada', imageLocation: null })).then([
      { type: 'UserProfileUpdated', data: { userId: 'u1', changes: { handle: 'ada', imageLocation: null }, updatedAt: now } },
    ]);
  });
  it('refuses a bad handle, email, avatar URL or an over-long name', () => {
    spec.given([registered]).when(update({ handle: 'Ada Lovelace' })).thenThrows('VALIDATION_FAILED', /handle/);
    spec.given([registered]).when(update({ email: 'not-an-email' })).thenThrows('VALIDATION_FAILED', /email/);
    spec.given([registered]).when(update({ imageLocation: 'javascript:alert(1)' })).thenThrows('VALIDATION_FAILED', /image_location/);
    spec.given([registered]).when(update({ imageLocation: 'not a url' })).thenThrows('VALIDATION_FAILED', /image_location/);
    spec.given([registered]).when(update({ firstName: 'x'.repeat(256) })).thenThrows('VALIDATION_FAILED', /first_name/);
    spec.given([registered]).when(update({ lastName: 'x'.repeat(256) })).thenThrows('VALIDATION_FAILED', /last_name/);
  });
  it('an unknown user is not found', () => {
    spec.given([]).when(update({ firstName: 'x' })).thenThrows('NOT_FOUND');
  });
});

describe('user decider: password', () => {
  it('records the scrypt hash', () => {
    spec.given([registered]).when({ type: 'SetUserPassword', data: { userId: 'u1', passwordHash: HASH, now } }).then([passwordSet]);
  });
  it('the same hash again decides nothing; a new one replaces it', () => {
    spec.given([registered, passwordSet]).when({ type: 'SetUserPassword', data: { userId: 'u1', passwordHash: HASH, now } }).thenNothing();
    spec.given([registered, passwordSet]).when({ type: 'SetUserPassword', data: { userId: 'u1', passwordHash: HASH2, now } }).then([
      { type: 'UserPasswordSet', data: { userId: 'u1', passwordHash: HASH2, setAt: now } },
    ]);
  });
  it('refuses anything that is not an scrypt hash (a plain password must never reach the log)', () => {
    spec.given([registered]).when({ type: 'SetUserPassword', data: { userId: 'u1', passwordHash: 'correct horse battery staple', now } }).thenThrows('VALIDATION_FAILED');
  });
  it('an unknown user is not found', () => {
    spec.given([]).when({ type: 'SetUserPassword', data: { userId: 'u1', passwordHash: HASH, now } }).thenThrows('NOT_FOUND');
  });
});

describe('user name decider (handles and emails unique across users)', () => {
  const claimed: UserEvent = { type: 'UserNameClaimed', data: { kind: 'handle', value: 'ada', userId: 'u1' } };
  const released: UserEvent = { type: 'UserNameReleased', data: { kind: 'handle', value: 'ada', userId: 'u1' } };
  it('claims a free name; the holder claiming again decides nothing', () => {
    names.given([]).when({ type: 'ClaimUserName', data: { kind: 'handle', value: 'ada', userId: 'u1' } }).then([claimed]);
    names.given([claimed]).when({ type: 'ClaimUserName', data: { kind: 'handle', value: 'ada', userId: 'u1' } }).thenNothing();
  });
  it('refuses a handle or email another user holds', () => {
    names.given([claimed]).when({ type: 'ClaimUserName', data: { kind: 'handle', value: 'ada', userId: 'u2' } }).thenThrows('ALREADY_EXISTS', /handle/);
    const email: UserEvent = { type: 'UserNameClaimed', data: { kind: 'email', value: 'a@x.test', userId: 'u1' } };
    names.given([email]).when({ type: 'ClaimUserName', data: { kind: 'email', value: 'a@x.test', userId: 'u2' } }).thenThrows('ALREADY_EXISTS', /email/);
  });
  it('only the holder releases; a released name can be claimed by another user', () => {
    names.given([claimed]).when({ type: 'ReleaseUserName', data: { kind: 'handle', value: 'ada', userId: 'u2' } }).thenNothing();
    names.given([claimed]).when({ type: 'ReleaseUserName', data: { kind: 'handle', value: 'ada', userId: 'u1' } }).then([released]);
    names.given([claimed, released]).when({ type: 'ClaimUserName', data: { kind: 'handle', value: 'ada', userId: 'u2' } }).then([
      { type: 'UserNameClaimed', data: { kind: 'handle', value: 'ada', userId: 'u2' } },
    ]);
  });
});
