import { Controller, Get, Header } from '@nestjs/common';
import { Access } from '@eventflow/auth';
import { storeWait } from '@eventflow/metrics';

/** Prometheus text: this process's store operations and the time it waited on them. Admin only. */
@Controller('metrics/stores')
export class StoreMetricsController {
  @Get()
  @Access('admin')
  @Header('content-type', 'text/plain; version=0.0.4')
  scrape(): string {
    const lines = [
      '# HELP eventflow_store_operations_total Operations this process sent to each store',
      '# TYPE eventflow_store_operations_total counter',
      '# HELP eventflow_store_wait_seconds_total Time this process waited for store replies',
      '# TYPE eventflow_store_wait_seconds_total counter',
    ];
    for (const [store, total] of Object.entries(storeWait.snapshot())) {
      lines.push(`eventflow_store_operations_total{store="${store}"} ${total.operations}`);
      lines.push(`eventflow_store_wait_seconds_total{store="${store}"} ${(total.waitMs / 1000).toFixed(6)}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
