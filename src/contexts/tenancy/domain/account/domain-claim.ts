import type { Decider } from '../../../../shared/ddd';
import { ConflictError } from '../../../../shared/errors';

/**
 * The installation-wide registry of verified domains: one stream per domain name (its id is name-based), so two
 * accounts that verify the same domain at the same time meet on one stream and only one of them holds it.
 */
export type DomainClaimCommand =
  | { readonly type: 'ClaimDomain'; readonly data: { readonly domain: string; readonly accountId: string; readonly now: string } }
  /** Releasing a claim the account does not hold decides nothing. */
  | { readonly type: 'ReleaseDomain'; readonly data: { readonly domain: string; readonly accountId: string; readonly now: string } };

export type DomainClaimEvent =
  | { readonly type: 'DomainClaimed'; readonly data: { readonly domain: string; readonly accountId: string; readonly claimedAt: string } }
  | { readonly type: 'DomainClaimReleased'; readonly data: { readonly domain: string; readonly accountId: string; readonly releasedAt: string } };

export interface DomainClaimState {
  /** The account that verified the domain; null when none holds it. */
  readonly holder: string | null;
}

export const DOMAIN_CLAIM_NAMESPACE = 'praetor:verified-domain';

export function decideDomainClaim(command: DomainClaimCommand, state: DomainClaimState): DomainClaimEvent[] {
  switch (command.type) {
    case 'ClaimDomain': {
      const c = command.data;
      if (state.holder === c.accountId) return [];
      if (state.holder !== null) throw new ConflictError(`${c.domain} is already verified by another account`, { reason: 'domain_claimed' });
      return [{ type: 'DomainClaimed', data: { domain: c.domain, accountId: c.accountId, claimedAt: c.now } }];
    }
    case 'ReleaseDomain': {
      const c = command.data;
      if (state.holder !== c.accountId) return [];
      return [{ type: 'DomainClaimReleased', data: { domain: c.domain, accountId: c.accountId, releasedAt: c.now } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export function evolveDomainClaim(state: DomainClaimState, event: DomainClaimEvent): DomainClaimState {
  switch (event.type) {
    case 'DomainClaimed':
      return { holder: event.data.accountId };
    case 'DomainClaimReleased':
      return state.holder === event.data.accountId ? { holder: null } : state;
    default: {
      const never: never = event;
      return never;
    }
  }
}

export const domainClaimDecider: Decider<DomainClaimState, DomainClaimCommand, DomainClaimEvent> = {
  initialState: () => ({ holder: null }),
  evolve: evolveDomainClaim,
  decide: decideDomainClaim,
};
