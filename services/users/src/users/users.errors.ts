import { DomainError, RateLimitedError } from '@eventflow/errors';

/** One constructor per USER.* code, so each code has one message. */
export const userNotFound = (userId: string) => new DomainError('USER.NOT_FOUND', `No user with id ${userId}`, 'not_found');

/**
 * A fan needs to know they already have an account, so this stays a 409; but it does not say
 * whether the e-mail or the document matched, which would tell an anonymous caller more about
 * a stranger (the review's L2). Registrations are also rate-limited per address.
 */
export const alreadyRegistered = () =>
  new DomainError('USER.ALREADY_REGISTERED', 'A user with this email or this document is already registered', 'conflict');

export const tooManyRegistrations = (retryAfterSeconds: number) =>
  new RateLimitedError('USER.TOO_MANY_REGISTRATIONS', 'Too many registrations from this address; try again later', retryAfterSeconds);
