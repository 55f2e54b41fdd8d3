import { Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@eventflow/errors';

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID.test(value);
}

/** Rejects malformed ids with a 400 that names the parameter, before any store is touched. */
@Injectable()
export class ParseObjectIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (!isObjectId(value)) {
      throw new DomainError('REQUEST.INVALID_ID', `${metadata.data ?? 'id'} must be a 24-character hexadecimal id`, 'invalid');
    }
    return value.toLowerCase();
  }
}

/** MongoDB's duplicate-key error, raised by unique indexes. */
export function isDuplicateKeyError(
  error: unknown,
): error is Error & { keyPattern?: Record<string, unknown>; keyValue?: Record<string, unknown> } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
