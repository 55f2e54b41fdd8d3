import { ReservationsEnv } from '../config/reservations.env';
import { InMemoryInventory, InMemoryWaitingLists, InMemoryWaitingRooms, InMemoryWatch } from '../ports/ports.fakes';
import { anEventSnapshot, EVENT, FakeEventCatalog, InMemoryPurchaseLimitStore, InMemoryReservations, USER } from './chain.fakes';
import { ReservationChain } from './reservation.chain';

describe(ReservationChain.name, () => {
  const env = Object.assign(new ReservationsEnv(), { MAX_TICKETS_PER_RESERVATION: 4, MAX_TICKETS_PER_USER: 6 });
  const lease = { owner: 'run', ms: 1_000 };

  function chainWith(event = anEventSnapshot({ fecha: new Date(Date.now() + 86_400_000).toISOString() })) {
    const catalog = new FakeEventCatalog(event);
    const limits = new InMemoryPurchaseLimitStore();
    const reservations = new InMemoryReservations();
    const rooms = new InMemoryWaitingRooms();
    const lists = new InMemoryWaitingLists();
    return {
      rooms,
      lists,
      chain: new ReservationChain(env, catalog, limits, reservations, new InMemoryWatch(), rooms, lists, new InMemoryInventory()),
      catalog,
      limits,
      reservations,
    };
  }

  it('validates, prices, holds the limit and stores a pending reservation, in that order', async () => {
    const { chain, limits, reservations } = chainWith();
    const draft = await chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 3 }, lease);
    expect(draft.reservation).toMatchObject({ estado: 'pendiente', monto_total: 150, precio_unitario: 50 });
    expect(limits.total()).toBe(3);
    expect(reservations.stored).toHaveLength(1);
  });

  it('fails fast: invalid data never reaches the events service', async () => {
    const { chain, catalog, reservations } = chainWith();
    await expect(chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 5 }, lease)).rejects.toMatchObject({ kind: 'invalid' });
    expect(catalog.calls).toBe(0);
    expect(reservations.stored).toHaveLength(0);
  });

  it('fails fast: a sold-out event takes no limit hold and stores nothing', async () => {
    const { chain, limits, reservations } = chainWith(
      anEventSnapshot({ entradas_disponibles: 0, fecha: new Date(Date.now() + 86_400_000).toISOString() }),
    );
    await expect(chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1 }, lease)).rejects.toMatchObject({
      extra: { motivo: 'entradas_insuficientes' },
    });
    expect(limits.total()).toBe(0);
    expect(reservations.stored).toHaveLength(0);
  });

  it('stores nothing for a fan over the limit', async () => {
    const { chain, reservations } = chainWith();
    await chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 4 }, lease);
    await expect(chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 3 }, lease)).rejects.toMatchObject({
      extra: { motivo: 'limite_de_compra' },
    });
    expect(reservations.stored).toHaveLength(1);
  });

  describe('while the event has an active waiting room', () => {
    const TOKEN = 'A'.repeat(43);
    const withRoom = () =>
      chainWith(
        anEventSnapshot({
          fecha: new Date(Date.now() + 86_400_000).toISOString(),
          sala_de_espera: { activa: true, admitidos_por_minuto: 10, ventana_compra_s: 60 },
        }),
      );

    it('refuses a reservation without an admission token, and stores nothing', async () => {
      const { chain, limits, reservations } = withRoom();
      await expect(chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1 }, lease)).rejects.toMatchObject({
        code: 'RESERVATION.ADMISSION_REQUIRED',
        kind: 'conflict',
        extra: { motivo: 'turno_requerido', estado: 'fallida' },
      });
      expect(limits.total()).toBe(0);
      expect(reservations.stored).toHaveLength(0);
    });

    it("refuses another fan's token, and a token already spent by another reservation", async () => {
      const { chain, rooms } = withRoom();
      rooms.admitted.set(TOKEN, 'someone-else');
      await expect(chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1, admissionToken: TOKEN }, lease)).rejects.toMatchObject({
        extra: { motivo: 'turno_requerido' },
      });
      rooms.admitted.set(TOKEN, USER);
      await chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1, admissionToken: TOKEN }, lease);
      await expect(chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1, admissionToken: TOKEN }, lease)).rejects.toMatchObject({
        extra: { motivo: 'turno_requerido' },
      });
    });

    it('takes over a token spent by a reservation that failed without giving it back, not one that may still confirm', async () => {
      const { chain, rooms, reservations } = withRoom();
      rooms.admitted.set(TOKEN, USER);
      // The first reservation spent the token, then its process died; it is stored as pending.
      const first = await chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1, admissionToken: TOKEN }, lease);
      await expect(chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1, admissionToken: TOKEN }, lease)).rejects.toMatchObject({
        extra: { motivo: 'turno_requerido' },
      });
      // Recovery then failed it: it bought nothing, so the fan's next reservation spends the token anew.
      first.reservation!.estado = 'fallida';
      const next = await chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1, admissionToken: TOKEN }, lease);
      expect(rooms.spent.get(TOKEN)).toBe(next.reservaId);
      expect(reservations.stored).toHaveLength(2);
    });

    it('gives the token back when a later link refuses the reservation', async () => {
      const { chain, rooms } = withRoom();
      rooms.admitted.set(TOKEN, USER);
      await expect(chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 4, admissionToken: TOKEN }, lease)).resolves.toBeDefined();
      await expect(
        chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 3, admissionToken: 'B'.repeat(43) }, lease),
      ).rejects.toMatchObject({ extra: { motivo: 'turno_requerido' } });
      rooms.admitted.set('B'.repeat(43), USER);
      // Over the purchase limit: refused after the token was spent, so it is the fan's again.
      await expect(
        chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 3, admissionToken: 'B'.repeat(43) }, lease),
      ).rejects.toMatchObject({ extra: { motivo: 'limite_de_compra' } });
      expect(rooms.spent.has('B'.repeat(43))).toBe(false);
      expect(rooms.spent.has(TOKEN)).toBe(true);
    });
  });

  describe('with a waiting list', () => {
    const soldOut = () => chainWith(anEventSnapshot({ entradas_disponibles: 0, fecha: new Date(Date.now() + 86_400_000).toISOString() }));

    it('a fan with an offer for this quantity reserves under the offer id, past the sold-out check', async () => {
      const { chain, lists, reservations } = soldOut();
      lists.held.set(USER, { reservaId: 'a'.repeat(24), cantidad: 2 });
      const draft = await chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 2 }, lease);
      expect(draft.reservaId).toBe('a'.repeat(24));
      expect(reservations.stored[0]._id.toHexString()).toBe('a'.repeat(24));
    });

    it('while fans wait on the list, nobody else buys what comes back', async () => {
      const { chain, lists, reservations } = chainWith();
      lists.waiting = 3;
      await expect(chain.run({ usuario_id: USER, evento_id: EVENT, cantidad: 1 }, lease)).rejects.toMatchObject({
        extra: { motivo: 'entradas_insuficientes' },
      });
      expect(reservations.stored).toHaveLength(0);
    });
  });
});
