import { ValidationPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { ValidationError as ClassValidatorError } from 'class-validator';
import { ValidationError } from '../../shared/errors';

/**
 * The client sends every optional key, often as null; Prefect treats null as "use the default"
 * (prefect-api.md §1.9). Dropping null keys before validation gives DTO defaults their chance.
 */
export class NullMeansDefaultPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null));
  }
}

function flatten(errors: ClassValidatorError[], path: string[] = []): { loc: string[]; msg: string; type: string }[] {
  return errors.flatMap((e) => [
    ...Object.entries(e.constraints ?? {}).map(([type, msg]) => ({ loc: ['body', ...path, e.property], msg, type })),
    ...flatten(e.children ?? [], [...path, e.property]),
  ]);
}

/** class-validator DTOs: unknown keys stripped (the client sends extras), failures in Prefect's 422 shape. */
export function dtoValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: false,
    exceptionFactory: (errors) => new ValidationError('Invalid request received.', flatten(errors)),
  });
}
