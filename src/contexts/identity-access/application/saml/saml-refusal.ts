import { DomainError } from '../../../../shared/errors';

/**
 * Why an assertion was refused: a stable, machine-readable word in `details.reason`. Every refusal
 * happens before SsoSignIn, so a refused response never provisions a user nor starts a session.
 */
export type SamlRefusalReason =
  | 'malformed'
  | 'not_a_response'
  | 'comment_in_document'
  | 'assertion_count'
  | 'assertion_misplaced'
  | 'encrypted_assertion_unsupported'
  | 'duplicate_id'
  | 'unexpected_signature'
  | 'assertion_unsigned'
  | 'signature_reference'
  | 'weak_algorithm'
  | 'invalid_signature'
  | 'assertion_mismatch'
  | 'nameid_missing'
  | 'nameid_not_single_text'
  | 'attribute_not_single_text'
  | 'issuer_mismatch'
  | 'destination_mismatch'
  | 'recipient_mismatch'
  | 'audience_mismatch'
  | 'in_response_to_missing'
  | 'in_response_to_invalid'
  | 'expired'
  | 'not_yet_valid'
  | 'subject_confirmation_invalid'
  | 'replayed'
  | 'no_email'
  | 'idp_status_error'
  | 'invalid_response';

export class SamlRefusedError extends DomainError {
  constructor(
    readonly reason: SamlRefusalReason,
    message: string,
  ) {
    super('UNAUTHENTICATED', `SAML response refused: ${message}`, { reason });
  }
}

export const refuse = (reason: SamlRefusalReason, message: string = reason.replace(/_/g, ' ')): never => {
  throw new SamlRefusedError(reason, message);
};

/** node-saml throws plain Errors; their messages are the only way to tell its refusals apart. */
export function reasonFromNodeSaml(err: unknown): SamlRefusalReason {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'SamlStatusError') return 'idp_status_error';
  const rules: [RegExp, SamlRefusalReason][] = [
    [/InResponseTo is missing/i, 'in_response_to_missing'],
    [/InResponseTo/i, 'in_response_to_invalid'],
    [/multiple assertions|multiple conditions|more than one element|Too many signatures/i, 'assertion_count'],
    [/audience/i, 'audience_mismatch'],
    [/issuer/i, 'issuer_mismatch'],
    [/not yet valid/i, 'not_yet_valid'],
    [/expired/i, 'expired'],
    [/subject confirmation/i, 'subject_confirmation_invalid'],
    [/signature|signed|transform|reference/i, 'invalid_signature'],
    [/Missing SAML assertion/i, 'assertion_count'],
  ];
  return rules.find(([re]) => re.test(message))?.[1] ?? 'invalid_response';
}
