import type { Projection, RecordedEvent } from '../../src/shared/ddd';
import { SSO_IDENTITIES, type SsoIdentityDoc, type SsoIdentityEvent } from '../../src/contexts/identity-access';

/** Keyed by the link stream's id (name-based on account, protocol and subject). */
export const ssoIdentitiesProjection: Projection<SsoIdentityDoc> = {
  name: 'sso_identities',
  version: 1,
  collection: SSO_IDENTITIES,
  indexes: [{ name: 'sso_identities_user', fields: [{ field: 'user_id' }] }],
  eventTypes: ['SsoIdentityLinked'],
  keys: (e) => [e.stream.slice(e.stream.indexOf('-') + 1)],
  evolve(doc, event: RecordedEvent) {
    const e = event as unknown as SsoIdentityEvent;
    switch (e.type) {
      case 'SsoIdentityLinked':
        // The first link stands (the decider never re-links).
        return (
          doc ?? {
            _id: event.stream.slice(event.stream.indexOf('-') + 1),
            _account: e.data.accountId,
            account_id: e.data.accountId,
            protocol: e.data.protocol,
            subject: e.data.subject,
            user_id: e.data.userId,
            linked: e.data.linkedAt,
          }
        );
      default:
        return doc;
    }
  },
};

export const ssoProjections: readonly Projection[] = [ssoIdentitiesProjection as Projection];
