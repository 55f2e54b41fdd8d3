import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access } from '@eventflow/auth';
import { MetricsRegistry } from '@eventflow/metrics';

/** Prometheus exposition of this process. Admin only (business volumes): Prometheus sends the key as a bearer credential. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @Access('admin')
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', this.registry.contentType);
    return this.registry.metrics();
  }
}
