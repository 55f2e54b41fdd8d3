import { IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength, ValidateBy, ValidateIf } from 'class-validator';
import { ServiceEnv, ToBoolean, ToInt } from '@eventflow/config';

/** Two keys under one id would leave it to chance which of them opens a value sealed under that id. */
function HasUniqueKeyIds(): PropertyDecorator {
  return ValidateBy({
    name: 'hasUniqueKeyIds',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return true;
        const ids = value.split(',').map((entry) => entry.split(':')[0]);
        return new Set(ids).size === ids.length;
      },
      defaultMessage: () => 'must name each key id once (a new key needs a new id)',
    },
  });
}

/** Settings of the users service; see the configuration table in README.md. */
export class UsersEnv extends ServiceEnv {
  override PORT = 3001;
  override RPC_PORT = 4001;
  override MONGO_DB = 'eventflow_users';

  /** Key of the HMAC that pseudonymizes documents and emails. No default: it must be secret. */
  @IsString({ message: 'must be set to a random secret of at least 32 characters' })
  @MinLength(32)
  DOCUMENT_HASH_KEY!: string;

  @ToBoolean()
  @IsBoolean()
  ENABLE_ENCRYPTION = false;

  /** `kid:base64-of-32-bytes[,kid:key…]`; the first key encrypts, all of them decrypt (rotation). */
  @ValidateIf((env: UsersEnv) => env.ENABLE_ENCRYPTION || env.ENCRYPTION_KEYS !== undefined)
  @Matches(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'must be kid:key pairs with 32-byte base64 keys (required when ENABLE_ENCRYPTION=true)',
  })
  @HasUniqueKeyIds()
  ENCRYPTION_KEYS?: string;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(86_400)
  USER_CACHE_TTL_SECONDS = 300;

  @ToInt()
  @IsInt()
  @Min(2)
  @Max(1_000)
  EXPORT_K = 5;

  /**
   * Registrations one client address may attempt per window, across instances (counted in Redis):
   * a 409 tells whether a person is registered, so trying many e-mails or documents must be slow.
   */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  REGISTRATION_RATE_LIMIT = 20;

  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(86_400_000)
  REGISTRATION_RATE_WINDOW_MS = 60_000;
}
