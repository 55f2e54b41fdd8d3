import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { DOCUMENT_TYPES, DocumentType } from '../users/user.schema';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** POST /api/users body, with the design's field names. */
export class RegisterFanDto {
  @IsIn(DOCUMENT_TYPES, { message: `tipo_documento must be one of ${DOCUMENT_TYPES.join(', ')}` })
  tipo_documento!: DocumentType;

  @Transform(trim)
  @IsString()
  @Matches(/^[A-Za-z0-9]{5,20}$/, { message: 'nro_documento must be 5 to 20 letters or digits' })
  nro_documento!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'nombre must be 1 to 100 characters' })
  nombre!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 100, { message: 'apellido must be 1 to 100 characters' })
  apellido!: string;

  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email!: string;
}
