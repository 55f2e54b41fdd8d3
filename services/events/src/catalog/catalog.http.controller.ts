import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access } from '@eventflow/auth';
import { ParseObjectIdPipe } from '@eventflow/database';
import { GetEventUseCase } from './get-event.use-case';
import { ListEventsQuery } from './list-events.query';
import { CatalogPage, ListEventsUseCase } from './list-events.use-case';

/** The public catalog; every route also answers under /api/eventos. */
@Controller(['api/events', 'api/eventos'])
export class CatalogHttpController {
  constructor(
    private readonly listEvents: ListEventsUseCase,
    private readonly getEvent: GetEventUseCase,
  ) {}

  @Get()
  @Access('public')
  list(@Query() query: ListEventsQuery): Promise<CatalogPage> {
    return this.listEvents.execute(query);
  }

  /** Served as ready-made JSON text: cached head + live counter, no serialization. */
  @Get(':evento_id')
  @Access('public')
  async get(@Param('evento_id', ParseObjectIdPipe) eventoId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const json = await this.getEvent.publicJson(eventoId);
    void reply.header('content-type', 'application/json; charset=utf-8');
    return json;
  }
}
