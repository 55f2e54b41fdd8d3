import { ReservationErrors } from '../domain/reservations.errors';
import { SpendOutcome, WaitingRoomStore } from '../ports/waiting-room.port';
import { ReservationDraft, ReservationHandler, validated } from './reservation-handler';
import { ReservationWriter } from './reservation.creator';

const WHY: Record<Exclude<SpendOutcome, 'OK'>, string> = {
  UNKNOWN: 'This admission token was not handed out for this event',
  OTHER_FAN: "This admission token is another fan's",
  WAITING: 'This turn has not been admitted yet',
  EXPIRED: "This admission token's purchase window is over: join the waiting room again",
  SPENT: 'This admission token was already used for a purchase',
};

/**
 * 3. While the event's waiting room is active, only an admitted fan buys: the X-Admission-Token
 * of their turn, spent here for this reservation (atomically: two requests with one token, one
 * wins). If anything after this fails, the token is given back for the rest of its window; and a
 * token whose reservation failed without giving it back (its process died, recovery failed it)
 * is taken over by the fan's next reservation.
 */
export class AdmissionValidator extends ReservationHandler {
  constructor(
    private readonly rooms: WaitingRoomStore,
    private readonly reservations: Pick<ReservationWriter, 'findById'>,
    private readonly now: () => Date,
  ) {
    super();
  }

  override async handle(draft: ReservationDraft): Promise<void> {
    try {
      await super.handle(draft);
    } catch (error) {
      if (draft.admission) await this.giveBack(draft);
      throw error;
    }
  }

  /** The reservation bought nothing: the fan may use the token again while its window lasts. */
  async giveBack(draft: ReservationDraft): Promise<void> {
    if (!draft.admission) return;
    await this.rooms.giveBack(draft.admission.eventoId, draft.admission.token, draft.reservaId).catch(() => undefined);
  }

  protected async process(draft: ReservationDraft): Promise<void> {
    const { eventoId, usuarioId } = validated(draft);
    if (!draft.event?.sala_de_espera?.activa) return;
    const token = draft.request.admissionToken;
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
      throw ReservationErrors.rejected(
        'turno_requerido',
        'This event has a waiting room: send the X-Admission-Token of your admitted turn',
      );
    }
    let spend = await this.rooms.spend(eventoId, token, usuarioId, draft.reservaId, this.now().getTime());
    if (spend.outcome === 'SPENT' && spend.spentBy && (await this.boughtNothing(spend.spentBy))) {
      spend = await this.rooms.spend(eventoId, token, usuarioId, draft.reservaId, this.now().getTime(), spend.spentBy);
    }
    if (spend.outcome !== 'OK') throw ReservationErrors.rejected('turno_requerido', WHY[spend.outcome]);
    draft.admission = { eventoId, token };
  }

  /** Only a reservation that ended `fallida` bought nothing for good; one still stored as pending may yet confirm. */
  private async boughtNothing(reservaId: string): Promise<boolean> {
    return (await this.reservations.findById(reservaId))?.estado === 'fallida';
  }
}
