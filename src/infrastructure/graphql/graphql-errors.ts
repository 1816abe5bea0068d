import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDomainError } from '../../shared/errors';
import { toGraphQLError } from '../http/error-mapping';

/**
 * The shared error vocabulary in `extensions.code`: a domain error keeps its code (NOT_FOUND, FORBIDDEN, ...),
 * a syntax, validation or limit error is VALIDATION_FAILED, anything else INTERNAL without its message.
 */
export function formatGraphqlError(err: GraphQLError, correlationId: string | null, onInternal?: (err: unknown) => void): GraphQLFormattedError {
  const original = err.originalError;
  const where = { ...(err.locations ? { locations: err.locations } : {}), ...(err.path ? { path: err.path } : {}) };
  if (original && isDomainError(original)) {
    const g = toGraphQLError(original, correlationId);
    return { message: g.message, ...where, extensions: { ...g.extensions } };
  }
  if (original && !(original instanceof GraphQLError)) {
    onInternal?.(original);
    return { message: 'Internal Server Error', ...where, extensions: { code: 'INTERNAL', correlationId } };
  }
  return { message: err.message, ...where, extensions: { code: 'VALIDATION_FAILED', correlationId } };
}
