import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Thrown when the environment does not satisfy a service's schema; its message is one line. */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
}

type Constructor<T> = new () => T;

/**
 * Validates raw environment variables against a class-validator schema.
 * Unknown variables are ignored (the environment is shared with the OS);
 * defaults come from the schema's property initialisers.
 */
export function validateEnv<T extends object>(schema: Constructor<T>, raw: NodeJS.ProcessEnv | Record<string, unknown>): T {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const instance = plainToInstance(schema, defined, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: false, stopAtFirstError: true });
  if (errors.length > 0) {
    throw new InvalidConfigError(describe(errors[0], raw));
  }
  return instance;
}

function describe(error: ValidationError, raw: Record<string, unknown>): string {
  const reasons = Object.values(error.constraints ?? {}).join('; ');
  const value = raw[error.property];
  const got = value === undefined ? 'it is not set' : `got ${JSON.stringify(isSecretName(error.property) ? '<redacted>' : value)}`;
  return `${error.property} is invalid: ${reasons} (${got})`;
}

/** Secrets must never reach logs, even when malformed. */
export function isSecretName(name: string): boolean {
  return /KEY|SECRET|TOKEN|PASSWORD/i.test(name);
}
