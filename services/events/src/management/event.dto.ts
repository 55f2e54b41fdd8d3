import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Length, Max, Min, ValidateBy, ValidationOptions } from 'class-validator';
import { Category, CATEGORIES } from '../events/event.schema';

const MAX_PRICE = 10_000_000;

/** An ISO 8601 date-time that is still ahead of us. */
function IsFutureIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFutureIsoDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value)) && Date.parse(value) > Date.now(),
        defaultMessage: () => '$property must be an ISO 8601 date in the future',
      },
    },
    options,
  );
}

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class CreateEventDto {
  @trim()
  @IsString()
  @Length(1, 200)
  nombre!: string;

  @IsOptional()
  @IsString()
  @Length(0, 5_000)
  descripcion?: string;

  @IsISO8601({ strict: true })
  @IsFutureIsoDate()
  fecha!: string;

  @trim()
  @IsString()
  @Length(1, 300)
  lugar!: string;

  @IsInt()
  @Min(1)
  @Max(1_000_000)
  aforo_total!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_PRICE)
  precio!: number;

  @IsOptional()
  @IsIn(CATEGORIES)
  categoria?: Category;
}

export class UpdateEventDto {
  @IsOptional()
  @trim()
  @IsString()
  @Length(1, 200)
  nombre?: string;

  @IsOptional()
  @IsString()
  @Length(0, 5_000)
  descripcion?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  @IsFutureIsoDate()
  fecha?: string;

  @IsOptional()
  @trim()
  @IsString()
  @Length(1, 300)
  lugar?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  aforo_total?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_PRICE)
  precio?: number;

  @IsOptional()
  @IsIn(CATEGORIES)
  categoria?: Category;

  /** The only state change an organizer makes: cancelling, which is final. */
  @IsOptional()
  @IsIn(['cancelado'])
  estado?: 'cancelado';
}
