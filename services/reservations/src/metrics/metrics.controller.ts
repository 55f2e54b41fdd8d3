import { Controller, Get, Header } from '@nestjs/common';
import { Access } from '@eventflow/auth';
import { ReservationMetrics } from './reservation.metrics';

/** Prometheus text format. Admin only: it reveals business volumes. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ReservationMetrics) {}

  @Get()
  @Access('admin')
  @Header('content-type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    const values = await Promise.all(this.metrics.gauges.map((gauge) => gauge.read()));
    const lines: string[] = [];
    this.metrics.gauges.forEach(({ name, help }, i) => {
      const metric = `eventflow_reservations_${name}`;
      lines.push(`# HELP ${metric} ${help}`, `# TYPE ${metric} gauge`, `${metric} ${values[i]}`);
    });
    for (const [name, value] of Object.entries(this.metrics.counters)) {
      const metric = `eventflow_reservations_${name}_total`;
      lines.push(`# TYPE ${metric} counter`, `${metric} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
