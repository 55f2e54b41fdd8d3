import { ReservationRejected } from '../domain/rejection';
import {
  anEventSnapshot,
  EVENT,
  FakeEventCatalog,
  FakeUserDirectory,
  InMemoryInventory,
  InMemoryPayments,
  InMemoryPurchaseHistory,
  InMemoryPurchaseLimitStore,
  NOW,
  USER,
} from '../ports/ports.fakes';
import { ReservationSagaContext, reservationSagaSteps, SAGA_STEP_NAMES } from './reservation.saga';

function sagaWith(options: { event?: ReturnType<typeof anEventSnapshot> | null; available?: number; fans?: string[] } = {}) {
  const ports = {
    limits: new InMemoryPurchaseLimitStore(),
    users: new FakeUserDirectory(new Set(options.fans ?? [USER])),
    events: new FakeEventCatalog(options.event === undefined ? anEventSnapshot() : options.event),
    inventory: new InMemoryInventory(options.available ?? 100),
    payments: new InMemoryPayments(),
    history: new InMemoryPurchaseHistory(new Set(options.fans ?? [USER])),
    now: () => NOW,
  };
  const steps = new Map(reservationSagaSteps(ports).map((step) => [step.name, step]));
  const run = (name: string, ctx: ReservationSagaContext) => steps.get(name)!.execute(ctx);
  const undo = (name: string, ctx: ReservationSagaContext) => steps.get(name)!.compensate!(ctx);
  return { ports, steps, run, undo };
}

const aContext = (overrides: Partial<ReservationSagaContext> = {}): ReservationSagaContext => ({
  reservaId: 'cccccccccccccccccccccccc',
  usuarioId: USER,
  eventoId: EVENT,
  cantidad: 2,
  montoCentavos: 5000,
  fechaEvento: new Date('2030-02-01T20:00:00.000Z'),
  creada: new Date('2030-01-01T00:00:00.000Z'),
  maxPerUser: 10,
  forceDecline: false,
  ...overrides,
});

const reasonOf = (promise: Promise<void>) =>
  promise.then(
    () => 'passed',
    (error: unknown) => (error instanceof ReservationRejected ? error.reason : 'unexpected'),
  );

describe('the reservation saga’s step table', () => {
  it('runs user → event → inventory → payment → history → confirm after the limit hold, in that order', () => {
    const { steps } = sagaWith();
    expect([...steps.keys()]).toEqual([...SAGA_STEP_NAMES]);
    expect(SAGA_STEP_NAMES).toEqual([
      'limite_compra',
      'validar_usuario',
      'validar_evento',
      'reservar_inventario',
      'procesar_pago',
      'actualizar_historial',
      'confirmar',
    ]);
  });

  it('undoes exactly the steps with an effect: the limit hold, the tickets, the charge and the history entry', () => {
    const { steps } = sagaWith();
    const compensable = [...steps.values()].filter((step) => step.compensate).map((step) => step.name);
    expect(compensable).toEqual(['limite_compra', 'reservar_inventario', 'procesar_pago', 'actualizar_historial']);
  });

  it('persists only the confirmation on the happy path: every earlier step replays its first outcome', () => {
    const { steps } = sagaWith();
    expect([...steps.values()].filter((step) => !step.deferPersist).map((step) => step.name)).toEqual(['confirmar']);
    expect([...steps.values()].every((step) => step.retryable)).toBe(true);
  });

  it('takes the purchase-limit hold only when the chain did not, and refuses a fan over the limit', async () => {
    const { ports, run } = sagaWith();
    await run('limite_compra', aContext({ limitHeld: true }));
    expect(ports.limits.total()).toBe(0);
    await run('limite_compra', aContext({ cantidad: 9 }));
    expect(await reasonOf(run('limite_compra', aContext({ reservaId: 'dddddddddddddddddddddddd', cantidad: 2 })))).toBe('limite_de_compra');
  });

  it('asks the users service only when the fan was not just authenticated', async () => {
    const { run } = sagaWith({ fans: [] });
    expect(await reasonOf(run('validar_usuario', aContext({ userKnown: true })))).toBe('passed');
    expect(await reasonOf(run('validar_usuario', aContext()))).toBe('usuario_inexistente');
  });

  it.each([
    ['a missing event', null, 'evento_inexistente'],
    ['a cancelled event', anEventSnapshot({ estado: 'cancelado' }), 'evento_no_activo'],
    ['an event in the past', anEventSnapshot({ fecha: '2029-12-31T00:00:00.000Z' }), 'evento_pasado'],
  ])('refuses %s', async (_label, event, reason) => {
    const { run } = sagaWith({ event });
    expect(await reasonOf(run('validar_evento', aContext()))).toBe(reason);
  });

  it('refuses a reserve that does not fit, and never re-takes tickets of a released reservation', async () => {
    const { run, undo } = sagaWith({ available: 3 });
    expect(await reasonOf(run('reservar_inventario', aContext({ cantidad: 4 })))).toBe('entradas_insuficientes');
    await run('reservar_inventario', aContext());
    await undo('reservar_inventario', aContext());
    expect(await reasonOf(run('reservar_inventario', aContext()))).toBe('inventario_no_retenido');
  });

  it('charges once per reservation, and a declined charge is a payment rejection', async () => {
    const { ports, run } = sagaWith();
    await run('procesar_pago', aContext());
    await run('procesar_pago', aContext());
    expect([...ports.payments.records.values()]).toEqual(['approved']);
    expect(await reasonOf(run('procesar_pago', aContext({ reservaId: 'eeeeeeeeeeeeeeeeeeeeeeee', forceDecline: true })))).toBe(
      'pago_rechazado',
    );
  });

  it('writes the history entry with the reservation’s own time, so a retry writes the same entry', async () => {
    const { ports, run } = sagaWith();
    await run('actualizar_historial', aContext());
    expect(ports.history.entries.get('cccccccccccccccccccccccc')).toEqual({
      usuario_id: USER,
      reserva_id: 'cccccccccccccccccccccccc',
      evento_id: EVENT,
      cantidad: 2,
      monto: 50,
      fecha_compra: '2030-01-01T00:00:00.000Z',
    });
  });

  it('confirms only tickets still held for the reservation', async () => {
    const { run, undo } = sagaWith();
    await run('reservar_inventario', aContext());
    await undo('reservar_inventario', aContext());
    expect(await reasonOf(run('confirmar', aContext()))).toBe('inventario_no_retenido');
  });
});
