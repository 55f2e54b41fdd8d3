import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access, CurrentPrincipal, Principal } from '@eventflow/auth';
import { pollAgainInS, TurnView } from './turn.view';
import { GetTurnUseCase } from './get-turn.use-case';
import { JoinWaitingRoomUseCase } from './join-waiting-room.use-case';
import { TurnParams, WaitingRoomParams } from './waiting-room.dto';

/** The on-sale waiting room, from the fan's side (served by the reservations service, which checks the tokens). */
@Controller('api/events/:evento_id/fila')
export class WaitingRoomController {
  constructor(
    private readonly joinRoom: JoinWaitingRoomUseCase,
    private readonly getTurn: GetTurnUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @Access('fan')
  async join(
    @Param() params: WaitingRoomParams,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TurnView> {
    const view = await this.joinRoom.execute(params.evento_id.toLowerCase(), fanOf(principal));
    void reply.header('Retry-After', String(pollAgainInS(view)));
    return view;
  }

  @Get(':turno_id')
  @Access('fan')
  async turn(
    @Param() params: TurnParams,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TurnView> {
    const view = await this.getTurn.execute(params.evento_id.toLowerCase(), params.turno_id, fanOf(principal));
    void reply.header('Retry-After', String(pollAgainInS(view)));
    return view;
  }
}

/** Only fans queue (the route's audience). */
function fanOf(principal: Principal): string {
  if (principal.kind !== 'fan') throw new Error('the waiting room is a fan route');
  return principal.userId;
}
