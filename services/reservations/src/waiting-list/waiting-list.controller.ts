import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, Principal } from '@eventflow/auth';
import { WaitingRoomParams } from '../waiting-room/waiting-room.dto';
import { JoinWaitingListDto } from './waiting-list.dto';
import { WaitingListUseCase, WaitingListView } from './waiting-list.use-case';

/** A sold-out event's waiting list, from the fan's side (served by the reservations service). */
@Controller('api/events/:evento_id/lista-de-espera')
export class WaitingListController {
  constructor(private readonly list: WaitingListUseCase) {}

  @Post()
  @HttpCode(201)
  @Access('fan')
  join(
    @Param() params: WaitingRoomParams,
    @Body() body: JoinWaitingListDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WaitingListView> {
    return this.list.join(params.evento_id.toLowerCase(), fanOf(principal), body.cantidad);
  }

  @Get()
  @Access('fan')
  show(@Param() params: WaitingRoomParams, @CurrentPrincipal() principal: Principal): Promise<WaitingListView> {
    return this.list.show(params.evento_id.toLowerCase(), fanOf(principal));
  }

  @Delete()
  @HttpCode(204)
  @Access('fan')
  leave(@Param() params: WaitingRoomParams, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.list.leave(params.evento_id.toLowerCase(), fanOf(principal));
  }
}

function fanOf(principal: Principal): string {
  if (principal.kind !== 'fan') throw new Error('the waiting list is a fan route');
  return principal.userId;
}
