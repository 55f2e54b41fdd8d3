import { Job } from 'bullmq';
import { mongo } from 'mongoose';
import { waitUntil } from '@eventflow/testing';
import { ReservationMetrics } from '../src/metrics/reservation.metrics';
import { CompensationQueue, DeadLetter } from '../src/recovery/compensation.queue';
import { CompensationWorker } from '../src/recovery/compensation.worker';
import { AWAITING_OPERATOR, DeadLetterWorker } from '../src/reservations/dead-letter.worker';
import { RedriveCompensationUseCase } from '../src/reservations/redrive-compensation.use-case';
import { ReservationSagaRunner } from '../src/saga/reservation-saga.runner';
import { sagaStores, sagaSystem } from './saga-system';

/** The dead-letter queue as the queue board drives it: parked as failed, re-driven by a retry. */
describe(DeadLetterWorker.name, () => {
  const stores = sagaStores('dead_letters');

  /** The compensation queue, its worker and the dead-letter worker, on the real stores. */
  function deadLetterSystem(jobs: 'true' | 'false' = 'true') {
    const env = {
      REDIS_URL: stores.redisServer.url,
      COMPENSATION_ATTEMPTS: 2,
      COMPENSATION_BACKOFF_MS: 20,
      COMPENSATION_BACKOFF_MAX_MS: 40,
      RESERVATION_JOBS: jobs,
    };
    const s = sagaSystem(stores.connection, stores.redis, { env });
    const metrics = new ReservationMetrics();
    const queue = new CompensationQueue(s.env, metrics);
    const runner = new ReservationSagaRunner(s.env, s.repository, queue, metrics, s.claims, s.limits, ...s.ports);
    const compensations = new CompensationWorker(s.env, queue, runner, s.repository, s.claims, metrics);
    const deadLetters = new DeadLetterWorker(s.env, new RedriveCompensationUseCase(s.repository, queue, s.claims, runner, metrics));
    compensations.onModuleInit();
    deadLetters.onModuleInit();
    const deadLetterGauge = async () =>
      (await metrics.registry.getSingleMetric('eventflow_reservations_compensation_dead_letters')?.get())?.values[0]?.value;
    const deadLetterOf = async (reservaId: string): Promise<Job<DeadLetter> | undefined> =>
      (await queue.deadLetters.getJobs(['waiting', 'active', 'failed', 'completed'])).find((job) => job.data.reserva_id === reservaId);
    /** The dead letter once it is failed again with `reason`, after `attemptsMade` failures. */
    const parked = (reservaId: string, reason: string, attemptsMade: number) =>
      waitUntil(
        async () => {
          const job = await deadLetterOf(reservaId);
          if (!job || (await job.getState()) !== 'failed' || job.attemptsMade !== attemptsMade) return false;
          return job.failedReason === reason && job;
        },
        { timeoutMs: 20_000, description: `the dead letter parked: ${reason}` },
      );
    const stop = async () => {
      await Promise.all([compensations.onApplicationShutdown(), deadLetters.onApplicationShutdown()]);
      await queue.deadLetters.obliterate({ force: true });
      await queue.onApplicationShutdown();
    };
    return { s, runner, queue, deadLetterGauge, deadLetterOf, parked, stop };
  }

  it('parks a new dead letter as failed until an operator retries it, which re-drives the compensation until it settles', async () => {
    const { s, runner, queue, deadLetterGauge, parked, stop } = deadLetterSystem();
    try {
      s.inventory.failReleases = true;
      const { id } = await s.reserve(1, true, runner);
      const dead = await parked(id, AWAITING_OPERATOR, 1);
      expect(dead.data).toMatchObject({ reserva_id: id, steps: ['reservar_inventario'] });
      expect(dead.stacktrace).toEqual([`UnrecoverableError: ${AWAITING_OPERATOR}`]);
      expect((await s.repository.findById(id))?.estado).toBe('requiere_intervencion');
      expect(await deadLetterGauge()).toBe(1); // parked, still counted: the alert keeps firing
      expect(await queue.deadLetters.getWorkersCount()).toBe(1);

      // A retry while another run holds the saga: parked again, still retryable.
      const other = runner.newLease();
      expect(await s.claims.lock(new mongo.ObjectId(id), other)).toBe(true);
      await dead.retry('failed');
      await parked(id, `${AWAITING_OPERATOR} (the saga was busy)`, 2);
      expect((await s.repository.findById(id))?.estado).toBe('requiere_intervencion');
      expect(await deadLetterGauge()).toBe(1);
      await s.claims.release(new mongo.ObjectId(id), other);

      // The operator fixed the events service and retries from the board.
      s.inventory.failReleases = false;
      await (await queue.deadLetters.getJob(dead.id!))!.retry('failed');
      const settled = await waitUntil(async () => (await s.repository.findById(id))?.estado === 'fallida' || undefined, {
        timeoutMs: 20_000,
        description: 'the re-driven compensation to settle',
      });
      expect(settled).toBe(true);
      expect(s.inventory.available).toBe(10);
      const done = await waitUntil(async () => {
        const job = await queue.deadLetters.getJob(dead.id!);
        return (await job?.getState()) === 'completed' && job;
      });
      expect(done.returnvalue).toEqual({ estado: 'compensando' });
      expect(await deadLetterGauge()).toBe(0);
    } finally {
      await stop();
    }
  });

  it('completes a retried dead letter whose reservation an admin already re-drove and settled', async () => {
    const { s, runner, queue, parked, stop } = deadLetterSystem();
    try {
      s.inventory.failReleases = true;
      const { id } = await s.reserve(1, true, runner);
      const dead = await parked(id, AWAITING_OPERATOR, 1);
      s.inventory.failReleases = false;
      const metrics = new ReservationMetrics();
      await new RedriveCompensationUseCase(s.repository, queue, s.claims, runner, metrics).execute(id);
      await waitUntil(async () => (await s.repository.findById(id))?.estado === 'fallida', { timeoutMs: 20_000, description: 'fallida' });
      await dead.retry('failed');
      const done = await waitUntil(async () => {
        const job = await queue.deadLetters.getJob(dead.id!);
        return (await job?.getState()) === 'completed' && job;
      });
      expect(done.returnvalue).toEqual({ estado: 'fallida' });
    } finally {
      await stop();
    }
  });

  it('leaves dead letters alone on an instance with RESERVATION_JOBS=false (no worker)', async () => {
    const { queue, deadLetterGauge, stop } = deadLetterSystem('false');
    try {
      await queue.deadLetters.add('requiere_intervencion', {
        reserva_id: new mongo.ObjectId().toHexString(),
        steps: [],
        error: 'forced',
        failedAt: new Date().toISOString(),
      });
      expect(await queue.deadLetters.getWorkersCount()).toBe(0);
      expect(await queue.deadLetters.getJobCounts('waiting', 'failed')).toMatchObject({ waiting: 1, failed: 0 });
      expect(await deadLetterGauge()).toBe(1); // not parked, still counted
    } finally {
      await stop();
    }
  });
});
