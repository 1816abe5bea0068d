import type { SampleEvent } from './sample-event';

const at = '2026-11-27T10:00:00.000000Z';
const later = '2026-11-27T11:00:00.000000Z';
const sealed = 'praetor-sealed:v1:c2FtcGxlLWl2LXRhZy1jaXBoZXJ0ZXh0';
const connection = { issuer: 'https://idp.acme.test', clientId: 'praetor', sealedClientSecret: sealed, scopes: ['openid', 'email', 'profile'], enabled: true };

/** Sample events with the real shapes, for the projections spec (every projection must build a document from them). */
export const oidcSamples: SampleEvent[] = [
  ['oidcConnection-a1', 'OidcConnectionConfigured', { accountId: 'a1', ...connection, configuredAt: at }],
  ['oidcConnection-a1', 'OidcConnectionConfigured', { accountId: 'a1', ...connection, enabled: false, configuredAt: later }],
  ['oidcConnection-a2', 'OidcConnectionConfigured', { accountId: 'a2', ...connection, configuredAt: at }],
  ['oidcConnection-a2', 'OidcConnectionRemoved', { accountId: 'a2', issuer: connection.issuer, removedAt: later }],
];
