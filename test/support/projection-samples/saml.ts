import type { SampleEvent } from './sample-event';

const pem = '-----BEGIN CERTIFICATE-----\nMIIBsample\n-----END CERTIFICATE-----\n';
const config = { idpEntityId: 'https://idp.acme.test/entity', ssoUrl: 'https://idp.acme.test/sso', idpCertificates: [pem], enabled: true };

/** Sample events with the real shapes, for the projections spec (every projection must build a document from them). */
export const samlSamples: SampleEvent[] = [
  ['samlConnection-a1', 'SamlConnectionConfigured', { accountId: 'a1', ...config, configuredAt: '2026-11-27T10:00:00.000000Z' }],
  ['samlConnection-a1', 'SamlConnectionConfigured', { accountId: 'a1', ...config, enabled: false, configuredAt: '2026-11-27T10:00:01.000000Z' }],
  ['samlConnection-a2', 'SamlConnectionConfigured', { accountId: 'a2', ...config, configuredAt: '2026-11-27T10:00:00.000000Z' }],
  ['samlConnection-a2', 'SamlConnectionRemoved', { accountId: 'a2', removedAt: '2026-11-27T10:00:02.000000Z' }],
];
