import { Injectable } from '@nestjs/common';
import { WaitingRoomStore } from '../ports/waiting-room.port';
import { TurnView, turnView } from './turn.view';
import { WaitingRoomErrors } from './waiting-room.errors';

/** GET /api/events/:evento_id/fila/:turno_id: one Redis script, never MongoDB, so fans may poll it. */
@Injectable()
export class GetTurnUseCase {
  constructor(private readonly rooms: WaitingRoomStore) {}

  /** Another fan's turn answers as an unknown one: turn ids are not to be probed. */
  async execute(eventoId: string, turnoId: string, usuarioId: string | undefined): Promise<TurnView> {
    const turn = await this.rooms.turn(eventoId, turnoId);
    if (!turn || (usuarioId !== undefined && turn.usuarioId !== usuarioId)) throw WaitingRoomErrors.turnNotFound();
    return turnView(turn, Date.now());
  }
}
