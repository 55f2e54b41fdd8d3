import { Body, Controller, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access, CurrentPrincipal, Principal } from '@eventflow/auth';
import { ParseObjectIdPipe } from '@eventflow/database';
import { CreateEventUseCase } from './create-event.use-case';
import { CreateEventDto, UpdateEventDto } from './event.dto';
import { GetInventoryReportUseCase } from './get-inventory-report.use-case';
import { UpdateEventUseCase } from './update-event.use-case';

/** Organizers (and admins) manage their events; every route also answers under /api/eventos. */
@Controller(['api/events', 'api/eventos'])
export class ManagementHttpController {
  constructor(
    private readonly createEvent: CreateEventUseCase,
    private readonly updateEvent: UpdateEventUseCase,
    private readonly inventoryReport: GetInventoryReportUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @Access('organizer', 'admin')
  create(@Body() body: CreateEventDto, @CurrentPrincipal() principal: Principal) {
    return this.createEvent.execute(body, principal);
  }

  @Patch(':evento_id')
  @Access('organizer', 'admin')
  async update(
    @Param('evento_id', ParseObjectIdPipe) eventoId: string,
    @Body() body: UpdateEventDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const json = await this.updateEvent.execute(eventoId, body, principal);
    void reply.header('content-type', 'application/json; charset=utf-8');
    return json;
  }

  @Get(':evento_id/inventario')
  @Access('organizer', 'admin')
  inventory(@Param('evento_id', ParseObjectIdPipe) eventoId: string, @CurrentPrincipal() principal: Principal) {
    return this.inventoryReport.execute(eventoId, principal);
  }
}
