import { DomainError } from '@eventflow/errors';

/** The waiting room's own answers (a reservation refused for want of a turn is a REJECTIONS entry: turno_requerido). */
export const WaitingRoomErrors = {
  eventNotFound: () => new DomainError('WAITING_ROOM.EVENT_NOT_FOUND', 'The event does not exist', 'not_found'),
  notActive: () => new DomainError('WAITING_ROOM.NOT_ACTIVE', 'This event has no active waiting room: reserve directly', 'conflict'),
  closed: (estado: string) => new DomainError('WAITING_ROOM.CLOSED', `The event is ${estado}: its waiting room is closed`, 'conflict'),
  turnNotFound: () => new DomainError('WAITING_ROOM.TURN_NOT_FOUND', 'No turn has this id in this event', 'not_found'),
};
