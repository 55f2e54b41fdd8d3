import { DomainError } from '@eventflow/errors';

export const WaitingListErrors = {
  eventNotFound: () => new DomainError('WAITING_LIST.EVENT_NOT_FOUND', 'The event does not exist', 'not_found'),
  closed: (estado: string) => new DomainError('WAITING_LIST.CLOSED', `The event is ${estado}: its waiting list is closed`, 'conflict'),
  ticketsAvailable: (disponibles: number) =>
    new DomainError('WAITING_LIST.TICKETS_AVAILABLE', `${disponibles} tickets are on sale: reserve them directly`, 'conflict', {
      entradas_disponibles: disponibles,
    }),
  notOnList: () => new DomainError('WAITING_LIST.NOT_ON_LIST', 'You are not on this event’s waiting list', 'not_found'),
};
