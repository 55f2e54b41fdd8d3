import { startStack, TestStack, waitUntil } from '@eventflow/testing';
import { Apis, apisOf, createEvent, Fan, historyOf, inventoryOf, registerFans, reservationOf, reserve } from './support';

/**
 * Cancelling an event refunds every confirmed reservation through the saga's own compensations,
 * on a stack of its own with short intervals (refund passes, recovery, compensation retries).
 */
describe('event cancellation refunds every fan', () => {
  let stack: TestStack;
  let apis: Apis;

  beforeAll(async () => {
    stack = await startStack({
      serviceEnv: {
        reservations: {
          EVENT_REFUNDS_INTERVAL_MS: '300',
          RECOVERY_INTERVAL_MS: '500',
          SAGA_LEASE_MS: '3000',
          COMPENSATION_BACKOFF_MS: '200',
          COMPENSATION_BACKOFF_MAX_MS: '1000',
          STEP_ATTEMPTS: '2',
          RPC_TIMEOUT_MS: '1000',
          FAN_TOKEN_CACHE_TTL_MS: '300000',
        },
      },
    });
    apis = apisOf(stack);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** `count` confirmed one-ticket reservations, five per fan; their ids. */
  async function confirmedReservations(fans: Fan[], eventoId: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, count - i) }, (_, j) => reserve(apis, fans[Math.floor((i + j) / 5)], eventoId, 1)),
      );
      for (const response of batch) {
        if (response.status !== 201) throw new Error(`reservation failed: ${response.status} ${response.text}`);
        ids.push(response.body.reserva_id);
      }
    }
    return ids;
  }

  function cancelEvent(eventoId: string) {
    return apis.events.patch(`/api/events/${eventoId}`, { estado: 'cancelado' }, { token: apis.keys.organizer });
  }

  async function waitForRefunds(eventoId: string, timeoutMs: number) {
    return waitUntil(
      async () => {
        const report = await inventoryOf(apis, eventoId).catch(() => undefined);
        return (report as any)?.cancelacion?.estado === 'completada' ? (report as any) : false;
      },
      { timeoutMs, intervalMs: 250, description: 'the cancellation to refund every reservation' },
    );
  }

  async function expectEveryFanRefunded(fans: Fan[], eventoId: string, ids: string[]): Promise<void> {
    const report = await waitForRefunds(eventoId, 90_000);
    expect(report).toMatchObject({
      vendidas: 0,
      retenidas: 0,
      consistente: true,
      cancelacion: { estado: 'completada', reservas_reembolsadas: ids.length, reservas_por_reembolsar: 0 },
    });
    const reservations = await Promise.all(ids.map((id) => reservationOf(apis, id)));
    for (const reservation of reservations) {
      expect(reservation).toMatchObject({ estado: 'cancelada', motivo: 'evento_cancelado' });
      // The charge was refunded, the purchase removed from the history, the tickets given back.
      const compensated = reservation.saga.filter((step: any) => step.compensacion !== undefined).map((step: any) => step.paso);
      expect(compensated).toEqual(expect.arrayContaining(['procesar_pago', 'actualizar_historial', 'reservar_inventario']));
      expect(reservation.saga.every((step: any) => step.compensacion === undefined || step.compensacion === 'completada')).toBe(true);
    }
    const histories = (await Promise.all(fans.map((fan) => historyOf(apis, fan)))).flat();
    expect(histories.filter((purchase) => purchase.evento_id === eventoId)).toEqual([]);
  }

  it('a cancelled event with 100 confirmed reservations ends with 100 refunds and 0 tickets sold', async () => {
    const fans = await registerFans(apis, 20);
    const eventoId = await createEvent(apis, { aforo_total: 150 });
    const ids = await confirmedReservations(fans, eventoId, 100);
    expect(await inventoryOf(apis, eventoId)).toMatchObject({ vendidas: 100 });

    const cancelled = await cancelEvent(eventoId);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.estado).toBe('cancelado');
    // Nobody buys a ticket of a cancelled event meanwhile.
    const late = await reserve(apis, fans[0], eventoId, 1);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'RESERVATION.EVENT_NOT_ACTIVE' });

    await expectEveryFanRefunded(fans, eventoId, ids);
    // The fan's limit was given back with each refund.
    const limits = await apis.reservations.get(`/api/reservar?evento_id=${eventoId}&limit=100`, { token: apis.keys.admin });
    expect(limits.body.total).toBe(100);
  }, 180_000);

  it('shows the cancellation in progress, and an event without reservations completes at once', async () => {
    const eventoId = await createEvent(apis, { aforo_total: 10 });
    expect((await inventoryOf(apis, eventoId)) as any).not.toHaveProperty('cancelacion');
    expect((await cancelEvent(eventoId)).status).toBe(200);
    const report = await waitForRefunds(eventoId, 30_000);
    expect(report.cancelacion).toMatchObject({ reservas_reembolsadas: 0, reservas_por_reembolsar: 0, actualizada: expect.any(String) });
  }, 60_000);

  it('ends with every fan refunded when the events service is killed during the cancellation', async () => {
    const fans = await registerFans(apis, 10);
    const eventoId = await createEvent(apis, { aforo_total: 60 });
    const ids = await confirmedReservations(fans, eventoId, 50);
    expect((await cancelEvent(eventoId)).status).toBe(200);

    // Killed as the refunds begin: passes and compensations in flight fail until it is back.
    await stack.services.events.stop('SIGKILL');
    const stranded = await Promise.all(ids.map(async (id) => (await reservationOf(apis, id)).estado));
    expect(stranded.filter((estado) => estado !== 'cancelada').length).toBeGreaterThan(0);
    await stack.services.events.start();

    await expectEveryFanRefunded(fans, eventoId, ids);
  }, 180_000);

  it("a date change reaches the event's reservations: the cancellation deadline follows the event", async () => {
    const [fan] = await registerFans(apis, 1);
    const eventoId = await createEvent(apis, { aforo_total: 10 });
    const [reservaId] = await confirmedReservations([fan], eventoId, 1);
    const soon = new Date(Date.now() + 3_000).toISOString();
    expect((await apis.events.patch(`/api/events/${eventoId}`, { fecha: soon }, { token: apis.keys.organizer })).status).toBe(200);
    await waitUntil(async () => Date.now() > Date.parse(soon) + 500, { timeoutMs: 10_000, description: 'the new date to pass' });
    const late = await apis.reservations.delete(`/api/reservar/${reservaId}`, { token: fan.token });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'RESERVATION.EVENT_STARTED' });
  }, 60_000);
});
