import { Injectable, Logger } from '@nestjs/common';
import { mongo } from 'mongoose';
import { errorMessage, RepeatingJob } from '@eventflow/redis';
import { ReservationsEnv } from '../config/reservations.env';
import { EventCatalog } from '../ports/event-catalog.port';
import { InventoryGateway } from '../ports/inventory.port';
import { WaitingListStore } from '../ports/waiting-list.port';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { reservationsJob, ReservationsJobHost } from '../recovery/reservations-job';

/**
 * Offers returned tickets to the waiting list, one run per WAITING_LIST_TICK_MS across every
 * instance: gives back the offers that ran out (their fans leave the list), then, while the event
 * has tickets on sale again (a cancellation, a released hold, an expired offer), holds them in the
 * events service for the first fan whose `cantidad` fits, for OFERTA_LISTA_ESPERA_S. Nobody else
 * can buy them meanwhile: they are held, and while fans wait the chain refuses other buyers. A
 * cancelled event's list closes: its offers are given back and the list is dropped.
 */
@Injectable()
export class OfferReturnedTicketsJob extends ReservationsJobHost {
  private readonly logger = new Logger(OfferReturnedTicketsJob.name);
  protected readonly job: RepeatingJob;
  private readonly offerMs: number;

  constructor(
    env: ReservationsEnv,
    private readonly lists: WaitingListStore,
    private readonly events: EventCatalog,
    private readonly inventory: InventoryGateway,
    metrics: ReservationMetrics,
  ) {
    super();
    this.offerMs = env.OFERTA_LISTA_ESPERA_S * 1000;
    this.job = reservationsJob(env, metrics, this.logger, {
      scheduler: 'offer-returned-tickets',
      queue: 'waiting-list-offers',
      jobName: 'offer',
      everyMs: env.WAITING_LIST_TICK_MS,
      run: () => this.run(),
    });
  }

  /** One pass over every list; how many offers it made. */
  async run(now = Date.now()): Promise<number> {
    let offered = 0;
    for (const eventoId of await this.lists.lists()) {
      try {
        offered += await this.offerFor(eventoId, now);
      } catch (error) {
        this.logger.warn({ evento_id: eventoId, err: errorMessage(error) }, 'could not offer returned tickets');
      }
    }
    return offered;
  }

  private async offerFor(eventoId: string, now: number): Promise<number> {
    // Released before anything is offered: an expired offer's tickets go to the next fan in this same pass.
    for (const expired of await this.lists.expireOffers(eventoId, now)) await this.inventory.release(eventoId, expired.reservaId);
    const event = await this.events.get(eventoId);
    if (!event || event.estado !== 'activo') return this.close(eventoId);
    if ((await this.lists.size(eventoId)) === 0) {
      await this.lists.forget(eventoId);
      return 0;
    }
    let available = event.entradas_disponibles;
    let offered = 0;
    for (let fan = await this.lists.nextToOffer(eventoId, available); fan; fan = await this.lists.nextToOffer(eventoId, available)) {
      const reservaId = new mongo.ObjectId().toHexString();
      const held = await this.inventory.reserve(eventoId, reservaId, fan.cantidad, true);
      if (!held.reserved) break;
      const offer = { reservaId, cantidad: fan.cantidad, expiresAtMs: now + this.offerMs };
      if (!(await this.lists.recordOffer(eventoId, fan.usuarioId, offer))) {
        // The fan left the list meanwhile.
        await this.inventory.release(eventoId, reservaId);
        continue;
      }
      available -= fan.cantidad;
      offered++;
    }
    return offered;
  }

  /** The event is gone or cancelled: its offers' tickets are given back and the list closes. */
  private async close(eventoId: string): Promise<number> {
    for (const offer of await this.lists.offers(eventoId)) await this.inventory.release(eventoId, offer.reservaId);
    await this.lists.clear(eventoId);
    return 0;
  }
}
