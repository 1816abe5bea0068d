import type { Decider } from '../../../../shared/ddd';
import { NotFoundError, ValidationError } from '../../../../shared/errors';
import type { SamlConnectionCommand } from './saml-connection.commands';
import type { SamlConnectionEvent } from './saml-connection.events';
import { evolveSamlConnection, initialSamlConnectionState, type SamlConnectionState } from './saml-connection.state';

const MAX_CERTIFICATES = 5;

function required(value: string, field: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new ValidationError(`${field} is required`);
  if (trimmed.length > max) throw new ValidationError(`${field} has at most ${max} characters`);
  return trimmed;
}

function ssoUrl(value: string): string {
  const url = required(value, 'sso_url', 2048);
  // The login redirect goes there: only web URLs, never javascript: or data:.
  if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url)) throw new ValidationError('sso_url must be an http(s) URL');
  return url;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function decideSamlConnection(command: SamlConnectionCommand, state: SamlConnectionState): SamlConnectionEvent[] {
  switch (command.type) {
    case 'ConfigureSamlConnection': {
      const c = command.data;
      const idpEntityId = required(c.idpEntityId, 'idp_entity_id', 1024);
      const url = ssoUrl(c.ssoUrl);
      if (c.idpCertificates.length === 0) throw new ValidationError('idp_certificates needs at least one certificate');
      if (c.idpCertificates.length > MAX_CERTIFICATES) throw new ValidationError(`idp_certificates holds at most ${MAX_CERTIFICATES} certificates`);
      const certificates = [...new Set(c.idpCertificates)];
      if (
        state.status === 'configured' &&
        state.idpEntityId === idpEntityId &&
        state.ssoUrl === url &&
        state.enabled === c.enabled &&
        same(state.idpCertificates, certificates)
      ) {
        return [];
      }
      return [
        {
          type: 'SamlConnectionConfigured',
          data: { accountId: c.accountId, idpEntityId, ssoUrl: url, idpCertificates: certificates, enabled: c.enabled, configuredAt: c.now },
        },
      ];
    }
    case 'RemoveSamlConnection': {
      const c = command.data;
      if (state.status === 'removed') return [];
      if (state.status === 'absent') throw new NotFoundError('SAML connection not found');
      return [{ type: 'SamlConnectionRemoved', data: { accountId: c.accountId, removedAt: c.now } }];
    }
    default: {
      const never: never = command;
      return never;
    }
  }
}

export const samlConnectionDecider: Decider<SamlConnectionState, SamlConnectionCommand, SamlConnectionEvent> = {
  initialState: initialSamlConnectionState,
  evolve: evolveSamlConnection,
  decide: decideSamlConnection,
};
