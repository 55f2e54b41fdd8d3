import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access, assertFanOrAdmin, CurrentPrincipal, describePrincipal, Principal } from '@eventflow/auth';
import { ParseObjectIdPipe } from '@eventflow/database';
import { ReservationsEnv } from '../config/reservations.env';
import { ReservationErrors } from '../domain/reservations.errors';
import { CancelReservationUseCase } from './cancel-reservation.use-case';
import { RedriveCompensationUseCase } from './redrive-compensation.use-case';
import { CreateReservationUseCase } from './create-reservation.use-case';
import { QueryReservationsUseCase } from './query-reservations.use-case';
import { ReservationRateGuard } from './reservation-rate.guard';
import { CreateReservationDto, ListReservationsQuery } from './reservation.dto';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

@Controller('api/reservar')
export class ReservationsController {
  constructor(
    private readonly env: ReservationsEnv,
    private readonly create: CreateReservationUseCase,
    private readonly query: QueryReservationsUseCase,
    private readonly cancel: CancelReservationUseCase,
    private readonly redrive: RedriveCompensationUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @Access('fan', 'admin')
  @UseGuards(ReservationRateGuard)
  reserve(
    @Body() body: CreateReservationDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('x-test-payment') testPayment?: string,
    @Headers('x-admission-token') admissionToken?: string,
  ) {
    assertFanOrAdmin(principal, body.usuario_id.toLowerCase());
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw ReservationErrors.invalidIdempotencyKey();
    }
    return this.create.execute({
      // The forced decline is a test hook: ignored unless the service runs with NODE_ENV=test.
      request: {
        ...body,
        fanAuthenticated: principal.kind === 'fan',
        forceDecline: this.env.NODE_ENV === 'test' && testPayment === 'decline',
        ...(admissionToken !== undefined && { admissionToken }),
      },
      principal: describePrincipal(principal),
      idempotencyKey,
    });
  }

  @Get()
  @Access('fan', 'admin')
  list(@Query() query: ListReservationsQuery, @CurrentPrincipal() principal: Principal) {
    if (query.usuario_id !== undefined && query.evento_id !== undefined) {
      throw ReservationErrors.oneFilter();
    }
    if (query.evento_id !== undefined) return this.query.listByEvent(principal, query.evento_id.toLowerCase(), query.page, query.limit);
    return this.query.list(principal, query.usuario_id!.toLowerCase(), query.page, query.limit);
  }

  @Get(':reserva_id')
  @Access('fan', 'admin')
  get(@Param('reserva_id', ParseObjectIdPipe) reservaId: string, @CurrentPrincipal() principal: Principal) {
    return this.query.get(principal, reservaId);
  }

  /** 200 once cancelled; 202 while the cancellation finishes in the background (a compensation retrying, recovery). */
  @Delete(':reserva_id')
  @Access('fan', 'admin')
  async remove(
    @Param('reserva_id', ParseObjectIdPipe) reservaId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { view, done } = await this.cancel.execute(principal, reservaId);
    void reply.status(done ? 200 : 202);
    return view;
  }

  /** An operator re-drives a compensation that exhausted its retries (requiere_intervencion → compensando): 202. */
  @Post(':reserva_id/compensar')
  @HttpCode(202)
  @Access('admin')
  redriveCompensation(@Param('reserva_id', ParseObjectIdPipe) reservaId: string) {
    return this.redrive.execute(reservaId);
  }
}
