import { Type } from 'class-transformer';
import { IsInt, IsMongoId, IsOptional, Max, Min, ValidateIf } from 'class-validator';

/** POST /api/reservar body; the range of `cantidad` is configured, so DataValidator checks it. */
export class CreateReservationDto {
  @IsMongoId({ message: 'usuario_id must be a 24-character hexadecimal id' })
  usuario_id!: string;

  @IsMongoId({ message: 'evento_id must be a 24-character hexadecimal id' })
  evento_id!: string;

  @IsInt({ message: 'cantidad must be a whole number' })
  @Min(1)
  cantidad!: number;
}

/** GET /api/reservar?usuario_id=…|evento_id=…&page=…&limit=… */
export class ListReservationsQuery {
  /** A fan's reservations (that fan or an admin); required unless `evento_id` is given. */
  @ValidateIf((query: ListReservationsQuery) => query.evento_id === undefined || query.usuario_id !== undefined)
  @IsMongoId({ message: 'usuario_id must be a 24-character hexadecimal id (or give evento_id)' })
  usuario_id?: string;

  /** An event's reservations (admins only): one query, where a per-fan sweep would be one per fan. */
  @IsOptional()
  @IsMongoId({ message: 'evento_id must be a 24-character hexadecimal id' })
  evento_id?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;
}
