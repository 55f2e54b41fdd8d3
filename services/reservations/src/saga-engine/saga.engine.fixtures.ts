import { SagaEngine } from './saga.engine';
import { CompensationRetryPort, SagaJournal, SagaLog, SagaStep, SagaTransition } from './saga.types';

export class TransientError extends Error {}

/** Records what happened, in order, across steps, journal and retry port. */
export function harness(options: { attempts?: number } = {}) {
  const happened: string[] = [];
  const transitions: SagaTransition[] = [];
  const scheduled: { sagaId: string; steps: string[] }[] = [];
  const journal: SagaJournal = {
    record: async (transition) => {
      transitions.push(structuredClone(transition));
      happened.push(`record:${transition.phase}`);
    },
  };
  const compensationRetry: CompensationRetryPort = {
    schedule: async (sagaId, steps) => {
      scheduled.push({ sagaId, steps });
    },
  };
  const engine = new SagaEngine(
    { now: () => new Date('2030-01-01T00:00:00.000Z') },
    { attempts: options.attempts ?? 3, isTransient: (e) => e instanceof TransientError, delay: async () => undefined },
  );
  const step = (
    name: string,
    behaviour: {
      fail?: () => Error;
      compensateFails?: () => Error;
      noCompensation?: boolean;
      deferPersist?: boolean;
      retryable?: boolean;
    } = {},
  ): SagaStep<object> => ({
    name,
    deferPersist: behaviour.deferPersist,
    retryable: behaviour.retryable,
    execute: async () => {
      happened.push(`execute:${name}`);
      if (behaviour.fail) throw behaviour.fail();
    },
    compensate: behaviour.noCompensation
      ? undefined
      : async () => {
          happened.push(`compensate:${name}`);
          if (behaviour.compensateFails) throw behaviour.compensateFails();
        },
  });
  const run = (steps: SagaStep<object>[], log: SagaLog = {}, resumed = false) =>
    engine.run({ sagaId: 'r1', steps, context: {}, log, journal, compensationRetry, resumed });
  const compensate = (steps: SagaStep<object>[], log: SagaLog) =>
    engine.compensate({ sagaId: 'r1', steps, context: {}, log, journal, compensationRetry });
  return { happened, transitions, scheduled, run, compensate, step };
}

export const done = (extra: Partial<SagaLog[string]> = {}): SagaLog[string] => ({ estado: 'completado', inicio: 'x', fin: 'x', ...extra });
