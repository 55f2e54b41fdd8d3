import { Injectable } from '@nestjs/common';
import { PersonalDataProtector } from '../privacy/personal-data.protector';
import { ProfileCache } from '../profile/profile.cache';
import { issueAccessToken } from '../tokens/access-token';
import { AccessTokenRepository } from '../tokens/access-token.repository';
import { newUserId, UserRepository } from '../users/user.repository';
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
    private readonly tokens: AccessTokenRepository,
    private readonly privacy: PersonalDataProtector,
    private readonly cache: ProfileCache,
  ) {}

  async execute(request: RegisterFanDto): Promise<RegisteredFan> {
    const usuarioId = newUserId();
    const identity = this.privacy.protect(request, usuarioId);
    const { token, hash } = issueAccessToken();
    // The token's row first: a user never exists without a way in. If the insert below fails, the
    // row points at nobody, for a token nobody was given.
    if (!(await this.tokens.register({ tokenHash: hash, usuarioId }))) throw new Error('a fresh access token collided');
    const fechaRegistro = new Date();
    // The raw document number goes no further than this line: hashed (and sealed if enabled).
    const created = await this.users.create(usuarioId, {
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
    if (!created) {
      await this.tokens.forget(hash);
      throw alreadyRegistered();
    }
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
