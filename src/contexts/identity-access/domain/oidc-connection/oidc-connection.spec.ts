import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { oidcConnectionDecider } from './oidc-connection.decide';
import type { OidcConnectionEvent } from './oidc-connection.events';

const spec = deciderSpec(oidcConnectionDecider);
const now = '2026-11-27T10:00:00.000000Z';
const base = { accountId: 'a1', issuer: 'https://idp.example.com', clientId: 'praetor', now };
const configured: OidcConnectionEvent = {
  type: 'OidcConnectionConfigured',
  data: { accountId: 'a1', issuer: 'https://idp.example.com', clientId: 'praetor', sealedClientSecret: 'sealed-1', scopes: ['openid', 'email', 'profile'], enabled: true, configuredAt: now },
};
const removed: OidcConnectionEvent = { type: 'OidcConnectionRemoved', data: { accountId: 'a1', issuer: 'https://idp.example.com', removedAt: now } };

describe('OIDC connection decider', () => {
  it('configures a connection with the default scopes; the same configuration again decides nothing', () => {
    spec.given([]).when({ type: 'ConfigureOidcConnection', data: { ...base, sealedClientSecret: 'sealed-1', scopes: null, enabled: true } }).then([configured]);
    spec.given([configured]).when({ type: 'ConfigureOidcConnection', data: { ...base, sealedClientSecret: 'sealed-1', scopes: null, enabled: true } }).thenNothing();
    spec.given([configured]).when({ type: 'ConfigureOidcConnection', data: { ...base, sealedClientSecret: null, scopes: ['openid', 'email', 'profile'], enabled: true } }).thenNothing();
  });
  it('keeps the secret when none is given, and records a change of any field', () =>
    spec.given([configured]).when({ type: 'ConfigureOidcConnection', data: { ...base, clientId: 'other', sealedClientSecret: null, scopes: ['openid'], enabled: false } }).then([
      { type: 'OidcConnectionConfigured', data: { ...configured.data, clientId: 'other', scopes: ['openid'], enabled: false } },
    ]));
  it('a new connection needs a secret', () =>
    spec.given([]).when({ type: 'ConfigureOidcConnection', data: { ...base, sealedClientSecret: null, scopes: null, enabled: true } }).thenThrows('VALIDATION_FAILED', /client_secret/));
  it('accepts https issuers, and http only on localhost', () => {
    spec.given([]).when({ type: 'ConfigureOidcConnection', data: { ...base, issuer: 'http://127.0.0.1:4444', sealedClientSecret: 's', scopes: null, enabled: true } }).then([
      { type: 'OidcConnectionConfigured', data: { ...configured.data, issuer: 'http://127.0.0.1:4444', sealedClientSecret: 's' } },
    ]);
    for (const issuer of ['http://idp.example.com', 'ftp://idp.example.com', 'not a url', 'https://idp.example.com/?x=1', 'https://u:p@idp.example.com']) {
      spec.given([]).when({ type: 'ConfigureOidcConnection', data: { ...base, issuer, sealedClientSecret: 's', scopes: null, enabled: true } }).thenThrows('VALIDATION_FAILED', /issuer/);
    }
  });
  it('refuses scopes without openid, bad scope tokens and an empty client id', () => {
    spec.given([]).when({ type: 'ConfigureOidcConnection', data: { ...base, sealedClientSecret: 's', scopes: ['email'], enabled: true } }).thenThrows('VALIDATION_FAILED', /openid/);
    spec.given([]).when({ type: 'ConfigureOidcConnection', data: { ...base, sealedClientSecret: 's', scopes: ['openid', 'a b'], enabled: true } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ type: 'ConfigureOidcConnection', data: { ...base, clientId: ' ', sealedClientSecret: 's', scopes: null, enabled: true } }).thenThrows('VALIDATION_FAILED', /client_id/);
  });
  it('removes a connection; removing again decides nothing; removing none is not found', () => {
    spec.given([configured]).when({ type: 'RemoveOidcConnection', data: { accountId: 'a1', now } }).then([removed]);
    spec.given([configured, removed]).when({ type: 'RemoveOidcConnection', data: { accountId: 'a1', now } }).thenNothing();
    spec.given([]).when({ type: 'RemoveOidcConnection', data: { accountId: 'a1', now } }).thenThrows('NOT_FOUND');
  });
  it('a removed connection can be configured again, with a new secret', () => {
    spec.given([configured, removed]).when({ type: 'ConfigureOidcConnection', data: { ...base, sealedClientSecret: null, scopes: null, enabled: true } }).thenThrows('VALIDATION_FAILED');
    spec.given([configured, removed]).when({ type: 'ConfigureOidcConnection', data: { ...base, sealedClientSecret: 'sealed-1', scopes: null, enabled: true } }).then([configured]);
  });
});
