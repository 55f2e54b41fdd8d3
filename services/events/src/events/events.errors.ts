import { DomainError } from '@eventflow/errors';

/** One constructor per EVENT.* code, so each code has one message wherever it is raised. */
export const eventNotFound = () => new DomainError('EVENT.NOT_FOUND', 'Event not found', 'not_found');

export const notEventOwner = () =>
  new DomainError('EVENT.NOT_OWNER', 'Only the organizer who created this event (or an admin) may do this', 'forbidden');

export const nothingToChange = () => new DomainError('EVENT.NOTHING_TO_CHANGE', 'Send at least one field to change', 'invalid');

export const eventNotActive = (estado: string) =>
  new DomainError('EVENT.NOT_ACTIVE', `The event is ${estado} and can no longer be changed`, 'conflict');

export const capacityBelowSold = (held: number, sold: number) =>
  new DomainError('EVENT.CAPACITY_BELOW_SOLD', `aforo_total cannot go below the ${held + sold} tickets already sold or held`, 'conflict', {
    vendidas: sold,
    retenidas: held,
  });

export const concurrentChange = () =>
  new DomainError('EVENT.CONCURRENT_CHANGE', 'The event changed concurrently; read it again and retry', 'conflict');
