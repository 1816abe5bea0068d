import type { Document, Projection, RecordedEvent } from '../../src/shared/ddd';

/** The fields every SSO connection document has, whatever its protocol. */
export interface SsoConnectionCommon {
  _id: string;
  _account: string;
  account_id: string;
  enabled: boolean;
  created: string;
  updated: string;
}

/** What a `...ConnectionConfigured` event carries besides its protocol's settings. */
interface Configured {
  readonly accountId: string;
  readonly enabled: boolean;
  readonly configuredAt: string;
}

/**
 * An account's SSO connection (one document per account, id = account id): the configured event
 * writes it whole, keeping its first `created`; the removed event deletes it. `document` adds the
 * protocol's own settings to the common fields.
 */
export function ssoConnectionProjection<D extends Document, C extends Configured>(spec: {
  readonly name: string;
  readonly collection: string;
  readonly configured: string;
  readonly removed: string;
  readonly document: (data: C, common: SsoConnectionCommon) => D;
}): Projection<D> {
  return {
    name: spec.name,
    version: 1,
    collection: spec.collection,
    eventTypes: [spec.configured, spec.removed],
    keys: (e) => [(e.data as { accountId: string }).accountId],
    evolve(doc, event: RecordedEvent) {
      if (event.type === spec.removed) return undefined;
      if (event.type !== spec.configured) return doc;
      const d = event.data as C;
      const created = typeof doc?.created === 'string' ? doc.created : d.configuredAt;
      return spec.document(d, { _id: d.accountId, _account: d.accountId, account_id: d.accountId, enabled: d.enabled, created, updated: d.configuredAt });
    },
  };
}
