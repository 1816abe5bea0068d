import type { Decider } from '../../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../../shared/errors';
import type { OidcConnectionCommand } from './oidc-connection.commands';
import type { OidcConnectionEvent } from './oidc-connection.events';
import { evolveOidcConnection, initialOidcConnectionState, type OidcConnectionState } from './oidc-connection.state';

export const DEFAULT_OIDC_SCOPES: readonly string[] = ['openid', 'email', 'profile'];

/** Plain http only for a provider on this machine (tests, local development); everything else must be https. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An OIDC issuer identifier: an absolute https URL without query or fragment, kept exactly as given (it is compared exactly). */
export function validIssuer(raw: string): string {
  const issuer = raw.trim();
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ValidationError('issuer must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new ValidationError('issuer must be an https URL (http only for localhost)');
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') throw new ValidationError('issuer must not have a query, fragment or credentials');
  if (issuer.length > 2000) throw new ValidationError('issuer is too long');
  return issuer;
}

function validClientId(raw: string): string {
  const id = raw.trim();
  if (id === '' || id.length > 500) throw new ValidationError('client_id must be a non-empty string of at most 500 characters');
  return id;
}

function validScopes(scopes: readonly string[]): readonly string[] {
  const unique = [...new Set(scopes.map((s) => s.trim()))];
  if (unique.some((s) => !/^[\x21\x23-\x5B\x5D-\x7E]{1,200}$/.test(s))) throw new ValidationError('each scope must be a non-empty OAuth scope token');
  if (!unique.includes('openid')) throw new ValidationError("scopes must include 'openid'");
  if (unique.length > 50) throw new ValidationError('at most 50 scopes');
  return unique;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function decideOidcConnection(command: OidcConnectionCommand, state: OidcConnectionState): OidcConnectionEvent[] {
  switch (command.type) {
    case 'ConfigureOidcConnection': {
      const c = command.data;
      const issuer = validIssuer(c.issuer);
      const clientId = validClientId(c.clientId);
      const current = state.status === 'configured' ? state : null;
      const sealedClientSecret = c.sealedClientSecret ?? current?.sealedClientSecret;
      if (sealedClientSecret === undefined) throw new ValidationError('client_secret is required for a new OIDC connection');
      const scopes = validScopes(c.scopes ?? current?.scopes ?? DEFAULT_OIDC_SCOPES);
      if (
        current &&
        current.issuer === issuer &&
        current.clientId === clientId &&
        current.sealedClientSecret === sealedClientSecret &&
        sameList(current.scopes, scopes) &&
        current.enabled === c.enabled
      ) {
        return [];
      }
      return [{ type: 'OidcConnectionConfigured', data: { accountId: c.accountId, issuer, clientId, sealedClientSecret, scopes, enabled: c.enabled, configuredAt: c.now } }];
    }
    case 'RemoveOidcConnection': {
      const c = command.data;
      if (state.status === 'removed') return [];
      if (state.status === 'absent') throw new NotFoundError('This account has no OIDC connection');
      return [{ type: 'OidcConnectionRemoved', data: { accountId: c.accountId, issuer: state.issuer, removedAt: c.now } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const oidcConnectionDecider: Decider<OidcConnectionState, OidcConnectionCommand, OidcConnectionEvent> = {
  initialState: initialOidcConnectionState,
  evolve: evolveOidcConnection,
  decide: decideOidcConnection,
};
