import { EventSnapshot } from '@eventflow/contracts';
import { EventCatalog } from '../ports/event-catalog.port';
import { InventoryGateway } from '../ports/inventory.port';
import { PurchaseHistory } from '../ports/purchase-history.port';
import { UserDirectory } from '../ports/user-directory.port';
import { PaymentGateway } from '../ports/payment.port';
import { PurchaseLimitStore } from '../ports/purchase-limit.port';
import { SagaStep } from '../saga-engine/saga.types';
import { ReservationRejected } from '../domain/rejection';
import { ReservationDocument } from '../domain/reservation';

/** What every step needs; rebuilt from the reservation document when a saga is resumed. */
export interface ReservationSagaContext {
  reservaId: string;
  usuarioId: string;
  eventoId: string;
  cantidad: number;
  montoCentavos: number;
  fechaEvento: Date;
  /** When the fan reserved: the purchase date in their history, the same on every retry. */
  creada: Date;
  maxPerUser: number;
  forceDecline: boolean;
  /** The chain already read the event: the saga does not read it twice. */
  event?: EventSnapshot;
  /** The chain already took the purchase-limit hold. */
  limitHeld?: boolean;
  /** The fan's own token was just verified by the users service: existence is already known. */
  userKnown?: boolean;
}

export function sagaContextOf(reservation: ReservationDocument, maxPerUser: number): ReservationSagaContext {
  return {
    reservaId: reservation._id.toHexString(),
    usuarioId: reservation.usuario_id,
    eventoId: reservation.evento_id,
    cantidad: reservation.cantidad,
    montoCentavos: reservation.monto_centavos,
    fechaEvento: reservation.fecha_evento,
    creada: reservation.creada,
    maxPerUser,
    forceDecline: reservation.rechazo_forzado === true,
  };
}

export interface ReservationSagaPorts {
  limits: PurchaseLimitStore;
  users: UserDirectory;
  events: EventCatalog;
  inventory: InventoryGateway;
  payments: PaymentGateway;
  history: PurchaseHistory;
  now: () => Date;
}

export const SAGA_STEP_NAMES = [
  'limite_compra',
  'validar_usuario',
  'validar_evento',
  'reservar_inventario',
  'procesar_pago',
  'actualizar_historial',
  'confirmar',
] as const;

/**
 * The reservation saga as data. Every execute and compensate is idempotent, keyed by
 * reserva_id on the other side, so a resumed saga may safely repeat a step. The purchase
 * limit hold (taken by the chain) is the first step so that every failure and every
 * cancellation gives it back through the same compensation path.
 *
 * Two writes on the happy path: the chain's insert and the confirmation. Every step before
 * `confirmar` replays its first outcome when run again (the hold, the reserve, the charge and
 * the history entry are keyed by reserva_id on the other side), so their completions ride along
 * with the next transition; a saga resumed after a crash repeats them to learn what the lost run
 * did, and undoes whatever it cannot get past (SagaRun.resumed).
 */
export function reservationSagaSteps(ports: ReservationSagaPorts): SagaStep<ReservationSagaContext>[] {
  return [
    {
      name: 'limite_compra',
      deferPersist: true,
      retryable: true,
      async execute(ctx) {
        if (ctx.limitHeld) return;
        const hold = await ports.limits.hold({
          usuarioId: ctx.usuarioId,
          eventoId: ctx.eventoId,
          reservaId: ctx.reservaId,
          cantidad: ctx.cantidad,
          max: ctx.maxPerUser,
          expiresAt: ctx.fechaEvento,
        });
        if (!hold.held) throw new ReservationRejected('limite_de_compra', `The fan already holds ${hold.total} tickets for this event`);
      },
      compensate: (ctx) => ports.limits.release(ctx.usuarioId, ctx.eventoId, ctx.reservaId),
    },
    {
      name: 'validar_usuario',
      deferPersist: true,
      retryable: true,
      async execute(ctx) {
        if (ctx.userKnown) return;
        if (!(await ports.users.exists(ctx.usuarioId))) throw new ReservationRejected('usuario_inexistente', 'The fan does not exist');
      },
    },
    {
      name: 'validar_evento',
      deferPersist: true,
      retryable: true,
      async execute(ctx) {
        const event = ctx.event ?? (await ports.events.get(ctx.eventoId));
        if (!event) throw new ReservationRejected('evento_inexistente', 'The event does not exist');
        if (event.estado !== 'activo') throw new ReservationRejected('evento_no_activo', `The event is ${event.estado}`);
        if (new Date(event.fecha).getTime() <= ports.now().getTime())
          throw new ReservationRejected('evento_pasado', 'The event has already taken place');
      },
    },
    {
      name: 'reservar_inventario',
      deferPersist: true,
      retryable: true,
      async execute(ctx) {
        const reply = await ports.inventory.reserve(ctx.eventoId, ctx.reservaId, ctx.cantidad);
        if (!reply.reserved) throw new ReservationRejected(reply.reason, `Not enough tickets (${reply.disponibles} available)`);
      },
      compensate: (ctx) => ports.inventory.release(ctx.eventoId, ctx.reservaId),
    },
    {
      name: 'procesar_pago',
      deferPersist: true,
      retryable: true,
      async execute(ctx) {
        const outcome = await ports.payments.charge({
          reservaId: ctx.reservaId,
          usuarioId: ctx.usuarioId,
          montoCentavos: ctx.montoCentavos,
          forceDecline: ctx.forceDecline,
        });
        if (outcome !== 'approved') throw new ReservationRejected('pago_rechazado', 'The payment was declined');
      },
      compensate: (ctx) => ports.payments.refund(ctx.reservaId),
    },
    {
      name: 'actualizar_historial',
      deferPersist: true,
      retryable: true,
      async execute(ctx) {
        const found = await ports.history.append({
          usuario_id: ctx.usuarioId,
          reserva_id: ctx.reservaId,
          evento_id: ctx.eventoId,
          cantidad: ctx.cantidad,
          monto: ctx.montoCentavos / 100,
          fecha_compra: ctx.creada.toISOString(),
        });
        if (!found) throw new ReservationRejected('usuario_inexistente', 'The fan does not exist');
      },
      compensate: (ctx) => ports.history.remove(ctx.usuarioId, ctx.reservaId),
    },
    {
      name: 'confirmar',
      retryable: true,
      async execute(ctx) {
        if (!(await ports.inventory.commit(ctx.eventoId, ctx.reservaId))) {
          throw new ReservationRejected('inventario_no_retenido', 'The tickets were no longer held for this reservation');
        }
      },
    },
  ];
}
