import { describe, it } from 'node:test';
import { deciderSpec } from '../../../../../test/support/decider-spec';
import { samlConnectionDecider } from './saml-connection.decide';
import type { SamlConnectionEvent } from './saml-connection.events';

const spec = deciderSpec(samlConnectionDecider);
const now = '2026-11-27T10:00:00.000000Z';
const config = { accountId: 'a1', idpEntityId: 'https://idp.example/entity', ssoUrl: 'https://idp.example/sso', idpCertificates: ['PEM-1'], enabled: true };
const configured: SamlConnectionEvent = { type: 'SamlConnectionConfigured', data: { ...config, configuredAt: now } };
const removed: SamlConnectionEvent = { type: 'SamlConnectionRemoved', data: { accountId: 'a1', removedAt: now } };

describe('SAML connection decider', () => {
  it('configures a connection; the same configuration again decides nothing', () => {
    spec.given([]).when({ type: 'ConfigureSamlConnection', data: { ...config, idpEntityId: ' https://idp.example/entity ', now } }).then([configured]);
    spec.given([configured]).when({ type: 'ConfigureSamlConnection', data: { ...config, now } }).thenNothing();
  });
  it('a change (disabling, a second certificate) is recorded with the whole configuration', () => {
    spec.given([configured]).when({ type: 'ConfigureSamlConnection', data: { ...config, enabled: false, idpCertificates: ['PEM-1', 'PEM-2', 'PEM-1'], now } }).then([
      { type: 'SamlConnectionConfigured', data: { ...config, enabled: false, idpCertificates: ['PEM-1', 'PEM-2'], configuredAt: now } },
    ]);
  });
  it('refuses a missing entity id, a non-web SSO URL and an empty certificate list', () => {
    spec.given([]).when({ type: 'ConfigureSamlConnection', data: { ...config, idpEntityId: ' ', now } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ type: 'ConfigureSamlConnection', data: { ...config, ssoUrl: 'javascript:alert(1)', now } }).thenThrows('VALIDATION_FAILED');
    spec.given([]).when({ type: 'ConfigureSamlConnection', data: { ...config, idpCertificates: [], now } }).thenThrows('VALIDATION_FAILED');
  });
  it('removes; removing again decides nothing; removing what never existed is not found', () => {
    spec.given([configured]).when({ type: 'RemoveSamlConnection', data: { accountId: 'a1', now } }).then([removed]);
    spec.given([configured, removed]).when({ type: 'RemoveSamlConnection', data: { accountId: 'a1', now } }).thenNothing();
    spec.given([]).when({ type: 'RemoveSamlConnection', data: { accountId: 'a1', now } }).thenThrows('NOT_FOUND');
  });
  it('a removed connection can be configured again', () =>
    spec.given([configured, removed]).when({ type: 'ConfigureSamlConnection', data: { ...config, now } }).then([configured]));
});
