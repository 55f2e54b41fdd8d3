import { IsInt, Max, Min } from 'class-validator';

/** POST /api/events/:evento_id/lista-de-espera; at most MAX_TICKETS_PER_RESERVATION (checked by the use case). */
export class JoinWaitingListDto {
  @IsInt({ message: 'cantidad must be a whole number' })
  @Min(1)
  @Max(1_000_000)
  cantidad!: number;
}
