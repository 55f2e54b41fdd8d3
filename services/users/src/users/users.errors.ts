import { DomainError } from '@eventflow/errors';

/** The public fields a registration may collide on (unique in the users collection). */
export type UniqueField = 'email' | 'nro_documento' | 'access_token';

/** One constructor per USER.* code, so each code has one message. */
export const userNotFound = (userId: string) => new DomainError('USER.NOT_FOUND', `No user with id ${userId}`, 'not_found');

/** USER.DUPLICATE_EMAIL, USER.DUPLICATE_NRO_DOCUMENTO or USER.DUPLICATE_ACCESS_TOKEN, naming the field. */
export const alreadyRegistered = (field: UniqueField) =>
  new DomainError(`USER.DUPLICATE_${field.toUpperCase()}`, `A user with this ${field} is already registered`, 'conflict', {
    campo: field,
  });
