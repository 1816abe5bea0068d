import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { ssoIdentityDecider, type SsoIdentityEvent } from './sso-identity-link';
import { handleBase } from './sso-sign-in.service';
import assert from 'node:assert/strict';

const spec = deciderSpec(ssoIdentityDecider);
const now = '2026-11-27T10:00:00.000Z';
const key = { accountId: 'a1', protocol: 'oidc' as const, subject: 'sub-1' };
const linked: SsoIdentityEvent = { type: 'SsoIdentityLinked', data: { ...key, userId: 'u1', linkedAt: now } };

describe('sso identity link decider', () => {
  it('links a subject to a user once; the same user again decides nothing', () => {
    spec.given([]).when({ type: 'LinkSsoIdentity', data: { ...key, userId: 'u1', now } }).then([linked]);
    spec.given([linked]).when({ type: 'LinkSsoIdentity', data: { ...key, userId: 'u1', now } }).thenNothing();
  });
  it('a linked subject is not re-linked to another user', () =>
    spec.given([linked]).when({ type: 'LinkSsoIdentity', data: { ...key, userId: 'u2', now } }).thenThrows('CONFLICT'));
});

describe('just-in-time handle', () => {
  it('comes from the email local part, cleaned to a valid handle', () => {
    assert.equal(handleBase('Ada.Lovelace'), 'ada.lovelace');
    assert.equal(handleBase('ada+test'), 'ada-test');
    assert.equal(handleBase('__x'), 'x');
    assert.equal(handleBase('+++'), 'user');
  });
});
