import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { IsCents, IsOmittable, IsRfc3339 } from '@eventflow/errors';
import { Category, CATEGORIES, WaitingRoom } from '../events/event.schema';

const MAX_PRICE = 10_000_000;

/** A date-time that is still ahead of us (its format is checked by IsRfc3339). */
function IsInTheFuture(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInTheFuture',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && Date.parse(value) > Date.now(),
        defaultMessage: () => '$property must be in the future',
      },
    },
    options,
  );
}

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** The on-sale waiting room (see docs/on-sale.md): all three fields, every time it is set. */
export class WaitingRoomDto {
  @IsBoolean()
  activa!: boolean;

  @IsInt()
  @Min(1)
  @Max(1_000_000)
  admitidos_por_minuto!: number;

  @IsInt()
  @Min(30)
  @Max(86_400)
  ventana_compra_s!: number;
}

/**
 * Both bodies also arrive without the HTTP body parser's checks (no nulls, no exponents) when a
 * test or another transport builds them, so every rule holds on its own: `IsCents` for prices,
 * `IsOmittable` (not `IsOptional`, which lets `null` through) for the fields a PATCH may leave out.
 */
export class CreateEventDto {
  @trim()
  @IsString()
  @Length(1, 200)
  nombre!: string;

  @IsOmittable()
  @IsString()
  @Length(0, 5_000)
  descripcion?: string;

  @IsRfc3339()
  @IsInTheFuture()
  fecha!: string;

  @trim()
  @IsString()
  @Length(1, 300)
  lugar!: string;

  @IsInt()
  @Min(1)
  @Max(1_000_000)
  aforo_total!: number;

  @IsCents()
  @Min(0)
  @Max(MAX_PRICE)
  precio!: number;

  @IsOmittable()
  @IsIn(CATEGORIES)
  categoria?: Category;

  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => WaitingRoomDto)
  sala_de_espera?: WaitingRoomDto;
}

export class UpdateEventDto {
  @IsOmittable()
  @trim()
  @IsString()
  @Length(1, 200)
  nombre?: string;

  @IsOmittable()
  @IsString()
  @Length(0, 5_000)
  descripcion?: string;

  @IsOmittable()
  @IsRfc3339()
  @IsInTheFuture()
  fecha?: string;

  @IsOmittable()
  @trim()
  @IsString()
  @Length(1, 300)
  lugar?: string;

  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  aforo_total?: number;

  @IsOmittable()
  @IsCents()
  @Min(0)
  @Max(MAX_PRICE)
  precio?: number;

  @IsOmittable()
  @IsIn(CATEGORIES)
  categoria?: Category;

  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => WaitingRoomDto)
  sala_de_espera?: WaitingRoomDto;

  /** The only state change an organizer makes: cancelling, which is final. */
  @IsOmittable()
  @IsIn(['cancelado'])
  estado?: 'cancelado';
}

/** Exactly the three fields, as stored (the DTO instance may carry no others: whitelisted). */
export function waitingRoomOf(room: WaitingRoomDto): WaitingRoom {
  return { activa: room.activa, admitidos_por_minuto: room.admitidos_por_minuto, ventana_compra_s: room.ventana_compra_s };
}
