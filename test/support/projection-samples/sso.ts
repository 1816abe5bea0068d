import type { SampleEvent } from './sample-event';

const now = '2026-11-27T10:00:00.000Z';

/** Sample events with the real shapes, for the projections spec (every projection must build a document from them). */
export const ssoSamples: SampleEvent[] = [
  ['ssoIdentity-s1', 'SsoIdentityLinked', { accountId: 'a1', protocol: 'oidc', subject: 'sub-1', userId: 'u1', linkedAt: now }],
  // Domain verification, on an account of its own (the spec checks account a1's document as the core events leave it).
  ['account-a9', 'AccountCreated', { accountId: 'a9', name: 'Globex', handle: 'globex', createdAt: now }],
  ['account-a9', 'AccountDomainsSet', { accountId: 'a9', domainNames: ['globex.test'], updatedAt: now }],
  ['account-a9', 'AccountDomainsSet', { accountId: 'a9', domainNames: ['eu.globex.test', 'globex.test'], verificationTokens: { 'eu.globex.test': 't-eu', 'globex.test': 't-g' }, updatedAt: now }],
  ['account-a9', 'AccountDomainVerified', { accountId: 'a9', domain: 'eu.globex.test', verifiedAt: now }],
  ['account-a9', 'AccountSettingsUpdated', { accountId: 'a9', changes: { enforce_sso: true }, updatedAt: now }],
  ['domainClaim-d1', 'DomainClaimed', { domain: 'eu.globex.test', accountId: 'a9', claimedAt: now }],
];
