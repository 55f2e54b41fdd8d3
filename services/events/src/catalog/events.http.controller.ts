import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access, CurrentPrincipal, Principal } from '@eventflow/auth';
import { ParseObjectIdPipe } from '@eventflow/database';
import { CatalogService } from './catalog.service';
import { CreateEventDto, ListEventsQuery, UpdateEventDto } from './event.dto';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Public catalog and organizer management; every route also answers under /api/eventos. */
@Controller(['api/events', 'api/eventos'])
export class EventsHttpController {
  constructor(private readonly catalog: CatalogService) {}

  @Post()
  @HttpCode(201)
  @Access('organizer', 'admin')
  create(@Body() body: CreateEventDto, @CurrentPrincipal() principal: Principal) {
    return this.catalog.create(body, principal);
  }

  @Get()
  @Access('public')
  list(@Query() query: ListEventsQuery) {
    return this.catalog.list(query);
  }

  /** Served as ready-made JSON text: cached head + live counter, no serialization. */
  @Get(':evento_id')
  @Access('public')
  async get(@Param('evento_id', ParseObjectIdPipe) eventoId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const json = await this.catalog.publicJson(eventoId);
    void reply.header('content-type', JSON_TYPE);
    return json;
  }

  @Patch(':evento_id')
  @Access('organizer', 'admin')
  async update(
    @Param('evento_id', ParseObjectIdPipe) eventoId: string,
    @Body() body: UpdateEventDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const json = await this.catalog.update(eventoId, body, principal);
    void reply.header('content-type', JSON_TYPE);
    return json;
  }

  @Get(':evento_id/inventario')
  @Access('organizer', 'admin')
  inventory(@Param('evento_id', ParseObjectIdPipe) eventoId: string, @CurrentPrincipal() principal: Principal) {
    return this.catalog.inventoryReport(eventoId, principal);
  }
}
