import { ReservationMetrics } from '../metrics/reservation.metrics';
import { SagaStep } from '../saga-engine/saga.types';

/** The same step, with every execute and compensate attempt timed (and compensations counted by result). */
export function timedStep<C>(step: SagaStep<C>, metrics: ReservationMetrics): SagaStep<C> {
  const timed = (action: 'execute' | 'compensate', run: (context: C) => Promise<void>) => async (context: C) => {
    const started = performance.now();
    let failed = true;
    try {
      await run(context);
      failed = false;
    } finally {
      metrics.step(step.name, action, (performance.now() - started) / 1000, failed);
    }
  };
  const compensate = step.compensate;
  return {
    ...step,
    execute: timed('execute', (context) => step.execute(context)),
    ...(compensate ? { compensate: timed('compensate', (context) => compensate.call(step, context)) } : {}),
  };
}
