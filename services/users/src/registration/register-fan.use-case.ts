import { Injectable } from '@nestjs/common';
import { PersonalDataProtector } from '../privacy/personal-data.protector';
import { ProfileCache } from '../profile/profile.cache';
import { issueAccessToken } from '../tokens/access-token';
import { UserRepository } from '../users/user.repository';
import { alreadyRegistered } from '../users/users.errors';
import { RegisterFanDto } from './register-fan.dto';

export interface RegisteredFan {
  usuario_id: string;
  _id: string;
  nombre: string;
  apellido: string;
  email: string;
  tipo_documento: string;
  fecha_registro: string;
  /** Shown once, here; only its hash is kept. */
  access_token: string;
}

/** A fan signs up: personal data is stored as the privacy model says, and an access token is issued once. */
@Injectable()
export class RegisterFanUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly privacy: PersonalDataProtector,
    private readonly cache: ProfileCache,
  ) {}

  async execute(request: RegisterFanDto): Promise<RegisteredFan> {
    const identity = this.privacy.protect(request);
    const { token, hash } = issueAccessToken();
    const fechaRegistro = new Date();
    // The raw document number goes no further than this line: hashed (and sealed if enabled).
    const result = await this.users.create({
      nombre: request.nombre,
      apellido: request.apellido,
      email: identity.email,
      email_hash: identity.email_hash,
      dominio_email: identity.dominio_email,
      tipo_documento: request.tipo_documento,
      nro_documento_hash: identity.nro_documento_hash,
      nro_documento_cifrado: identity.nro_documento_cifrado,
      access_token_hash: hash,
      fecha_registro: fechaRegistro,
    });
    if (!result.created) throw alreadyRegistered(result.duplicate);
    const { usuarioId } = result;
    // A new fan usually reserves right away: resolving their token must not cost a MongoDB read.
    await this.cache.putTokenOwner(hash, usuarioId);
    return {
      usuario_id: usuarioId,
      _id: usuarioId,
      nombre: request.nombre,
      apellido: request.apellido,
      email: request.email,
      tipo_documento: request.tipo_documento,
      fecha_registro: fechaRegistro.toISOString(),
      access_token: token,
    };
  }
}
