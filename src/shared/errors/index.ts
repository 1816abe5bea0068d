/**
 * One error vocabulary. Domain and application code throw these; the HTTP and GraphQL layers map
 * them once (src/infrastructure/http/error-mapping.ts). Codes are stable: clients may match on them.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'GONE'
  | 'LOCKED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('VALIDATION_FAILED', message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Unauthorized') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, readonly permission?: string) {
    super('FORBIDDEN', message, permission ? { permission } : undefined);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class AlreadyExistsError extends DomainError {
  constructor(message: string) {
    super('ALREADY_EXISTS', message);
  }
}

/** An append's expected revision did not match the stream. */
export class WrongExpectedRevisionError extends DomainError {
  constructor(
    readonly stream: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super('CONFLICT', `Stream ${stream} is at revision ${actual}, expected ${expected}`, { stream, expected, actual });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('CONFLICT', message, details);
  }
}

export class UnavailableError extends DomainError {
  constructor(message = 'Service Unavailable') {
    super('UNAVAILABLE', message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
