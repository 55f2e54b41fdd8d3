import { IsMongoId, IsString, Matches } from 'class-validator';

/** /api/events/:evento_id/fila */
export class WaitingRoomParams {
  @IsMongoId({ message: 'evento_id must be a 24-character hexadecimal id' })
  evento_id!: string;
}

/** /api/events/:evento_id/fila/:turno_id */
export class TurnParams extends WaitingRoomParams {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{22}$/, { message: 'turno_id must be a turn id this API handed out' })
  turno_id!: string;
}
