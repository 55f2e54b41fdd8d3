import { Global, Module } from '@nestjs/common';
import { MetricsRegistry } from './metrics.registry';

/** The process's registry, for every module that meters something (served by @eventflow/health). */
@Global()
@Module({
  providers: [{ provide: MetricsRegistry, useFactory: () => MetricsRegistry.forService() }],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
