import { Inject, Injectable } from '@nestjs/common';
import { mongo } from 'mongoose';
import { ReservationsEnv } from '../config/reservations.env';
import { EventCatalog } from '../ports/event-catalog.port';
import { PurchaseLimitStore } from '../ports/purchase-limit.port';
import { ReservationWatch } from '../ports/reservation-watch.port';
import { ReservationRepository } from '../database/reservation.repository';
import { Lease } from '../domain/lease';
import { WaitingRoomStore } from '../ports/waiting-room.port';
import { InventoryGateway } from '../ports/inventory.port';
import { WaitingListStore } from '../ports/waiting-list.port';
import { AdmissionValidator } from './admission.validator';
import { WaitingListLink } from './waiting-list.link';
import { DataValidator } from './data.validator';
import { InventoryValidator } from './inventory.validator';
import { PriceCalculator } from './price.calculator';
import { PurchaseLimitValidator } from './purchase-limit.validator';
import { ReservationCreator, ReservationWriter } from './reservation.creator';
import { ReservationDraft, ReservationHandler, ReservationRequest } from './reservation-handler';

/** The chain, assembled in one place and in this order; it runs before any saga work. */
@Injectable()
export class ReservationChain {
  private readonly head: ReservationHandler;
  private readonly admission: AdmissionValidator;

  constructor(
    env: ReservationsEnv,
    events: EventCatalog,
    limits: PurchaseLimitStore,
    @Inject(ReservationRepository) repository: ReservationWriter,
    watch: ReservationWatch,
    rooms: WaitingRoomStore,
    lists: WaitingListStore,
    inventory: InventoryGateway,
  ) {
    const now = () => new Date();
    this.head = new DataValidator(env.MAX_TICKETS_PER_RESERVATION);
    this.admission = new AdmissionValidator(rooms, repository, now);
    this.head
      .setNext(new WaitingListLink(lists, inventory, now))
      .setNext(new InventoryValidator(events, now))
      .setNext(this.admission)
      .setNext(new PriceCalculator())
      .setNext(new PurchaseLimitValidator(limits, env.MAX_TICKETS_PER_USER, watch))
      .setNext(new ReservationCreator(repository, limits, now));
  }

  /**
   * Runs every link; on success the draft carries the stored `pendiente` reservation. A keyed
   * request brings its reservation id (derived from the Idempotency-Key); others get a fresh one.
   */
  async run(request: ReservationRequest, lease: Lease, binding?: { reservaId: string; keyHash: string }): Promise<ReservationDraft> {
    const draft: ReservationDraft = {
      request,
      lease,
      reservaId: binding?.reservaId ?? new mongo.ObjectId().toHexString(),
      ...(binding && { idempotencyKey: binding.keyHash }),
    };
    await this.head.handle(draft);
    return draft;
  }

  /** The saga bought nothing: an admission token the chain spent is good again. */
  giveBackAdmission(draft: ReservationDraft): Promise<void> {
    return this.admission.giveBack(draft);
  }
}
