import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Category, CATEGORIES } from '../events/event.schema';

export class ListEventsQuery {
  @IsOptional()
  @IsIn(CATEGORIES)
  categoria?: Category;

  @IsOptional()
  @IsISO8601({ strict: true })
  desde?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
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
