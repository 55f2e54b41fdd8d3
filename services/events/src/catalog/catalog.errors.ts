import { DomainError } from '@eventflow/errors';

/** One constructor per CATALOG.* code. */
export const invalidDateRange = () => new DomainError('CATALOG.INVALID_RANGE', 'desde must not be after hasta', 'invalid');

export const invalidCursor = () => new DomainError('CATALOG.INVALID_CURSOR', 'cursor is not one this API handed out', 'invalid');
