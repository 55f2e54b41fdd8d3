import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsRfc3339 } from '@eventflow/errors';
import { Category, CATEGORIES } from '../events/event.schema';

export class ListEventsQuery {
  @IsOptional()
  @IsIn(CATEGORIES)
  categoria?: Category;

  /** RFC 3339, read with a real parse: `IsISO8601` passed `2030-W01`, which `new Date` cannot read (a 500). */
  @IsOptional()
  @IsRfc3339({ dateOnly: true })
  desde?: string;

  @IsOptional()
  @IsRfc3339({ dateOnly: true })
  hasta?: string;

  @IsOptional()
  @IsIn(['activo', 'cancelado', 'finalizado'])
  estado?: 'activo' | 'cancelado' | 'finalizado';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  /** Opaque, from `siguiente_cursor` of the previous page. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/)
  cursor?: string;
}
