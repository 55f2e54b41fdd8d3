import { CompensationRetryPort, SagaClock, SagaJournal, SagaLog, SagaResult, SagaRetryPolicy, SagaStep, StepRecord } from './saga.types';

export interface SagaRun<C> {
  sagaId: string;
  steps: readonly SagaStep<C>[];
  context: C;
  /** The log so far: empty for a new saga, the persisted one when resuming. */
  log: SagaLog;
  journal: SagaJournal;
  /** Where compensations that still fail are handed over. */
  compensationRetry: CompensationRetryPort;
  /**
   * The saga was started by a run that was interrupted (recovery): what that run did after its
   * last persisted transition is not in the log.
   */
  resumed?: boolean;
}

/** The one error every engine-level failure message is read from. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

/**
 * Orchestrates a saga whose steps are data. Each transition is recorded before the next
 * begins; on failure the completed steps are compensated in reverse order; a compensation
 * that still fails is handed to the retry port, never swallowed.
 */
export class SagaEngine {
  constructor(
    private readonly clock: SagaClock,
    private readonly retry: SagaRetryPolicy,
  ) {}

  /** Runs (or resumes) the saga forward from the first step the log does not show completed. */
  async run<C>(run: SagaRun<C>): Promise<SagaResult> {
    const log: SagaLog = { ...run.log };
    let unsaved: SagaLog = {};
    for (const [index, step] of run.steps.entries()) {
      if (log[step.name]?.estado === 'completado') continue;
      const inicio = this.clock.now().toISOString();
      try {
        await this.attempt(step.retryable === true, () => step.execute(run.context));
      } catch (error) {
        const fin = this.clock.now().toISOString();
        const failed: StepRecord = { estado: 'fallido', inicio, fin, error: describeError(error) };
        // A timed-out reserve may still have taken tickets on the other side: undo it as well.
        if (step.compensate && this.retry.isTransient(error)) failed.incierto = true;
        log[step.name] = failed;
        unsaved[step.name] = failed;
        if (run.resumed) this.markUnrecorded(run.steps.slice(index + 1), log, unsaved, fin);
        return this.compensateAfterFailure(run, log, unsaved, { step: step.name, error });
      }
      const done: StepRecord = { estado: 'completado', inicio, fin: this.clock.now().toISOString() };
      log[step.name] = done;
      unsaved[step.name] = done;
      const isLast = step === run.steps[run.steps.length - 1];
      if (isLast) {
        await run.journal.record({ phase: 'completed', steps: unsaved });
        return { status: 'completed' };
      }
      if (!step.deferPersist) {
        await run.journal.record({ phase: 'running', steps: unsaved });
        unsaved = {};
      }
    }
    // Every step was already completed in the log (a resumed saga that had finished).
    await run.journal.record({ phase: 'completed', steps: unsaved });
    return { status: 'completed' };
  }

  /** Undoes every completed step in reverse order (cancellation, or resuming a compensation). */
  async compensate<C>(run: SagaRun<C>): Promise<SagaResult> {
    return this.compensateAll(run, { ...run.log }, {});
  }

  private async compensateAfterFailure<C>(
    run: SagaRun<C>,
    log: SagaLog,
    unsaved: SagaLog,
    failure: { step: string; error: unknown },
  ): Promise<SagaResult> {
    if (this.toCompensate(run.steps, log).length > 0) {
      await run.journal.record({ phase: 'compensating', steps: unsaved, failure });
      unsaved = {};
    }
    return this.compensateAll(run, log, unsaved, failure);
  }

  /**
   * The interrupted run may have executed these later steps (their completion written only with
   * a later transition, see `deferPersist`): compensations are harmless when `execute` never
   * took effect, so they are undone too rather than left possibly done.
   */
  private markUnrecorded<C>(later: readonly SagaStep<C>[], log: SagaLog, unsaved: SagaLog, at: string): void {
    for (const step of later) {
      if (!step.compensate || log[step.name]) continue;
      const unknown: StepRecord = {
        estado: 'fallido',
        inicio: at,
        fin: at,
        error: 'the interrupted run may have executed it',
        incierto: true,
      };
      log[step.name] = unknown;
      unsaved[step.name] = unknown;
    }
  }

  private toCompensate<C>(steps: readonly SagaStep<C>[], log: SagaLog): SagaStep<C>[] {
    return steps
      .filter((step) => {
        const record = log[step.name];
        if (!step.compensate || !record || record.compensacion === 'completada') return false;
        return record.estado === 'completado' || record.incierto === true;
      })
      .reverse();
  }

  private async compensateAll<C>(
    run: SagaRun<C>,
    log: SagaLog,
    unsaved: SagaLog,
    failure?: { step: string; error: unknown },
  ): Promise<SagaResult> {
    const pending: string[] = [];
    for (const step of this.toCompensate(run.steps, log)) {
      const record = { ...log[step.name] };
      try {
        // Compensations are idempotent by contract, so transient failures are retried here first.
        await this.attempt(true, () => step.compensate!(run.context));
        record.compensacion = 'completada';
        delete record.compensacion_error;
      } catch (error) {
        // Keep going: later compensations (releasing tickets) must not wait on an earlier one (a refund).
        record.compensacion = 'fallida';
        record.compensacion_error = describeError(error);
        pending.push(step.name);
      }
      record.compensacion_fin = this.clock.now().toISOString();
      log[step.name] = record;
      unsaved[step.name] = record;
    }
    const base = failure ? { failedStep: failure.step, error: failure.error } : {};
    if (pending.length === 0) {
      await run.journal.record({ phase: 'compensated', steps: unsaved, failure });
      return { status: 'compensated', ...base };
    }
    await run.journal.record({ phase: 'compensation_pending', steps: unsaved, failure });
    await run.compensationRetry.schedule(run.sagaId, pending);
    return { status: 'compensation_pending', pending, ...base };
  }

  private async attempt(retryable: boolean, action: () => Promise<void>): Promise<void> {
    const attempts = retryable ? Math.max(1, this.retry.attempts) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await action();
      } catch (error) {
        if (attempt >= attempts || !this.retry.isTransient(error)) throw error;
        await this.retry.delay(attempt + 1);
      }
    }
  }
}
