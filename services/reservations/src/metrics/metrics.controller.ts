import { Controller, Get, Header } from '@nestjs/common';
import { Access } from '@eventflow/auth';
import { CompensationQueue } from '../recovery/compensation.queue';
import { ReservationRepository } from '../database/reservation.repository';
import { SagaBulkhead } from '../reservations/saga-bulkhead';
import { ReservationMetrics } from './reservation.metrics';

/** Prometheus text format. Admin only: it reveals business volumes. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ReservationMetrics,
    private readonly repository: ReservationRepository,
    private readonly compensations: CompensationQueue,
    private readonly bulkhead: SagaBulkhead,
  ) {}

  @Get()
  @Access('admin')
  @Header('content-type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    const [intervention, deadLetters, retrying] = await Promise.all([
      this.repository.countInState('requiere_intervencion'),
      this.compensations.deadLetters.count(),
      this.compensations.queue.count(),
    ]);
    const lines: string[] = [];
    const gauge = (name: string, help: string, value: number) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
    gauge(
      'eventflow_reservations_sagas_requiring_intervention',
      'Reservations whose compensation exhausted its retries (all instances)',
      intervention,
    );
    gauge('eventflow_reservations_compensation_dead_letters', 'Jobs in the compensation dead-letter queue', deadLetters);
    gauge('eventflow_reservations_compensations_waiting', 'Compensations waiting for a retry', retrying);
    gauge('eventflow_reservations_in_flight', 'Reservations this instance is working on', this.bulkhead.inFlight);
    gauge('eventflow_reservations_queued', 'Reservations waiting for a slot on this instance', this.bulkhead.queued);
    for (const [name, value] of Object.entries(this.metrics.counters)) {
      const metric = `eventflow_reservations_${name}_total`;
      lines.push(`# TYPE ${metric} counter`, `${metric} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
