import { Injectable } from '@nestjs/common';
import { assertFanOrAdmin, Principal } from '@eventflow/auth';
import { DomainError } from '@eventflow/errors';
import { ReservationRepository } from './reservation.repository';
import { detailView } from './reservation.view';

/** GET /api/reservar/:id and GET /api/reservar?usuario_id=…: the owner or an admin. */
@Injectable()
export class QueryReservationsUseCase {
  constructor(private readonly repository: ReservationRepository) {}

  async get(principal: Principal, reservaId: string) {
    const reservation = await this.repository.findById(reservaId);
    if (!reservation) throw new DomainError('RESERVATION.NOT_FOUND', 'No reservation has this id', 'not_found');
    assertFanOrAdmin(principal, reservation.usuario_id);
    return detailView(reservation);
  }

  async list(principal: Principal, usuarioId: string, page: number, limit: number) {
    assertFanOrAdmin(principal, usuarioId);
    const { items, total } = await this.repository.listByUser(usuarioId, page, limit);
    return { usuario_id: usuarioId, page, limit, total, reservas: items.map(detailView) };
  }
}
