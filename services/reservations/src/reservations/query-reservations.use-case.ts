import { Injectable } from '@nestjs/common';
import { assertFanOrAdmin, isAdmin, Principal } from '@eventflow/auth';
import { ReservationRepository } from '../database/reservation.repository';
import { ReservationErrors } from '../domain/reservations.errors';
import { detailView } from './reservation.view';

/** GET /api/reservar/:id and GET /api/reservar?usuario_id=…: the owner or an admin; ?evento_id=…: an admin. */
@Injectable()
export class QueryReservationsUseCase {
  constructor(private readonly repository: ReservationRepository) {}

  async get(principal: Principal, reservaId: string) {
    const reservation = await this.repository.findById(reservaId);
    if (!reservation) throw ReservationErrors.notFound();
    assertFanOrAdmin(principal, reservation.usuario_id);
    return detailView(reservation);
  }

  async list(principal: Principal, usuarioId: string, page: number, limit: number) {
    assertFanOrAdmin(principal, usuarioId);
    const { items, total } = await this.repository.listBy({ usuario_id: usuarioId }, page, limit);
    return { usuario_id: usuarioId, page, limit, total, reservas: items.map(detailView) };
  }

  /** Every fan's reservations for one event: admins only (it shows other fans' purchases). */
  async listByEvent(principal: Principal, eventoId: string, page: number, limit: number) {
    if (!isAdmin(principal)) throw ReservationErrors.adminOnly();
    const { items, total } = await this.repository.listBy({ evento_id: eventoId }, page, limit);
    return { evento_id: eventoId, page, limit, total, reservas: items.map(detailView) };
  }
}
