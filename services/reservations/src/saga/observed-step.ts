import { inSpan } from '@eventflow/tracing';
import { ReservationMetrics } from '../metrics/reservation.metrics';
import { SagaStep } from '../saga-engine/saga.types';

/**
 * The same step, with every execute and compensate attempt timed (compensations counted by
 * result) and run in a span named after the step (`saga.<step>` or `saga.<step>.compensate`).
 */
export function observedStep<C extends { reservaId: string }>(step: SagaStep<C>, metrics: ReservationMetrics): SagaStep<C> {
  const observed = (action: 'execute' | 'compensate', run: (context: C) => Promise<void>) => (context: C) =>
    inSpan(action === 'execute' ? `saga.${step.name}` : `saga.${step.name}.compensate`, { reserva_id: context.reservaId }, async () => {
      const started = performance.now();
      let failed = true;
      try {
        await run(context);
        failed = false;
      } finally {
        metrics.step(step.name, action, (performance.now() - started) / 1000, failed);
      }
    });
  const compensate = step.compensate;
  return {
    ...step,
    execute: observed('execute', (context) => step.execute(context)),
    ...(compensate ? { compensate: observed('compensate', (context) => compensate.call(step, context)) } : {}),
  };
}
