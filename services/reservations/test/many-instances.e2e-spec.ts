import { randomInt } from 'node:crypto';
import Redis from 'ioredis';
import { Api, api, HttpResult, RunningService, ServiceName, startStack, TestStack, waitUntil } from '@eventflow/testing';
import { queuePrefix } from '@eventflow/redis';
import { apisOf, Apis, createEvent, Fan, inventoryOf, registerFans, reservationsOf, TERMINAL } from './support';
import { completedRuns, schedulersOf, smallestGap } from './job-runs';

const RECOVERY_EVERY_MS = 1_000;
const RECONCILE_EVERY_MS = 1_000;
const AFORO = 80;

/** What a real client does: on a refused connection, a 503 or "still in progress", the same request (same Idempotency-Key) to any instance. */
async function reserveUntilAnswered(
  instances: (() => Api | undefined)[],
  first: number,
  fan: Fan,
  eventoId: string,
  cantidad: number,
  key: string,
) {
  const deadline = Date.now() + 90_000;
  for (let attempt = 0; ; attempt++) {
    const target = instances[(first + attempt) % instances.length]();
    let answer: HttpResult | undefined;
    if (target) {
      answer = await target
        .post(
          '/api/reservar',
          { usuario_id: fan.id, evento_id: eventoId, cantidad },
          { token: fan.token, headers: { 'idempotency-key': key } },
        )
        .catch(() => undefined);
    }
    const retry = !answer || answer.status === 503 || answer.body?.code === 'IDEMPOTENCY.IN_PROGRESS';
    if (!retry) return { ...answer!, attempts: attempt + 1 };
    if (Date.now() > deadline) throw new Error(`no final answer for ${key}: ${answer?.status} ${answer?.text}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(50 * (attempt + 1), 500)));
  }
}

/**
 * Two instances of every service over NATS against the same stores. A flash sale is spread over
 * both reservations instances; a third of the way into its first wave, the first instance of each service is
 * killed (SIGKILL) and the other carries on: clients retry with their Idempotency-Key, recovery on
 * the survivor finishes the sagas the dead one left. Nothing is oversold, every saga ends final,
 * and the repeating jobs ran once per tick for the whole deployment (from BullMQ's events stream).
 */
describe('many instances over NATS', () => {
  let stack: TestStack;
  const seconds = {} as Record<ServiceName, RunningService>;

  beforeAll(async () => {
    stack = await startStack({
      transport: 'nats',
      env: { SAGA_LEASE_MS: '5000', LOG_REQUESTS: 'false' },
      serviceEnv: {
        events: { RECONCILE_INTERVAL_MS: String(RECONCILE_EVERY_MS) },
        reservations: { RECOVERY_INTERVAL_MS: String(RECOVERY_EVERY_MS) },
      },
    });
    for (const name of ['users', 'events', 'reservations'] as ServiceName[]) seconds[name] = await stack.addInstance(name);
  }, 180_000);
  afterAll(() => stack?.stop());

  it('sells exactly the capacity while one instance of each service dies, and runs each job once per tick', async () => {
    const apis = apisOf(stack);
    const survivors: Apis = {
      ...apis,
      users: api(seconds.users.url),
      events: api(seconds.events.url),
      reservations: api(seconds.reservations.url),
    };
    const fans = await registerFans(apis, 40, 10);
    const eventoId = await createEvent(apis, { aforo_total: AFORO, precio: 10 });
    const first = stack.services.reservations;
    const instances = [() => (first.isRunning() ? apis.reservations : undefined), () => survivors.reservations];

    // Wave one asks for less than the capacity; once a third of it is answered, every service loses
    // its first instance at once (mid-saga for some), then wave two asks for the rest and more.
    const wave = (from: number, count: number) =>
      Array.from({ length: count }, (_, n) => ({
        fan: fans[(from + n) % fans.length],
        cantidad: randomInt(1, 4),
        key: `sale-${from + n}`,
      }));
    const send = (requests: ReturnType<typeof wave>, onAnswer: () => void = () => undefined) =>
      Promise.all(
        requests.map(async ({ fan, cantidad, key }, i) => {
          const answer = await reserveUntilAnswered(instances, i % 2, fan, eventoId, cantidad, key);
          onAnswer();
          return answer;
        }),
      );
    let answered = 0;
    let killed: Promise<unknown> | undefined;
    const killFirstInstances = () => Promise.all(Object.values(stack.services).map((service) => service.stop('SIGKILL')));
    const waveOne = await send(wave(0, 24), () => {
      if (++answered === 8) killed = killFirstInstances();
    });
    await killed;
    expect(Object.values(stack.services).map((service) => service.isRunning())).toEqual([false, false, false]);
    const waveTwo = await send(wave(24, 60));
    const answers = [...waveOne, ...waveTwo];
    // The survivors sold tickets after the kill.
    expect(waveTwo.filter((r) => r.status === 201).length).toBeGreaterThan(0);

    expect(answers.filter((r) => r.status !== 201 && r.status !== 409).map((r) => `${r.status} ${r.text}`)).toEqual([]);
    for (const r of answers.filter((r) => r.status === 409))
      expect(['entradas_insuficientes', 'limite_de_compra']).toContain(r.body.motivo);
    // Some requests did need the other instance: the kill was felt.
    expect(answers.some((r) => r.attempts > 1)).toBe(true);

    // Every saga final (recovery on the survivor finishes what the dead instance left), then the books agree.
    const stored = await waitUntil(
      async () => {
        const all = (await Promise.all(fans.map((fan) => reservationsOf(survivors, fan)))).flat().filter((r) => r.evento_id === eventoId);
        return all.every((r) => TERMINAL.includes(r.estado)) ? all : false;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'every saga to be final' },
    );
    const sold = stored.filter((r) => r.estado === 'confirmada').reduce((sum, r) => sum + r.cantidad, 0);
    expect(stored.filter((r) => r.estado === 'requiere_intervencion')).toEqual([]);
    expect(sold).toBe(AFORO);
    const inventory = await waitUntil(
      async () => {
        const report = await inventoryOf(survivors, eventoId);
        return report.retenidas === 0 ? report : false;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'no tickets left held' },
    );
    expect(inventory).toMatchObject({ aforo_total: AFORO, vendidas: AFORO, retenidas: 0, disponibles: 0, consistente: true });
    // Each 201 names a confirmed reservation, and no two answers share one.
    const created = answers.filter((r) => r.status === 201).map((r) => r.body.reserva_id);
    expect(new Set(created).size).toBe(created.length);

    // Once per tick in total: one scheduler per job, no tick closer to the last than its interval,
    // and the reconciliation's own run counter moved once per completed run.
    const redis = new Redis(stack.redis.url);
    try {
      const runsBefore = Number(await redis.hget('eventflow:events:reconcile:stats', 'runs'));
      const reconcileBefore = (await completedRuns(stack.redis.url, queuePrefix('events'), 'inventory-reconciliation')).length;
      await waitUntil(
        async () => (await completedRuns(stack.redis.url, queuePrefix('events'), 'inventory-reconciliation')).length >= reconcileBefore + 3,
        { timeoutMs: 30_000, description: 'three more reconciliation runs' },
      );
      const reconciliation = await completedRuns(stack.redis.url, queuePrefix('events'), 'inventory-reconciliation');
      const runsAfter = Number(await redis.hget('eventflow:events:reconcile:stats', 'runs'));
      // ±1: a run may be between its counter and its completion at either reading; one run per instance per tick would double it.
      expect(Math.abs(runsAfter - runsBefore - (reconciliation.length - reconcileBefore))).toBeLessThanOrEqual(1);
      const recovery = await completedRuns(stack.redis.url, queuePrefix('reservations'), 'saga-recovery');
      for (const [runs, every, scheduler] of [
        [reconciliation, RECONCILE_EVERY_MS, 'repeat:reconcile-inventory'],
        [recovery, RECOVERY_EVERY_MS, 'repeat:recover-stuck-sagas'],
      ] as const) {
        expect(runs.length).toBeGreaterThan(3);
        expect(schedulersOf(runs)).toEqual([scheduler]);
        expect(new Set(runs.map((run) => run.tick)).size).toBe(runs.length);
        expect(smallestGap(runs)).toBeGreaterThanOrEqual(every);
      }
      // The survivor's recovery finished the sagas the dead instance was driving.
      expect(recovery.some((run) => Number(run.returnvalue) > 0)).toBe(true);
    } finally {
      redis.disconnect();
    }
  }, 300_000);
});
