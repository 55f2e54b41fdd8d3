import { anEventSnapshot, aValidDraft, InMemoryPurchaseLimitStore, InMemoryReservations, NOW } from './chain.fakes';
import { ReservationCreator } from './reservation.creator';

describe(ReservationCreator.name, () => {
  const priced = () =>
    aValidDraft({ cantidad: 2, event: anEventSnapshot({ precio: 19.99 }), precioCentavos: 1999, montoCentavos: 3998, limitHeld: true });

  it('stores the reservation as pendiente with an empty saga log, owned by the run’s lease', async () => {
    const reservations = new InMemoryReservations();
    const draft = priced();
    await new ReservationCreator(reservations, new InMemoryPurchaseLimitStore(), () => NOW).handle(draft);
    expect(reservations.stored).toHaveLength(1);
    expect(reservations.stored[0]).toMatchObject({
      estado: 'pendiente',
      saga: {},
      cantidad: 2,
      precio_unitario: 19.99,
      monto_total: 39.98,
      monto_centavos: 3998,
      lease_owner: 'run-1',
    });
    expect(reservations.stored[0]._id.toHexString()).toBe(draft.reservaId);
  });

  it('gives the purchase-limit hold back when the reservation cannot be stored', async () => {
    const reservations = new InMemoryReservations();
    reservations.failWith = new Error('MongoDB is down');
    const limits = new InMemoryPurchaseLimitStore();
    const draft = priced();
    await limits.hold({
      usuarioId: draft.usuarioId!,
      eventoId: draft.eventoId!,
      reservaId: draft.reservaId,
      cantidad: 2,
      max: 10,
      expiresAt: NOW,
    });
    await expect(new ReservationCreator(reservations, limits, () => NOW).handle(draft)).rejects.toThrow('MongoDB is down');
    expect(limits.total()).toBe(0);
  });
});
