import { HttpException } from '@nestjs/common';
import { DomainError, type ErrorCode } from '../../shared/errors';

export interface HttpError {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  GONE: 410,
  LOCKED: 423,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'VALIDATION_FAILED',
  415: 'VALIDATION_FAILED',
  422: 'VALIDATION_FAILED',
  423: 'LOCKED',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/**
 * The one mapping from errors to HTTP responses, in the body shapes the Prefect server uses
 * (reference/prefect-api.md §1.8) plus a stable `code` that clients may match on.
 */
export function toHttpError(err: unknown, requestBody?: unknown): HttpError {
  if (err instanceof DomainError) {
    const status = STATUS[err.code];
    switch (err.code) {
      case 'VALIDATION_FAILED':
        return {
          status,
          body: {
            exception_message: 'Invalid request received.',
            exception_detail: normaliseDetail(err.message, err.details),
            request_body: requestBody ?? null,
            code: err.code,
          },
        };
      case 'UNAUTHENTICATED':
        // Prefect Cloud's words for a bad key; a sign-in refusal says which check failed (never a secret).
        return {
          status,
          body: {
            detail: err.message === 'Unauthorized' ? 'Invalid authentication credentials' : err.message,
            exception_message: 'Unauthorized',
            code: err.code,
            ...(err.details ? { details: err.details } : {}),
          },
          headers: { 'cache-control': 'no-store' },
        };
      case 'ALREADY_EXISTS':
        return { status, body: { detail: `Data integrity conflict. ${err.message}`, code: err.code } };
      case 'LOCKED': {
        const retry = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 1;
        return { status, body: { detail: err.message, code: err.code }, headers: { 'retry-after': String(retry) } };
      }
      case 'RATE_LIMITED': {
        const retry = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        return { status, body: { detail: err.message, code: err.code, ...(err.details ? { details: err.details } : {}) }, headers: retry === undefined ? undefined : { 'retry-after': String(Math.max(1, Math.ceil(retry))) } };
      }
      case 'UNAVAILABLE':
        return { status, body: { exception_message: 'Service Unavailable', detail: err.message, code: err.code }, headers: { 'retry-after': '1' } };
      case 'INTERNAL':
        return { status, body: { exception_message: 'Internal Server Error', code: err.code } };
      default:
        return { status, body: { detail: err.message, code: err.code, ...(err.details ? { details: err.details } : {}) } };
    }
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
    if (status === 401) return toHttpError(new DomainError('UNAUTHENTICATED', 'Unauthorized'));
    const response = err.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? err.message);
    return { status, body: { detail: Array.isArray(message) ? message.join('; ') : String(message), code } };
  }
  const fastifyStatus = (err as { statusCode?: number; code?: string })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    // Fastify's own client errors: unparseable JSON, body too large, unsupported media type.
    const status = fastifyStatus === 400 ? 422 : fastifyStatus;
    return {
      status,
      body: { exception_message: 'Invalid request received.', exception_detail: [{ msg: (err as Error).message, type: (err as { code?: string }).code ?? 'invalid_request' }], request_body: null, code: CODE_BY_STATUS[status] ?? 'VALIDATION_FAILED' },
    };
  }
  return { status: 500, body: { exception_message: 'Internal Server Error', code: 'INTERNAL' } };
}

function normaliseDetail(message: string, details: unknown): unknown[] {
  if (Array.isArray(details)) return details;
  return [{ loc: ['body'], msg: message, type: 'value_error' }];
}

export interface GraphQLErrorShape {
  readonly message: string;
  readonly extensions: { readonly code: ErrorCode; readonly correlationId: string | null; readonly details?: unknown };
}

/** The same vocabulary for GraphQL: `extensions.code` carries the stable code. */
export function toGraphQLError(err: unknown, correlationId: string | null): GraphQLErrorShape {
  if (err instanceof DomainError) {
    return { message: err.message, extensions: { code: err.code, correlationId, ...(err.details ? { details: err.details } : {}) } };
  }
  return { message: 'Internal Server Error', extensions: { code: 'INTERNAL', correlationId } };
}
